import { isGoodStatus } from '../../../shared/domain'
import type { Condition, Sample, TagDetectorConfig } from './types'
import { newCondition } from './types'

/** The sensor-health checks; each has its own condition so several can hold at once. */
export const HEALTH_VARIANTS = ['quality', 'invalid', 'time', 'gap', 'range', 'stuck', 'stale'] as const
export type HealthVariant = (typeof HEALTH_VARIANTS)[number]

/** Sensor-health state of one tag: last time and value, and one condition per check. */
export interface HealthState {
  lastT: number
  lastV: number
  /** Epoch ms of the last change of value (for the stuck check). */
  changedAt: number
  conds: Record<HealthVariant, Condition>
}

/** Health state with every check passing. */
export function newHealthState(): HealthState {
  const conds = {} as Record<HealthVariant, Condition>
  for (const v of HEALTH_VARIANTS) {
    conds[v] = newCondition('health', 'data-quality')
    conds[v].variant = v
  }
  return { lastT: Number.NaN, lastV: Number.NaN, changedAt: Number.NaN, conds }
}

/** What `stepHealth` found: whether the sample may feed the detectors, and whether a condition flipped. */
export const HEALTH_USABLE = 1
/** A health condition was raised or cleared. */
export const HEALTH_CHANGED = 2
/** The sample follows a gap: continuity-based fits must restart. */
export const HEALTH_GAP = 4

// `detail` is a function so the message is only built on a change, never per sample; callers
// test for a flip first, so the hot path does not even build the closure.
function set(c: Condition, on: boolean, x: Sample, detail: () => string, expected: number | null = null): number {
  if (c.active === on) return 0
  c.active = on
  c.since = x.t
  c.actual = Number.isFinite(x.v) ? x.v : null
  c.expected = expected
  c.severity = on ? 'low' : 'info'
  c.score = on ? 1 : 0
  c.detail = on ? detail() : `${c.variant} check passes again`
  return HEALTH_CHANGED
}

/**
 * Checks one sample before any detector sees it. Bad or Uncertain status, NaN or
 * Infinity, a duplicate or backwards timestamp and a value outside the EU range make
 * the sample unusable and raise a data-quality condition instead of an anomaly.
 * `running` is false while the tag's machine is stopped (no stuck check then);
 * `startedAt` (epoch ms, NaN: unknown) is when it last started: the stuck check counts from
 * then at the earliest.
 * Returns a bit set of HEALTH_USABLE, HEALTH_CHANGED and HEALTH_GAP.
 */
export function stepHealth(s: HealthState, x: Sample, c: TagDetectorConfig, running = true, startedAt = Number.NaN): number {
  const k = s.conds
  let flags = 0
  const ordered = Number.isFinite(x.t) && (Number.isNaN(s.lastT) || x.t > s.lastT)
  if (k.time.active === ordered) flags |= set(k.time, !ordered, x, () => `timestamp ${x.t} is not after the previous one (${s.lastT})`)
  if (!ordered) return flags
  const gap = !Number.isNaN(s.lastT) && x.t - s.lastT > c.staleAfterS * 1000
  if (k.gap.active !== gap) flags |= set(k.gap, gap, x, () => `gap of ${((x.t - s.lastT) / 1000).toFixed(0)} s in the data`)
  if (gap) flags |= HEALTH_GAP
  s.lastT = x.t
  if (k.stale.active) flags |= set(k.stale, false, x, () => '')
  const bad = !isGoodStatus(x.status)
  if (k.quality.active !== bad) flags |= set(k.quality, bad, x, () => `status 0x${(x.status >>> 0).toString(16).padStart(8, '0')} is not Good`)
  if (k.quality.active) return flags
  const finite = Number.isFinite(x.v)
  if (k.invalid.active === finite) flags |= set(k.invalid, !finite, x, () => `value is ${x.v}`)
  if (!finite) return flags
  const margin = c.span * 0.02
  const inRange = x.v >= c.euLow - margin && x.v <= c.euHigh + margin
  if (k.range.active === inRange) flags |= set(k.range, !inRange, x, () => `outside the instrument range ${c.euLow}…${c.euHigh}`, x.v > c.euHigh ? c.euHigh : c.euLow)
  // A stopped machine's flow and power sit at zero: that is not a stuck sensor.
  if (!running || Math.abs(x.v - s.lastV) > c.stuckEpsilon || Number.isNaN(s.lastV)) s.changedAt = x.t
  s.lastV = x.v
  if (c.enabled.health) {
    // A server reports a value only when it changes (OPC UA Part 4 §7.22.2): a stopped machine's
    // counter sends nothing, so no sample said it was stopped. Its standstill is no stuck time.
    const since = startedAt > s.changedAt ? startedAt : s.changedAt
    const stuck = x.t - since > c.stuckAfterS * 1000
    if (k.stuck.active !== stuck) flags |= set(k.stuck, stuck, x, () => `value unchanged for ${((x.t - since) / 1000).toFixed(0)} s`)
  }
  return inRange ? flags | HEALTH_USABLE : flags
}

/** Clock check: no sample for `staleAfterS` marks the tag stale. Returns HEALTH_CHANGED on a flip. */
export function tickHealth(s: HealthState, now: number, c: TagDetectorConfig): number {
  if (Number.isNaN(s.lastT)) return 0
  const stale = now - s.lastT > c.staleAfterS * 1000
  if (!stale || s.conds.stale.active) return 0
  return set(s.conds.stale, true, { t: now, v: s.lastV, status: 0 }, () => `no value for ${((now - s.lastT) / 1000).toFixed(0)} s`)
}
