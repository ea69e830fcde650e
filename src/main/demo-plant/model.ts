import type { Limits, SignalKind } from '../../shared/tagMap'

/**
 * The demo mine's asset model. Equipment ids, variable names and units are part of
 * the product contract (tests, docs and the default tag map use them), so they are
 * declared once here and everything else — address space, physics outputs, CSV
 * columns, tag map — is derived from this table.
 */

/** Namespace of every demo-plant node. */
export const NAMESPACE_URI = 'urn:plantwatch:demo-mine' as const

export type EquipmentKind = 'conveyor' | 'drill' | 'crusher' | 'pump' | 'meter'

export type VariableName =
  | 'Running'
  | 'Speed'
  | 'BeltLoad'
  | 'FeedRate'
  | 'MotorCurrent'
  | 'MotorTemp'
  | 'BearingTemp'
  | 'Vibration'
  | 'LubeLevel'
  | 'HydraulicPressure'
  | 'DischargePressure'
  | 'FlowRate'
  | 'Power'
  | 'Energy'
  | 'Voltage'
  | 'PowerFactor'

/** One variable: what it measures, in which unit (UN/CEFACT code for EUInformation), where it normally stays. */
export interface VariableDef {
  readonly name: VariableName
  readonly description: string
  readonly signal: SignalKind
  readonly unit: string
  /** UN/CEFACT common code, used for the OPC UA EUInformation unitId. */
  readonly uneceCode: string
  readonly unitName: string
  readonly euRange: { readonly low: number; readonly high: number }
  readonly limits: Limits
  readonly deadband?: number
  readonly action?: string
  /** Boolean variables are exposed as OPC UA Boolean; everything else as Double. */
  readonly boolean?: boolean
}

export interface EquipmentDef {
  readonly id: string
  readonly area: string
  readonly kind: EquipmentKind
  readonly description: string
  /** What to do when the machine as a whole behaves abnormally (its multivariate model). */
  readonly action?: string
  readonly variables: readonly VariableDef[]
}

const RUNNING: VariableDef = {
  name: 'Running',
  description: 'Motor running feedback',
  signal: 'state',
  unit: '',
  uneceCode: 'C62',
  unitName: 'one',
  euRange: { low: 0, high: 1 },
  limits: {},
  boolean: true
}

const motorTemp = (action: string): VariableDef => ({
  name: 'MotorTemp',
  description: 'Drive motor winding temperature (insulation class F, trip at 110 °C)',
  signal: 'temperature',
  unit: '°C',
  uneceCode: 'CEL',
  unitName: 'degree Celsius',
  euRange: { low: 0, high: 150 },
  limits: { HH: 105, H: 90, L: 5 },
  deadband: 1,
  action
})

// ISO 10816-3 zone boundaries for large machines: B/C at 7.1 mm/s, C/D at 11 mm/s.
const VIBRATION: VariableDef = {
  name: 'Vibration',
  description: 'Drive-end bearing vibration, RMS velocity (ISO 10816-3 zones: A/B 2.8, B/C 7.1, C/D 11 mm/s)',
  signal: 'vibration',
  unit: 'mm/s',
  uneceCode: 'C16',
  unitName: 'millimetre per second',
  euRange: { low: 0, high: 20 },
  limits: { HH: 11, H: 7.1 },
  deadband: 0.2,
  action: 'inspect bearing'
}

const LUBE: VariableDef = {
  name: 'LubeLevel',
  description: 'Gearbox lubricant level',
  signal: 'level',
  unit: '%',
  uneceCode: 'P1',
  unitName: 'percent',
  euRange: { low: 0, high: 100 },
  limits: { L: 30, LL: 15 },
  deadband: 1,
  action: 'check for lubricant leak and top up'
}

const power = (high: number, description = 'Drive motor active power', action = 'check load'): VariableDef => ({
  name: 'Power',
  description,
  signal: 'power',
  unit: 'kW',
  uneceCode: 'KWT',
  unitName: 'kilowatt',
  euRange: { low: 0, high },
  limits: { HH: Math.round(high * 0.925), H: Math.round(high * 0.825) },
  deadband: Math.max(1, Math.round(high / 80)),
  action
})

