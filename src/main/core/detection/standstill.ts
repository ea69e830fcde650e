import type { Condition, Sample, TagDetectorConfig } from './types'

/**
 * Standstill temperature decay (issue 9): a stopped machine's temperatures fall towards the
 * ambient, each at its own cooling pace. The pace is learned from the stops seen; a stop that
 * cools far slower than that, or not at all, means the heat has nowhere to go (a blocked fan
 * cowl, fouled fins, a brake that drags, a failed cooler).
 *
 * Three readings at equal spacing give the time constant without knowing the ambient: for
 * T(t) = A + (T0 − A)·e^(−t/τ), the drops d1 = T0 − T1 and d2 = T1 − T2 satisfy
 * d2 / d1 = e^(−Δ/τ), so τ = −Δ / ln(d2 / d1).
 */
export interface StandstillState {
  /** Plant time (epoch ms) the current stop began; NaN while the machine runs. */
  stopT: number
  /** Readings at the stop's heat-soak end, one step and two steps later (NaN until taken). */
  v0: number
  v1: number
  v2: number
  /** Learned cooling time constant while stopped, seconds (NaN: no stop measured yet). */
  tauS: number
  /** Stops measured so far, and their mean first drop and starting temperature (engineering units). */
  stops: number
  drop: number
  hot: number
}

/** Nothing learned, machine not seen stopping. */
export const newStandstillState = (): StandstillState => ({ stopT: Number.NaN, v0: Number.NaN, v1: Number.NaN, v2: Number.NaN, tauS: Number.NaN, stops: 0, drop: 0, hot: Number.NaN })

// After a stop, a winding or bearing temperature may still rise for minutes (heat soak): the
// decay is measured from five minutes on.
const SOAK_S = 300
// Ten minutes between readings: long enough for a motor's half-hour cooling to show a clear
// drop, short enough that a 45-minute shift handover is measured.
const STEP_S = 600
// Cooling three times slower than learned is no weather change (the ambient moves a few
// degrees an hour): the heat is not leaving.
const SLOWER = 3
// Stops measured before the rule judges.
const MIN_STOPS = 2
// Each new stop moves the learned time constant by this share.
const LEARN_SHARE = 0.3

/**
 * Feeds one usable sample of a temperature; `stopped` is its machine's mode, `judge` whether
 * the machine is learned enough for learned rules. Returns true when the condition changed.
 */
export function stepStandstill(s: StandstillState, x: Sample, stopped: boolean, judge: boolean, c: TagDetectorConfig, out: Condition): boolean {
  if (!stopped) {
    s.stopT = Number.NaN
    if (!out.active) return false
    out.active = false
    out.since = x.t
    out.actual = x.v
    out.detail = 'machine running again'
    return true
  }
  if (Number.isNaN(s.stopT)) {
    s.stopT = x.t
    s.v0 = s.v1 = s.v2 = Number.NaN
    return false
  }
  const elapsedS = (x.t - s.stopT) / 1000
  if (Number.isNaN(s.v0)) {
    if (elapsedS >= SOAK_S) s.v0 = x.v
    return false
  }
  if (Number.isNaN(s.v1)) {
    if (elapsedS >= SOAK_S + STEP_S) s.v1 = x.v
    return false
  }
  if (!Number.isNaN(s.v2) || elapsedS < SOAK_S + 2 * STEP_S) return false
  s.v2 = x.v
  const d1 = s.v0 - s.v1
  const d2 = s.v1 - s.v2
  const minDrop = Math.max(c.deadband, c.span * 0.005)
  const learned = judge && s.stops >= MIN_STOPS
  if (d1 < minDrop) {
    // No drop: either the stop began near the ambient (nothing to tell), or it began as hot as
    // the stops learned, which all fell by far more in the same time: the heat is not leaving.
    if (!learned || s.drop < SLOWER * minDrop || s.v0 < s.hot) return false
    return raise(out, x, 'not cooling while stopped', s.tauS)
  }
  const q = d2 / d1
  // q ≥ 1: no slowing of the fall in 20 min, as for a time constant of hours (noise hides which).
  const tauS = q > 0 && q < 1 ? -STEP_S / Math.log(q) : Infinity
  // Corroborated by the first drop: under half the usual from a start at least as hot as usual (a
  // cooler stop, or an ambient rising under it, bends a single estimate of the pace; a machine that
  // cannot shed its heat runs hotter, so a real fault starts at least as hot).
  if (learned && tauS > SLOWER * s.tauS && d1 < s.drop / 2 && s.v0 >= s.hot) {
    return raise(out, x, Number.isFinite(tauS) ? `cooling slowly while stopped (time constant ${(tauS / 60).toFixed(0)} min,` : 'hardly cooling while stopped (', s.tauS)
  }
  if (!Number.isFinite(tauS)) return false
  const k = s.stops === 0 ? 1 : LEARN_SHARE
  s.tauS = s.stops === 0 ? tauS : s.tauS + k * (tauS - s.tauS)
  s.drop += k * (d1 - s.drop)
  s.hot = s.stops === 0 ? s.v0 : s.hot + k * (s.v0 - s.hot)
  s.stops++
  return false
}

function raise(out: Condition, x: Sample, what: string, learnedS: number): boolean {
  out.active = true
  out.variant = ''
  out.since = x.t
  out.actual = x.v
  out.expected = null
  out.severity = 'medium'
  out.score = 0.7
  const usual = `usually ${(learnedS / 60).toFixed(0)} min)`
  out.detail = what.endsWith('(') || what.endsWith(',') ? `${what} ${usual}`.replace('( ', '(') : `${what} (time constant ${usual}`
  return true
}
