import type { Condition, Debounce, Sample, TagDetectorConfig } from './types'
import { debounce, ewAlpha, newDebounce } from './types'

/** Rate of change, smoothed over `rateTauS` so single noisy steps do not count. */
export interface RateState {
  lastT: number
  lastV: number
  rate: number
  gate: Debounce
}

/** No previous sample, rate zero. */
export const newRateState = (): RateState => ({ lastT: Number.NaN, lastV: Number.NaN, rate: 0, gate: newDebounce() })

/** Forgets the previous sample, e.g. after a gap, so no rate is computed across it. */
export function resetRate(s: RateState): void {
  s.lastT = Number.NaN
  s.rate = 0
}

/** Returns true when the rate condition was raised or cleared. */
export function stepRate(s: RateState, x: Sample, c: TagDetectorConfig, learning: boolean, out: Condition): boolean {
  const dtMs = x.t - s.lastT
  const first = Number.isNaN(s.lastT)
  if (!first && dtMs > 0) {
    const inst = ((x.v - s.lastV) * 1000) / dtMs
    s.rate += ewAlpha(dtMs, c.rateTauS) * (inst - s.rate)
  }
  s.lastT = x.t
  s.lastV = x.v
  if (learning || first) return false
  // Only the dangerous way counts for a tag with limits on one side (a top-up is fast and fine).
  const ar = c.direction === 0 ? Math.abs(s.rate) : Math.max(0, c.direction * s.rate)
  const want = s.gate.on ? ar > c.maxRatePerS * 0.7 : ar > c.maxRatePerS
  if (!debounce(s.gate, want, x.t, c.onDelayS * 1000, c.offDelayS * 1000)) return false
  out.active = s.gate.on
  out.variant = s.rate > 0 ? 'rising' : 'falling'
  out.since = x.t
  out.expected = c.maxRatePerS
  out.actual = s.rate
  out.score = Math.min(1, ar / (2 * c.maxRatePerS))
  out.severity = ar > 2 * c.maxRatePerS ? 'high' : 'medium'
  out.detail = s.gate.on ? `changing fast: ${s.rate.toPrecision(3)}/s (normal within ±${c.maxRatePerS.toPrecision(3)}/s)` : 'rate of change back to normal'
  return true
}
