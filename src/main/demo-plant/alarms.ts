import {
  ConditionInfo,
  DataType,
  StatusCodes,
  type DataValue,
  type AddressSpace,
  type InstantiateExclusiveLimitAlarmOptions,
  type UAAlarmConditionEx,
  type UAVariable
} from 'node-opcua'
import { READ_ONLY, type BuiltModel } from './addressSpace'
import { EQUIPMENT, TAGS } from './model'
import { dropDuplicateInputListeners, valueChangedListeners } from './valueListeners'

/** Server-side Alarms & Conditions of the plant. */
export interface PlantAlarms {
  /** Push each machine's trip state (true while protection holds it stopped). */
  update(tripped: (equipment: string) => boolean): void
  /** Every alarm, by `<equipment>.<name>` (e.g. `PU-401.DischargePressureAlarm`). */
  readonly alarms: ReadonlyMap<string, UAAlarmConditionEx>
  dispose(): void
}

/** Alarm severities on the OPC UA 1…1000 scale. */
const SEVERITY = { trip: 800, pressure: 700 } as const
/** One-shot shelving needs a bound (node-opcua refuses an unbounded one); one shift. */
const MAX_TIME_SHELVED_MS = 8 * 3600 * 1000

/**
 * ExclusiveLimitAlarms on DischargePressure and HydraulicPressure, and an OffNormalAlarm
 * `TripAlarm` per machine, active while its `Tripped` variable is true (Running forced off by
 * protection). Comparing Running with a run command instead would flash an alarm on every
 * planned stop or start (a drill tramming, a pump finishing its duty), because the two values
 * change one after the other and node-opcua evaluates the alarm on each change.
 */
export function installAlarms(addressSpace: AddressSpace, built: BuiltModel, tripped: (equipment: string) => boolean): PlantAlarms {
  addressSpace.installAlarmsAndConditionsService()
  const { namespace } = built
  const alarms = new Map<string, UAAlarmConditionEx>()
  const trips: Array<[string, UAVariable]> = []
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
    const before = new Set(valueChangedListeners(options.inputNode))
    const alarm = namespace.instantiateExclusiveLimitAlarm(
      'ExclusiveLimitAlarmType',
      options as typeof options & Pick<InstantiateExclusiveLimitAlarmOptions, 'lowLimit'>
    )
    dropDuplicateInputListeners(options.inputNode, before)
    keepSeverity(alarm, SEVERITY.pressure)
    // node-opcua derives SourceName from the qualified browse name ("2:PU-401"); operators want the tag.
    alarm.setSourceName(tag.equipment.id)
    alarms.set(`${tag.equipment.id}.${v.name}Alarm`, alarm)
  })

  const normal = namespace.addVariable({
    componentOf: built.site,
    browseName: 'NotTripped',
    displayName: 'NotTripped',
    nodeId: 's=DemoMine.NotTripped',
    description: 'The normal state of every Tripped variable (false), referenced by the TripAlarms',
    dataType: 'Boolean',
    accessLevel: READ_ONLY,
    userAccessLevel: READ_ONLY,
    value: { dataType: DataType.Boolean, value: false }
  })
  for (const eq of EQUIPMENT) {
    if (!eq.variables.some((v) => v.name === 'Running')) continue
    const source = built.equipmentObjects.get(eq.id)!
    const input = namespace.addVariable({
      componentOf: source,
      browseName: 'Tripped',
      displayName: 'Tripped',
      nodeId: `s=${eq.id}.Tripped`,
      description: 'Protection has stopped the machine (Running forced off); ResetEquipment clears it',
      dataType: 'Boolean',
      accessLevel: READ_ONLY,
      userAccessLevel: READ_ONLY,
      value: { dataType: DataType.Boolean, value: tripped(eq.id) }
    })
    trips.push([eq.id, input])
    const alarm = namespace.instantiateOffNormalAlarm({
      browseName: 'TripAlarm',
      nodeId: `s=${eq.id}.TripAlarm`,
      componentOf: source,
      conditionSource: source,
      conditionName: 'TripAlarm',
      inputNode: input,
      normalState: normal,
      optionals: ['ConfirmedState', 'Confirm', 'ShelvingState', 'MaxTimeShelved'],
      maxTimeShelved: MAX_TIME_SHELVED_MS
    })
    keepSeverity(alarm, SEVERITY.trip)
    alarm.setSourceName(eq.id)
    alarms.set(`${eq.id}.TripAlarm`, alarm)
  }

  return {
    alarms,
    update(isTripped) {
      for (const [id, v] of trips) {
        const now = isTripped(id)
        if (v.readValue().value.value !== now) v.setValueFromSource({ dataType: DataType.Boolean, value: now })
      }
    },
    dispose() {
      // Shelving timers live on the alarms; the address space disposes them with the server.
    }
  }
}

/**
 * Also starts the alarm Unshelved. node-opcua's default condition info gives every active alarm severity 150 and a normal one 0
 * (outside Part 5's 1…1000), overwriting the severity set at install: each state change keeps
 * the alarm's own severity instead, with node-opcua's message and retain.
 *
 * The condition's Quality is its input's status (Part 9 §5.5.2: the quality of the process
 * values the condition is based on). node-opcua makes a limit alarm inactive on a Bad input and
 * throws when that leaves the condition info as it was (an alarm already normal); the throw,
 * inside the input's `value_changed`, kept the Bad value from every subscriber listening after
 * the alarm. With the input's quality in the info, a Bad input is a real change, and Good
 * again is raised here.
 */
function keepSeverity(alarm: UAAlarmConditionEx, severity: number): void {
  alarm.currentBranch().setSeverity(severity)
  // node-opcua leaves a new ShelvingState in no state, and its TimedShelve then answers
  // BadConditionAlreadyShelved: an alarm starts unshelved (Part 9 ShelvedStateMachineType).
  alarm.shelvingState?.setState('Unshelved')
  const input = alarm.getInputNodeNode()
  const quality = (): ConditionInfo['quality'] => {
    const status = input?.readValue().statusCode
    return status && !status.isGood() ? status : StatusCodes.Good
  }
  const base = alarm.calculateConditionInfo.bind(alarm)
  alarm.calculateConditionInfo = (state, isActive, value, old) => {
    const info = base(state, isActive, value, old)
    return new ConditionInfo({ message: info.message, quality: quality(), retain: info.retain, severity })
  }
  // Registered after node-opcua's own listener. A Bad input left the alarm inactive with no limit
  // state; a Good one inside the limits changes neither, so node-opcua raises nothing for it.
  input?.on('value_changed', (dv: DataValue) => {
    if (!dv.statusCode.isGood() || alarm.currentBranch().getQuality().isGood()) return
    alarm.raiseNewCondition(alarm.calculateConditionInfo(null, false, 'input value good again', alarm.getCurrentConditionInfo()))
  })
}
