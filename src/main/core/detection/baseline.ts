import type { Condition, Debounce, Sample, TagDetectorConfig } from './types'
import { debounce, ewAlpha, newDebounce } from './types'

/**
 * Adaptive baseline: a robust (Huberized) EWMA level and mean absolute deviation,
 * optionally conditioned on a load signal by an EW linear regression, so a hot motor
 * at full load is normal and the same temperature idle is not.
 */
export interface BaselineState {
  n: number
  lastT: number
  /** EW means and (co)variances of load x and value y; without load, mx stays 0. */
  mx: number
  my: number
  cxx: number
  cxy: number
  /** EW mean absolute residual. */
  dev: number
  expected: number
  z: number
  gate: Debounce
}

export const newBaselineState = (): BaselineState => ({
  n: 0,
  lastT: Number.NaN,
  mx: 0,
  my: 0,
  cxx: 0,
  cxy: 0,
  dev: 0,
  expected: Number.NaN,
  z: 0,
  gate: newDebounce()
})

// Mean absolute deviation to standard deviation for Gaussian noise.
const MAD_TO_SIGMA = 1.2533
const HUBER_K = 3
const MAX_STEP_MS = 60_000

/** True once the baseline has learned enough to judge. */
export const baselineReady = (s: BaselineState, c: TagDetectorConfig): boolean => s.n >= c.learningSamples

/** Spread of the baseline in engineering units (never zero). */
export function baselineSigma(s: BaselineState, c: TagDetectorConfig): number {
  return Math.max(MAD_TO_SIGMA * s.dev, c.span * 1e-4, 1e-12)
}

/**
 * Updates the baseline with one good sample; `load` is the conditioning value or NaN.
 * Returns true when the baseline condition was raised or cleared.
 */
export function stepBaseline(s: BaselineState, x: Sample, load: number, c: TagDetectorConfig, out: Condition): boolean {
  const conditioned = Number.isFinite(load) && c.loadIndex >= 0
  const slope = conditioned && s.cxx > 1e-12 ? s.cxy / s.cxx : 0
  const lx = conditioned ? load : 0
  const expected = s.n === 0 ? x.v : s.my + slope * (lx - s.mx)
  const r = x.v - expected
  const sigma = baselineSigma(s, c)
  const z = s.n < 2 ? 0 : r / sigma
  s.expected = expected
  s.z = z
  const ready = s.n >= c.learningSamples
  // Learn with equal weights first, then forget with the time constant; an anomaly is
  // absorbed only slowly so it cannot become the new normal within minutes.
  // After a pause (machine stopped, gap in the data) one sample must not outweigh the past:
  // the step that weighs it is capped.
  const a0 = ready ? ewAlpha(Math.min(x.t - s.lastT, MAX_STEP_MS), c.baselineTauS) : 1 / (s.n + 1)
  // Well outside the normal band, learn only slowly: otherwise a ramp would drag the level
  // along and widen the spread step by step, hiding itself. The spread still learns at a
  // quarter of its pace, so a spread that was learned too narrow can recover.
  const outside = ready && Math.abs(z) > c.baselineZ / 2
  const a = outside ? a0 * 0.05 : a0
  // While learning, plain least squares: clipping against a fit that is still forming would bias it for good.
  const rc = !ready ? r : Math.max(-HUBER_K * sigma, Math.min(HUBER_K * sigma, r))
  const yc = expected + rc
  const dx = lx - s.mx
  const dy = yc - s.my
  s.mx += a * dx
  s.my += a * dy
  s.cxx = (1 - a) * (s.cxx + a * dx * dx)
  s.cxy = (1 - a) * (s.cxy + a * dx * dy)
  // The spread forgets the residuals of the early, unsettled fit within the learning period.
  const ad = ready ? (outside ? a0 * 0.25 : a0) : Math.max(a, 5 / c.learningSamples)
  s.dev += (s.n === 0 ? 1 : ad) * ((ready ? Math.min(Math.abs(r), 4 * sigma) : Math.abs(r)) - s.dev)
  s.n++
  s.lastT = x.t
  if (!ready) return false
  const az = Math.abs(z)
  const want = s.gate.on ? az > c.baselineZ * 0.6 : az > c.baselineZ
  if (!debounce(s.gate, want, x.t, c.onDelayS * 1000, c.offDelayS * 1000)) return false
  out.active = s.gate.on
  out.variant = ''
  out.since = x.t
  out.expected = expected
  out.actual = x.v
  out.score = Math.min(1, az / (2 * c.baselineZ))
  out.severity = az > 2 * c.baselineZ ? 'high' : 'medium'
  out.detail = s.gate.on
    ? `${z > 0 ? 'above' : 'below'} its normal ${conditioned ? 'level for this load' : 'level'} (${az.toFixed(1)} σ)`
    : 'back to its normal level'
  return true
}
