import type { Condition, Debounce, Sample, TagDetectorConfig } from './types'
import { debounce, ewAlpha, newDebounce } from './types'

/**
 * Adaptive baseline: a robust (Huberized) EWMA level and mean absolute deviation,
 * optionally conditioned on a load signal by an EW linear regression, so a hot motor
 * at full load is normal and the same temperature idle is not, plus a time-of-day
 * profile (Holt–Winters style, additive) once two days have been seen.
 */
export interface BaselineState {
  n: number
  lastT: number
  /** Slow EW means and (co)variance of load x and value y (for the slope); without load, mx stays 0. */
  mx: number
  myS: number
  cxx: number
  cxy: number
  /** Fast EW level of the value with the load's part taken out. */
  my: number
  /** EW mean absolute residual, at the tag's pace and over days (see {@link baselineSigma}). */
  dev: number
  devSlow: number
  /** Epoch ms the baseline became ready (its spread over hours is counted from then). */
  readyT: number
  expected: number
  z: number
  gate: Debounce
  /** Epoch ms of the first sample learned. */
  firstT: number
  /** Time-of-day profile (additive, half-hour bins) around a slow level `slow`, learned from the start. */
  season: Float64Array
  slow: number
  /** Plant time (epoch ms) the machine last entered an operating point (a start or a regime change); NaN: none. */
  entryT: number
  /** EW mean absolute residual within {@link entering} windows, learned over days; its sample count. */
  devEntry: number
  nEntry: number
}

/** A baseline that has learned nothing yet. */
export const newBaselineState = (): BaselineState => ({
  n: 0,
  lastT: Number.NaN,
  mx: 0,
  myS: 0,
  my: 0,
  cxx: 0,
  cxy: 0,
  dev: 0,
  devSlow: 0,
  readyT: Number.NaN,
  expected: Number.NaN,
  z: 0,
  gate: newDebounce(),
  firstT: Number.NaN,
  season: new Float64Array(SEASON_BINS),
  slow: Number.NaN,
  entryT: Number.NaN,
  devEntry: 0,
  nEntry: 0
})

// Mean absolute deviation to standard deviation for Gaussian noise.
const MAD_TO_SIGMA = 1.2533
const HUBER_K = 3
const MAX_STEP_MS = 60_000
const DAY_MS = 86_400_000
const SEASON_BINS = 48
// Each half-hour bin remembers about three days of its own time; the profile is used
// once two days have been seen, so a shift pattern or the weather is expected, not news.
const SEASON_TAU_S = 900
const SEASON_AFTER_MS = 2 * DAY_MS
const SEASON_SLOWER = 6
// How a signal depends on its load (the slope) is a property of the machine: it is learned over
// days that span every regime, while the level follows the day's conditions at the tag's pace.
// Learned from one regime at a time, the slope would be noise and misjudge the next regime.
const SLOPE_TAU_S = 3 * 86_400
// The spread over hours remembers two shift changes, so a calm stretch does not shrink it.
const DEV_SLOW_TAU_S = 12 * 3600

// The extra spread of an entry holds an hour at most: a temperature's level (1 h time constant)
// has mostly re-learned by then, and a slower level (6 h) is slow so that it does not follow a
// creep: excusing its whole re-learning would blunt the very thing it watches for.
const ENTRY_WINDOW_S = 3600

/**
 * True while the level re-learns after the machine entered an operating point (a start or a
 * change of load regime): for one level time constant from the entry.
 */
export const entering = (s: BaselineState, c: TagDetectorConfig, t: number): boolean => t - s.entryT < Math.min(c.baselineTauS, ENTRY_WINDOW_S) * 1000

/**
 * Spread of the residual right after an entry (never below the steady spread). The level
 * carried over from another operating point misses what the load does not explain (the
 * weather, a curve the load slope does not follow): learned from the entries seen, so the
 * same miss at every evening start is expected, not news.
 */
export function entrySigma(s: BaselineState, c: TagDetectorConfig): number {
  return Math.max(baselineSigma(s, c), MAD_TO_SIGMA * s.devEntry)
}

/** The spread learned from entries (engineering units) while `t` is in an entry window, else 0. */
export const entrySpread = (s: BaselineState, c: TagDetectorConfig, t: number): number => (entering(s, c, t) ? MAD_TO_SIGMA * s.devEntry : 0)

/** True once the baseline has learned enough to judge. */
export const baselineReady = (s: BaselineState, c: TagDetectorConfig): boolean =>
  s.n >= c.learningSamples && s.lastT - s.firstT >= c.learningS * 1000

/**
 * Spread of the baseline in engineering units (never zero): the larger of the recent
 * spread and the spread over days. A calm night must not shrink it so far that the next
 * ordinary start or load change counts as six sigma.
 */
export function baselineSigma(s: BaselineState, c: TagDetectorConfig): number {
  // The spread over hours counts once it has seen them: before, it still carries the unsettled fit.
  const slow = s.lastT - s.readyT >= DEV_SLOW_TAU_S * 1000 ? s.devSlow : 0
  return Math.max(MAD_TO_SIGMA * Math.max(s.dev, slow), c.span * 1e-4, 1e-12)
}

/**
 * Updates the baseline with one good sample; `load` is the conditioning value or NaN.
 * Returns true when the baseline condition was raised or cleared.
 */