const ENERGY: VariableDef = {
  name: 'Energy',
  description: 'Active energy counter (integral of Power)',
  signal: 'energy',
  unit: 'kWh',
  uneceCode: 'KWH',
  unitName: 'kilowatt hour',
  euRange: { low: 0, high: 100_000_000 },
  limits: {}
}

const conveyor = (id: string): EquipmentDef => ({
  id,
  area: 'Conveyors',
  kind: 'conveyor',
  action: 'inspect conveyor drive train',
  description: `Overland belt conveyor ${id}, 300 kW drive`,
  variables: [
    RUNNING,
    {
      name: 'Speed',
      description: 'Belt speed',
      signal: 'speed',
      unit: 'm/s',
      uneceCode: 'MTS',
      unitName: 'metre per second',
      euRange: { low: 0, high: 5 },
      limits: { H: 4.2 },
      deadband: 0.05
    },
    {
      name: 'BeltLoad',
      description: 'Belt throughput from the belt scale',
      signal: 'flow',
      unit: 't/h',
      uneceCode: 'E18',
      unitName: 'tonne per hour',
      euRange: { low: 0, high: 3000 },
      limits: { HH: 2500, H: 2200 },
      deadband: 20,
      action: 'reduce feed'
    },
    {
      name: 'MotorCurrent',
      description: 'Drive motor current (rated 300 A, trip at 390 A)',
      signal: 'current',
      unit: 'A',
      uneceCode: 'AMP',
      unitName: 'ampere',
      euRange: { low: 0, high: 500 },
      limits: { HH: 375, H: 330 },
      deadband: 3,
      action: 'check belt load'
    },
    motorTemp('check motor cooling and belt load'),
    VIBRATION,
    LUBE,
    power(400, 'Drive motor active power', 'check belt load'),
    ENERGY
  ]
})

const drill = (id: string): EquipmentDef => ({
  id,
  area: 'Drills',
  kind: 'drill',
  action: 'inspect drill drive and hydraulics',
  description: `Blast-hole drill rig ${id}`,
  variables: [
    RUNNING,
    motorTemp('check motor cooling'),
    VIBRATION,
    LUBE,
    {
      name: 'HydraulicPressure',
      description: 'Feed hydraulic system pressure (relief at 250 bar)',
      signal: 'pressure',
      unit: 'bar',
      uneceCode: 'BAR',
      unitName: 'bar',
      euRange: { low: 0, high: 300 },
      limits: { HH: 235, H: 215 },
      deadband: 2,
      action: 'check hydraulic relief valve and accumulator'
    },
    power(300),
    ENERGY
  ]
})

const CRUSHER: EquipmentDef = {
  id: 'CR-301',
  area: 'Crushing',
  kind: 'crusher',
  action: 'inspect crusher drive and lubrication',
  description: 'Primary gyratory crusher CR-301, 450 kW',
  variables: [
    RUNNING,
    // The feed weigher on the crusher's feed conveyor: what the crusher is asked to do (its load),
    // as every crusher has one for the operator; without it nothing tells a thin feed from a fault.
    {
      name: 'FeedRate',
      description: 'Crusher feed from the feed conveyor weigher',
      signal: 'flow',
      unit: 't/h',
      uneceCode: 'E18',
      unitName: 'tonne per hour',
      euRange: { low: 0, high: 4000 },
      // At 95 % of the crusher's capacity, with the 5 %-of-span hysteresis EEMUA 191 suggests for a
      // flow: the feed's ordinary surges (H once sat at 3300 t/h and chattered some 30 times a day
      // on a healthy plant) are no alarm, a feed at the crusher's limit is.
      limits: { H: 3800 },
      deadband: 200,
      action: 'reduce feed'
    },
    motorTemp('check motor cooling and feed'),
    {
      name: 'BearingTemp',
      description: 'Main shaft bearing temperature (trip at 100 °C)',
      signal: 'temperature',
      unit: '°C',
      uneceCode: 'CEL',
      unitName: 'degree Celsius',
      euRange: { low: 0, high: 150 },
      limits: { HH: 95, H: 80, L: 5 },
      deadband: 1,
      action: 'check bearing lubrication'
    },
    VIBRATION,
    LUBE,
    power(600, 'Crusher motor active power', 'check crusher feed'),
    ENERGY
  ]
}

