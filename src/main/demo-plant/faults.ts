import { z } from 'zod'
import { findEquipment, type EquipmentDef, type EquipmentKind, type VariableName } from './model'

/**
 * Fault catalogue: which faults exist, which equipment they fit, and which parameters they take.
 * Validation lives here so that the OPC UA methods, the scenario loader and the TS API
 * reject the same things with the same messages.
 */

export const FAULT_KINDS = [
  'bearing-wear',
  'lube-leak',
  'cooling-failure',
  'pressure-surge',
  'belt-overload',
  'motor-trip',
  'sensor-stuck',
  'sensor-drift',
  'sensor-noise',
  'comms-loss'
] as const
export type FaultKind = (typeof FAULT_KINDS)[number]

/** Faults that wear the equipment down until a physical limit trips it. */
export const DEGRADING_FAULTS: ReadonlySet<FaultKind> = new Set<FaultKind>([
  'bearing-wear',
  'lube-leak',
  'cooling-failure',
  'pressure-surge',
  'belt-overload'
])

const MOTORS: readonly EquipmentKind[] = ['conveyor', 'drill', 'crusher', 'pump']
const ALL: readonly EquipmentKind[] = [...MOTORS, 'meter']

const APPLIES_TO: Record<FaultKind, readonly EquipmentKind[]> = {
  'bearing-wear': MOTORS,
  'lube-leak': ['conveyor', 'drill', 'crusher'],
  'cooling-failure': MOTORS,
  'pressure-surge': ['drill', 'pump'],
  'belt-overload': ['conveyor'],
  'motor-trip': MOTORS,
  'sensor-stuck': ALL,
  'sensor-drift': ALL,
  'sensor-noise': ALL,
  'comms-loss': ALL
}

const degradingParams = z.strictObject({
  /**
   * Simulated seconds from injection to (about) the failure limit. Default: drawn by seed
   * between 5 and 10 h, so failures land within the 4–12 h the issue promises.
   */
  timeToFailureS: z.number().finite().positive().max(30 * 86_400).optional(),
  /** false: protection does not trip at the failure limit, so the value keeps rising (for alarm demos). */
  trip: z.boolean().optional()
})

const sensorParams = z.strictObject({
  /** Which variable of the equipment the faulty sensor measures (default: Vibration, or Power for EM-500). */
  variable: z.string().optional(),
  /** sensor-drift: engineering units per simulated hour (default: 5 % of the EU span). */
  ratePerHour: z.number().finite().optional(),
  /** sensor-noise: standard deviation in engineering units (default: 5 % of the EU span). */
  amplitude: z.number().finite().nonnegative().optional()
})

const noParams = z.strictObject({})

const PARAM_SCHEMAS: Record<FaultKind, z.ZodType<FaultParams>> = {
  'bearing-wear': degradingParams,
  'lube-leak': degradingParams,
  'cooling-failure': degradingParams,
  'pressure-surge': degradingParams,
  'belt-overload': degradingParams,
  'motor-trip': noParams,
  'sensor-stuck': sensorParams,
  'sensor-drift': sensorParams,
  'sensor-noise': sensorParams,
  'comms-loss': noParams
}

/** Union of all fault parameters; each kind only accepts its own subset. */
export interface FaultParams {
  timeToFailureS?: number | undefined
  trip?: boolean | undefined
  variable?: string | undefined
  ratePerHour?: number | undefined
  amplitude?: number | undefined
}

/** A fault request that passed validation. */
export interface ValidFault {
  equipment: EquipmentDef
  kind: FaultKind
  params: FaultParams
  /** Resolved sensor variable for sensor-* faults. */
  variable?: VariableName
}

/** Thrown for any invalid fault request; the message names what was wrong. */
export class FaultError extends Error {
  override name = 'FaultError'
}

export function isFaultKind(s: string): s is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(s)
}

/** Check that the equipment exists, the fault exists and fits it, and the parameters are valid. */
export function validateFault(equipmentId: string, fault: string, params: unknown = {}): ValidFault {
  const equipment = findEquipment(equipmentId)
  if (!equipment) throw new FaultError(`unknown equipment "${equipmentId}"`)
  if (!isFaultKind(fault)) throw new FaultError(`unknown fault "${fault}" (known: ${FAULT_KINDS.join(', ')})`)
  if (!APPLIES_TO[fault].includes(equipment.kind)) {
    throw new FaultError(`fault "${fault}" does not apply to ${equipment.kind} "${equipment.id}"`)
  }
  const parsed = PARAM_SCHEMAS[fault].safeParse(params ?? {})
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue && issue.path.length > 0 ? `params.${issue.path.join('.')}: ` : 'params: '
    throw new FaultError(`bad parameters for "${fault}" on "${equipment.id}": ${where}${issue?.message ?? 'invalid'}`)
  }
  const valid: ValidFault = { equipment, kind: fault, params: parsed.data }
  if (fault.startsWith('sensor-')) {
    const wanted = parsed.data.variable ?? (equipment.kind === 'meter' ? 'Power' : 'Vibration')
    const v = equipment.variables.find((x) => x.name === wanted && !x.boolean)
    if (!v) throw new FaultError(`equipment "${equipment.id}" has no analog variable "${wanted}"`)
    valid.variable = v.name
  }
  return valid
}
