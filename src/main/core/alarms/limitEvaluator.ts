import type { AlarmPriority } from '../../../shared/alarms'
import type { TagDetectors } from '../../../shared/anomaly'
import { LIMIT_NAMES, type LimitName, type Limits, type Tag } from '../../../shared/tagMap'
import { debounce, newDebounce, type Debounce } from '../delay'

/**
 * The one evaluator of H/HH/L/LL limits, shared by the limit alarms on the main thread
 * and the anomaly engine's limit detector: the same hysteresis, the same delays with the
 * same defaults, and the same alarm ids.
 */

/** HH and LL mean the equipment is about to trip; H and L ask for attention. */
export const LIMIT_PRIORITY: Record<LimitName, AlarmPriority> = { HH: 1, LL: 1, H: 2, L: 2 }
export const IS_HIGH_LIMIT: Record<LimitName, boolean> = { HH: true, H: true, L: false, LL: false }

/** Raising is immediate unless a tag's `detectors.onDelayS` asks otherwise: a limit is a limit. */
export const DEFAULT_LIMIT_ON_DELAY_S = 0
/**
 * A limit alarm returns to normal only after its value has stayed back inside for this
 * long (ISA-18.2 §10.4.4 off-delay; EEMUA 191 suggests seconds for fast loops): a noisy
 * value at its limit must not chatter.
 */
export const DEFAULT_LIMIT_OFF_DELAY_S = 5

/**
 * Whether a limit condition is active after `value`, with hysteresis: a high limit
 * trips at `value >= threshold` and clears only below `threshold - deadband`.
 */
export function limitConditionActive(limit: LimitName, threshold: number, deadband: number, value: number, wasActive: boolean): boolean {
  if (IS_HIGH_LIMIT[limit]) return wasActive ? value >= threshold - deadband : value >= threshold
  return wasActive ? value <= threshold + deadband : value <= threshold
}

/** One limit of one tag, with its delay state. */
export interface LimitGate {
  limit: LimitName
  threshold: number
  gate: Debounce
}

/** A tag's limit gates and the settings they are judged with. */
export interface TagLimits {
  gates: LimitGate[]
  deadband: number
  onDelayMs: number
  offDelayMs: number
}

/**
 * Alarm deadband as a share of the EU span by signal kind, when the tag map gives none
 * (ISA-18.2 TR3 / EEMUA 191 Table 12 starting values: flow and level 5 %, pressure 2 %,
 * temperature 1 %; 1 % for the rest).
 */
const DEADBAND_SHARE: Partial<Record<Tag['signal'], number>> = { flow: 0.05, level: 0.05, pressure: 0.02, temperature: 0.01 }
const DEFAULT_DEADBAND_SHARE = 0.01

/** The tag's alarm deadband in engineering units: its own, or the default for its signal kind. */
export function alarmDeadband(tag: Pick<Tag, 'deadband' | 'signal' | 'euRange'>): number {
  return tag.deadband ?? (tag.euRange.high - tag.euRange.low) * (DEADBAND_SHARE[tag.signal] ?? DEFAULT_DEADBAND_SHARE)
}

/** A tag's limit delays in ms: its `detectors` overrides, else the defaults above. */
export function limitDelays(detectors: Pick<TagDetectors, 'onDelayS' | 'offDelayS'> | undefined): { onDelayMs: number; offDelayMs: number } {
  return { onDelayMs: (detectors?.onDelayS ?? DEFAULT_LIMIT_ON_DELAY_S) * 1000, offDelayMs: (detectors?.offDelayS ?? DEFAULT_LIMIT_OFF_DELAY_S) * 1000 }
}

/** The gates of a tag's limits, all inactive, judged with `deadband` (EU) and `delays` (see {@link limitDelays}). */
export function tagLimits(limits: Partial<Limits>, deadband: number, delays: { onDelayMs: number; offDelayMs: number }): TagLimits {
  return {
    gates: LIMIT_NAMES.flatMap((limit) => {
      const threshold = limits[limit]
      return threshold === undefined ? [] : [{ limit, threshold, gate: newDebounce() }]
    }),
    deadband,
    ...delays
  }
}

/** Feeds one good value at source time `t` to a limit gate; returns true when the gate flipped. */
export function stepGate(g: LimitGate, tl: TagLimits, value: number, t: number): boolean {
  return debounce(g.gate, limitConditionActive(g.limit, g.threshold, tl.deadband, value, g.gate.on), t, tl.onDelayMs, tl.offDelayMs)
}

/** The worst limit in force (HH before H, LL before L), or '' inside all limits. */
export function worstLimit(tl: TagLimits): LimitName | '' {
  let worst: LimitName | '' = ''
  for (const g of tl.gates) if (g.gate.on && (worst === '' || LIMIT_PRIORITY[g.limit] < LIMIT_PRIORITY[worst])) worst = g.limit
  return worst
}