const pump = (id: string): EquipmentDef => ({
  id,
  area: 'Dewatering',
  kind: 'pump',
  action: 'inspect pump and discharge line',
  description: `Dewatering pump ${id}, 110 kW`,
  variables: [
    RUNNING,
    {
      name: 'DischargePressure',
      description: 'Pump discharge pressure (trip at 15 bar)',
      signal: 'pressure',
      unit: 'bar',
      uneceCode: 'BAR',
      unitName: 'bar',
      euRange: { low: 0, high: 20 },
      limits: { HH: 13, H: 11 },
      deadband: 0.2,
      action: 'check discharge valve and line'
    },
    {
      name: 'FlowRate',
      description: 'Discharge flow',
      signal: 'flow',
      unit: 'm³/h',
      uneceCode: 'MQH',
      unitName: 'cubic metre per hour',
      euRange: { low: 0, high: 500 },
      limits: { H: 420 },
      deadband: 5
    },
    motorTemp('check motor cooling'),
    VIBRATION,
    power(200, 'Pump motor active power', 'check pump duty point'),
    ENERGY
  ]
})

const METER: EquipmentDef = {
  id: 'EM-500',
  area: 'Energy',
  kind: 'meter',
  description: 'Main incomer energy meter EM-500 (6.6 kV)',
  variables: [
    power(3000, 'Site active power at the main incomer', 'shed non-essential load'),
    ENERGY,
    {
      name: 'Voltage',
      description: 'Incomer line voltage',
      signal: 'voltage',
      unit: 'V',
      uneceCode: 'VLT',
      unitName: 'volt',
      euRange: { low: 0, high: 7500 },
      limits: { HH: 7260, H: 6930, L: 6270, LL: 5940 },
      deadband: 20,
      action: 'check supply and tap changer'
    },
    {
      name: 'PowerFactor',
      description: 'Site power factor',
      signal: 'ratio',
      unit: '',
      uneceCode: 'C62',
      unitName: 'one',
      euRange: { low: 0, high: 1 },
      limits: { L: 0.85, LL: 0.8 },
      deadband: 0.01,
      action: 'check capacitor bank'
    }
  ]
}

/** Areas in display order. */
export const AREAS = ['Conveyors', 'Drills', 'Crushing', 'Dewatering', 'Energy'] as const

/** All equipment, in a fixed order that the physics and CSV columns rely on. */
export const EQUIPMENT: readonly EquipmentDef[] = [
  conveyor('CV-101'),
  conveyor('CV-102'),
  conveyor('CV-103'),
  drill('DR-201'),
  drill('DR-202'),
  CRUSHER,
  pump('PU-401'),
  pump('PU-402'),
  METER
]

/** One output of the plant, `<equipment>.<variable>`, in CSV column order. */
export interface TagDef {
  readonly name: string
  readonly equipmentIndex: number
  readonly equipment: EquipmentDef
  readonly variable: VariableDef
}

/** Every plant tag, flattened in a stable order (index = position in output arrays). */
export const TAGS: readonly TagDef[] = EQUIPMENT.flatMap((equipment, equipmentIndex) =>
  equipment.variables.map((variable) => ({ name: `${equipment.id}.${variable.name}`, equipmentIndex, equipment, variable }))
)

/** The node identifier string of a tag inside NAMESPACE_URI (`CV-101.MotorTemp`). */
export function tagNodeIdentifier(equipment: string, variable: string): string {
  return `${equipment}.${variable}`
}

/** Equipment by id, or undefined. */
export function findEquipment(id: string): EquipmentDef | undefined {
  return EQUIPMENT.find((e) => e.id === id)
}
