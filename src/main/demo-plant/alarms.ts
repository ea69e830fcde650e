import {
  DataType,
  type AddressSpace,
  type InstantiateExclusiveLimitAlarmOptions,
  type UAAlarmConditionEx,
  type UAVariable
} from 'node-opcua'
import type { BuiltModel } from './addressSpace'
import { EQUIPMENT, TAGS } from './model'

/** Server-side Alarms & Conditions of the plant. */
export interface PlantAlarms {
  /**
   * Push the run commands that the off-normal alarms compare Running against. Called before the
   * new values with `phase` 'before' (applies stop commands) and after them with 'after' (applies
   * start commands), so a planned stop or start never shows a momentary mismatch.
   */
  update(runCommand: (equipment: string) => boolean, phase: 'before' | 'after'): void
  /** Every alarm, by `<equipment>.<name>` (e.g. `PU-401.DischargePressureAlarm`). */
  readonly alarms: ReadonlyMap<string, UAAlarmConditionEx>
  dispose(): void
}

/** Alarm severities on the OPC UA 1…1000 scale. */
const SEVERITY = { trip: 800, pressure: 700 } as const
/** One-shot shelving needs a bound (node-opcua refuses an unbounded one); one shift. */
const MAX_TIME_SHELVED_MS = 8 * 3600 * 1000

/**
 * ExclusiveLimitAlarms on DischargePressure and HydraulicPressure, and an OffNormalAlarm per
 * equipment that is active while Running differs from its RunCommand: a drill tramming or a
 * standby pump is stopped on purpose and must not alarm; a trip is commanded-on but stopped.
 */
export function installAlarms(addressSpace: AddressSpace, built: BuiltModel, runCommand: (equipment: string) => boolean): PlantAlarms {
  addressSpace.installAlarmsAndConditionsService()
  const { namespace } = built
  const alarms = new Map<string, UAAlarmConditionEx>()
  const commands: Array<[string, UAVariable]> = []
  const offNormalType = addressSpace.findEventType('OffNormalAlarmType')
  if (!offNormalType) throw new Error('OffNormalAlarmType missing from the address space')

  TAGS.forEach((tag, i) => {
    const v = tag.variable
    if (v.name !== 'DischargePressure' && v.name !== 'HydraulicPressure') return
    const source = built.equipmentObjects.get(tag.equipment.id)!
    const options = {
      browseName: `${v.name}Alarm`,
      nodeId: `s=${tag.name}Alarm`,
      componentOf: source,
      conditionSource: source,
      conditionName: `${v.name}Alarm`,
      inputNode: built.variables[i]!,
      optionals: ['ConfirmedState', 'Confirm', 'ShelvingState', 'MaxTimeShelved'],
      maxTimeShelved: MAX_TIME_SHELVED_MS,
      highHighLimit: v.limits.HH ?? v.euRange.high,
      highLimit: v.limits.H ?? v.euRange.high
    }
    // No low limits: these pressures are low whenever the machine is stopped on purpose. node-opcua
    // creates LowLimit/LowState only when the key is present, but its type marks lowLimit required.
    const alarm = namespace.instantiateExclusiveLimitAlarm(
      'ExclusiveLimitAlarmType',
      options as typeof options & Pick<InstantiateExclusiveLimitAlarmOptions, 'lowLimit'>
    )
    alarm.currentBranch().setSeverity(SEVERITY.pressure)
    // node-opcua derives SourceName from the qualified browse name ("2:PU-401"); operators want the tag.
    alarm.setSourceName(tag.equipment.id)
    alarms.set(`${tag.equipment.id}.${v.name}Alarm`, alarm)
  })

  for (const eq of EQUIPMENT) {
    const running = TAGS.findIndex((t) => t.equipment.id === eq.id && t.variable.name === 'Running')
    if (running < 0) continue
    const source = built.equipmentObjects.get(eq.id)!
    const command = namespace.addVariable({
      componentOf: source,
      browseName: 'RunCommand',
      nodeId: `s=${eq.id}.RunCommand`,
      description: 'What the control system asks for; Running differing from it is a trip',
      dataType: 'Boolean',
      value: { dataType: DataType.Boolean, value: runCommand(eq.id) }
    })
    commands.push([eq.id, command])
    const alarm = namespace.instantiateOffNormalAlarm({
      browseName: 'TripAlarm',
      nodeId: `s=${eq.id}.TripAlarm`,
      componentOf: source,
      conditionSource: source,
      conditionName: 'TripAlarm',
      inputNode: built.variables[running]!,
      normalState: command,
      optionals: ['ConfirmedState', 'Confirm', 'ShelvingState', 'MaxTimeShelved'],
      maxTimeShelved: MAX_TIME_SHELVED_MS
    })
    alarm.currentBranch().setSeverity(SEVERITY.trip)
    alarm.setSourceName(eq.id)
    alarms.set(`${eq.id}.TripAlarm`, alarm)
  }

  return {
    alarms,
    update(runCommand, phase) {
      for (const [id, c] of commands) {
        const want = runCommand(id)
        if (want === (phase === 'after') && c.readValue().value.value !== want) {
          c.setValueFromSource({ dataType: DataType.Boolean, value: want })
        }
      }
    },
    dispose() {
      // Shelving timers live on the alarms; the address space disposes them with the server.
    }
  }
}
