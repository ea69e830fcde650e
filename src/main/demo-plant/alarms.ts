import { DataType, type AddressSpace, type UAAlarmConditionEx, type UAVariable } from 'node-opcua'
import type { BuiltModel } from './addressSpace'
import { EQUIPMENT, TAGS } from './model'

/** Server-side Alarms & Conditions of the plant. */
export interface PlantAlarms {
  /** Push the run commands that the off-normal alarms compare Running against. */
  update(runCommands: ReadonlyArray<boolean>): void
  /** Every alarm, by `<equipment>.<name>` (e.g. `PU-401.DischargePressureAlarm`). */
  readonly alarms: ReadonlyMap<string, UAAlarmConditionEx>
  dispose(): void
}

/** Alarm severities on the OPC UA 1…1000 scale. */
const SEVERITY = { trip: 800, pressure: 700 } as const

/**
 * ExclusiveLimitAlarms on DischargePressure and HydraulicPressure, and an OffNormalAlarm per
 * equipment that is active while Running differs from its RunCommand: a drill tramming or a
 * standby pump is stopped on purpose and must not alarm; a trip is commanded-on but stopped.
 */
export function installAlarms(addressSpace: AddressSpace, built: BuiltModel): PlantAlarms {
  addressSpace.installAlarmsAndConditionsService()
  const { namespace } = built
  const alarms = new Map<string, UAAlarmConditionEx>()
  const commands: UAVariable[] = []
  const offNormalType = addressSpace.findEventType('OffNormalAlarmType')
  if (!offNormalType) throw new Error('OffNormalAlarmType missing from the address space')

  TAGS.forEach((tag, i) => {
    const v = tag.variable
    if (v.name !== 'DischargePressure' && v.name !== 'HydraulicPressure') return
    const source = built.equipmentObjects.get(tag.equipment.id)!
    const limits: Record<string, number> = {}
    if (v.limits.HH !== undefined) limits.highHighLimit = v.limits.HH
    if (v.limits.H !== undefined) limits.highLimit = v.limits.H
    // No low limits: these pressures are low whenever the machine is stopped on purpose.
    const alarm = namespace.instantiateExclusiveLimitAlarm('ExclusiveLimitAlarmType', {
      browseName: `${v.name}Alarm`,
      nodeId: `s=${tag.name}Alarm`,
      componentOf: source,
      conditionSource: source,
      conditionName: `${v.name}Alarm`,
      inputNode: built.variables[i]!,
      optionals: ['ConfirmedState', 'Confirm', 'ShelvingState'],
      severity: SEVERITY.pressure,
      ...limits
    } as Parameters<typeof namespace.instantiateExclusiveLimitAlarm>[1])
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
      value: { dataType: DataType.Boolean, value: false }
    })
    commands.push(command)
    const alarm = namespace.instantiateOffNormalAlarm({
      browseName: 'TripAlarm',
      nodeId: `s=${eq.id}.TripAlarm`,
      componentOf: source,
      conditionSource: source,
      conditionName: 'TripAlarm',
      inputNode: built.variables[running]!,
      normalState: command,
      optionals: ['ConfirmedState', 'Confirm', 'ShelvingState'],
      severity: SEVERITY.trip
    })
    alarms.set(`${eq.id}.TripAlarm`, alarm)
  }

  return {
    alarms,
    update(runCommands) {
      commands.forEach((c, k) => {
        const want = runCommands[k] ?? false
        if (c.readValue().value.value !== want) c.setValueFromSource({ dataType: DataType.Boolean, value: want })
      })
    },
    dispose() {
      // Shelving timers live on the alarms; the address space disposes them with the server.
    }
  }
}