export function stepBaseline(s: BaselineState, x: Sample, load: number, c: TagDetectorConfig, out: Condition): boolean {
  const conditioned = Number.isFinite(load) && c.loadIndex >= 0
  const slope = conditioned && s.cxx > 1e-12 ? s.cxy / s.cxx : 0
  const lx = conditioned ? load : 0
  const bin = Math.floor((((x.t % DAY_MS) + DAY_MS) % DAY_MS) / (DAY_MS / SEASON_BINS))
  const loadPart = slope * (lx - s.mx)
  // The fast level serves until two days are seen; then the slow level plus the profile.
  const seasoned = c.seasonal && x.t - s.firstT >= SEASON_AFTER_MS
  const expected = s.n === 0 ? x.v : seasoned ? s.slow + loadPart + s.season[bin]! : s.my + loadPart
  const r = x.v - expected
  const entry = entering(s, c, x.t)
  const sigma = entry ? entrySigma(s, c) : baselineSigma(s, c)
  const z = s.n < 2 ? 0 : r / sigma
  s.expected = expected
  s.z = z
  if (s.n === 0) s.firstT = x.t
  const ready = baselineReady(s, c)
  // Learn with equal weights first, then forget with the time constant; an anomaly is
  // absorbed only slowly so it cannot become the new normal within minutes.
  // After a pause (machine stopped, gap in the data) one sample must not outweigh the past:
  // the step that weighs it is capped.
  const dtMs = Math.min(x.t - s.lastT, MAX_STEP_MS)
  const a0 = ready ? ewAlpha(dtMs, c.baselineTauS) : 1 / (s.n + 1)
  // Well outside the normal band, learn only slowly: otherwise a ramp would drag the level
  // along and widen the spread step by step, hiding itself. The spread still learns at a
  // quarter of its pace, so a spread that was learned too narrow can recover.
  // A deviation the harmless way (see `direction`) is learned at full pace, e.g. a top-up.
  const harmless = c.direction !== 0 && Math.sign(z) !== c.direction
  const outside = ready && !harmless && Math.abs(z) > c.baselineZ / 2
  // A big harmless step (a top-up) is a new level, not noise: the level jumps to it quickly
  // and the spread ignores it.
  const stepped = ready && harmless && Math.abs(z) > c.baselineZ / 2
  const a = outside ? a0 * 0.05 : stepped ? Math.min(1, a0 * 20) : a0
  // While learning, plain least squares: clipping against a fit that is still forming would bias it for good.
  const rc = !ready ? r : Math.max(-HUBER_K * sigma, Math.min(HUBER_K * sigma, r))
  const yc = expected + rc
  // Holt–Winters style: the slow level follows day-to-day change of the de-seasonalized
  // value, each half-hour bin learns what that level leaves at its time of day.
  // Only a seasonal tag keeps the profile: two exponentials per sample are half the baseline's cost.
  if (c.seasonal) {
    const u = yc - loadPart
    if (Number.isNaN(s.slow)) s.slow = u
    if (ready) {
      const damp = outside ? 0.05 : 1
      s.slow += ewAlpha(dtMs, c.baselineTauS * SEASON_SLOWER) * damp * (u - s.season[bin]! - s.slow)
      s.season[bin]! += ewAlpha(dtMs, SEASON_TAU_S) * damp * (u - s.slow - s.season[bin]!)
    } else s.slow += (1 / (s.n + 1)) * (u - s.slow)
  }
  const deseason = seasoned ? yc - s.season[bin]! : yc
  s.my += a * (deseason - loadPart - s.my)
  if (conditioned) {
    const aS = Math.max(ewAlpha(dtMs, SLOPE_TAU_S), 1 / (s.n + 1)) * (outside ? 0.05 : 1)
    const dx = lx - s.mx
    const dy = deseason - s.myS
    s.mx += aS * dx
    // The levels are the value at the mean load: when that mean moves, they move with it along
    // the slope, so the value expected at a given load stays where it was. Left behind, they
    // would trail by slope × the move (a day shift after a quiet weekend reads as a drift).
    const along = slope * aS * dx
    s.my += along
    if (c.seasonal && ready) s.slow += along
    s.myS += aS * dy
    s.cxx = (1 - aS) * (s.cxx + aS * dx * dx)
    s.cxy = (1 - aS) * (s.cxy + aS * dx * dy)
  }
  // The spread forgets the residuals of the early, unsettled fit within the learning period.
  const ad = ready ? (outside ? a0 * 0.25 : stepped ? 0 : a0) : Math.max(a, 5 / c.learningSamples)
  const absR = ready ? Math.min(Math.abs(r), 4 * sigma) : Math.abs(r)
  s.dev += (s.n === 0 ? 1 : ad) * (absR - s.dev)
  // The spread over days starts from the learned spread: the unsettled fit of the first minutes is no part of it.
  if (!ready) {
    s.devSlow = s.dev
    s.readyT = x.t
  } else {
    if (entry) s.devEntry += Math.max(ewAlpha(dtMs, DEV_SLOW_TAU_S), 1 / ++s.nEntry) * (absR - s.devEntry)
    if (!outside && !stepped) s.devSlow += ewAlpha(dtMs, DEV_SLOW_TAU_S) * (absR - s.devSlow)
  }
  s.n++
  s.lastT = x.t
  if (!ready) return false
  const az = c.direction === 0 ? Math.abs(z) : Math.max(0, c.direction * z)
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
