import type { LimitName } from '../../../shared/tagMap'
import { acceleratedCrossing, newCurveState, stepCurve, type CurveState } from './curve'
import type { Condition, Debounce, Sample, TagDetectorConfig } from './types'
import { debounce, ewAlpha, newDebounce } from './types'

/**
 * Trend prediction: an exponentially weighted, Huberized least-squares line through
 * the recent samples (time constant half the trend window). From its level and slope
 * come the time until the tag crosses its next limits, with a delta-method
 * uncertainty; a parabola through the same samples (`curve.ts`) brings the crossing
 * nearer when the value accelerates towards the limit. Everything is O(1) per sample.
 */
export interface TrendState {
  /** Time origin in ms, so the regression works on small numbers. */
  t0: number
  lastT: number
  startT: number
  /** Sum of weights (effective number of samples). */
  w: number
  mt: number
  my: number
  ctt: number
  cty: number
  cyy: number
  slopePerS: number
  /** Predicted time to the next limit in the direction of the slope, or NaN. */
  etaS: number
  etaSigmaS: number
  etaLimit: LimitName | ''
  /** ETA to the limit after that (HH after H, LL after L), or NaN. */
  eta2S: number
  eta2Limit: LimitName | ''
  /** The parabola through the same samples (accelerating wear). */
  curve: CurveState
  gate: Debounce
}

/** An empty fit. */
export const newTrendState = (): TrendState => ({
  t0: Number.NaN,
  lastT: Number.NaN,
  startT: Number.NaN,
  w: 0,
  mt: 0,
  my: 0,
  ctt: 0,
  cty: 0,
  cyy: 0,
  slopePerS: 0,
  etaS: Number.NaN,
  etaSigmaS: Number.NaN,
  etaLimit: '',
  eta2S: Number.NaN,
  eta2Limit: '',
  curve: newCurveState(),
  gate: newDebounce()
})

/** Starts the fit afresh, e.g. after a gap in the data. */
export function resetTrend(s: TrendState): void {
  const gate = s.gate
  Object.assign(s, newTrendState())
  s.gate = gate
}

// The slope must stand this many standard errors clear of zero before it predicts anything.
const MIN_T_STAT = 6
// The value must already sit this far (baseline σ) towards the limit: a normal swing is no trend.
const MIN_DEVIATION_Z = 3

function fit(s: TrendState, x: Sample, c: TagDetectorConfig): void {
  if (Number.isNaN(s.t0)) {
    s.t0 = x.t
    s.startT = x.t
  }
  const t = (x.t - s.t0) / 1000
  const a = s.w < 1 ? 1 : Math.max(ewAlpha(x.t - s.lastT, c.trendWindowS / 2), 1 / (s.w + 1))
  const slope = s.ctt > 0 ? s.cty / s.ctt : 0
  const fitted = s.my + slope * (t - s.mt)
  const resSd = s.w > 3 ? Math.sqrt(Math.max(0, s.cyy - slope * s.cty)) : Infinity
  const y = Number.isFinite(resSd) && resSd > 0 ? fitted + Math.max(-3 * resSd, Math.min(3 * resSd, x.v - fitted)) : x.v
  const dt = t - s.mt
  const dy = y - s.my
  s.mt += a * dt
  s.my += a * dy
  s.ctt = (1 - a) * (s.ctt + a * dt * dt)
  s.cty = (1 - a) * (s.cty + a * dt * dy)
  s.cyy = (1 - a) * (s.cyy + a * dy * dy)
  s.w = (1 - a) * s.w + 1
  stepCurve(s.curve, (x.t - s.lastT) / 1000 / (c.trendWindowS / 2), a, y)
  s.lastT = x.t
}

function crossing(limit: number | undefined, level: number, slope: number): number {
  if (limit === undefined) return Number.NaN
  const eta = (limit - level) / slope
  return eta > 0 ? eta : Number.NaN
}

/**
 * Feeds one good sample. `deviationZ` is the evidence (baseline z-score, ±Infinity
 * while a drift holds) that the value is abnormal: a predictive alarm also needs it
 * in the direction of the limit, so a normal swing towards a limit stays quiet.
 * Returns true when the predictive condition was raised or cleared.
 */
export function stepTrend(s: TrendState, x: Sample, c: TagDetectorConfig, ready: boolean, deviationZ: number, out: Condition): boolean {
  fit(s, x, c)
  s.etaS = s.eta2S = s.etaSigmaS = Number.NaN
  s.etaLimit = s.eta2Limit = ''
  const t = (x.t - s.t0) / 1000
  const slope = s.ctt > 1e-12 ? s.cty / s.ctt : 0
  s.slopePerS = slope
  const resVar = Math.max(0, s.cyy - slope * s.cty)
  const seSlope = Math.sqrt(resVar / (s.ctt * Math.max(s.w, 1)))
  const level = s.my + slope * (t - s.mt)
  // Only the dangerous way is predicted (see `direction`): a motor cooling off is not heading for its frost limit.
  const harmful = c.direction === 0 || Math.sign(slope) === c.direction
  const significant = harmful && s.w > 20 && Math.abs(slope) > MIN_T_STAT * seSlope && (x.t - s.startT) / 1000 > c.trendWindowS / 4
  if (significant) {
    const [n1, n2]: [LimitName, LimitName] = slope > 0 ? ['H', 'HH'] : ['L', 'LL']
    const sdLevel = Math.sqrt(resVar / Math.max(s.w, 1))
    // The line's crossing and its delta-method sigma; the parabola's when it bends towards the limit and comes sooner.
    const ahead = (limit: number | undefined): [eta: number, sigma: number] => {
      const eta = crossing(limit, level, slope)
      if (Number.isNaN(eta) || limit === undefined) return [Number.NaN, Number.NaN]
      const bent = acceleratedCrossing(s.curve, c.trendWindowS / 2, s.w, limit, slope > 0 ? 1 : -1)
      if (bent !== null && bent.etaS < eta) return [bent.etaS, bent.sigmaS]
      return [eta, eta * Math.hypot(sdLevel / Math.max(Math.abs(limit - level), 1e-12), seSlope / Math.abs(slope))]
    }
    const [e1, sigma1] = ahead(c.limits[n1])
    const [e2, sigma2] = ahead(c.limits[n2])
    const first = Number.isNaN(e1) ? n2 : n1
    const eta = Number.isNaN(e1) ? e2 : e1
    if (!Number.isNaN(eta)) {
      s.etaS = eta
      s.etaSigmaS = Number.isNaN(e1) ? sigma2 : sigma1
      s.etaLimit = first
      if (first === n1 && !Number.isNaN(e2)) {
        s.eta2S = e2
        s.eta2Limit = n2
      }
    }
  }
  if (!ready) return false
  const towards = s.etaLimit === 'H' || s.etaLimit === 'HH' ? deviationZ : -deviationZ
  const inside = s.gate.on ? s.etaS < c.predictHorizonS * 1.25 : s.etaS < c.predictHorizonS && towards > MIN_DEVIATION_Z
  const changed = debounce(s.gate, inside, x.t, c.onDelayS * 5000, c.offDelayS * 6000)
  if (!changed && !s.gate.on) return false
  // While the alarm holds, keep its explanation current; only a flip is reported as a change.
  out.active = s.gate.on
  out.variant = ''
  out.since = changed ? x.t : out.since
  out.actual = x.v
  out.expected = s.etaLimit === '' ? null : (c.limits[s.etaLimit] ?? null)
  out.etaSeconds = Number.isNaN(s.etaS) ? null : s.etaS
  out.etaUncertaintySeconds = Number.isNaN(s.etaSigmaS) ? null : s.etaSigmaS
  out.etaLimit = s.etaLimit === '' ? null : s.etaLimit
  out.score = Number.isNaN(s.etaS) ? 0 : Math.max(0, Math.min(1, 1 - s.etaS / (2 * c.predictHorizonS)))
  out.severity = s.etaS < c.predictHorizonS / 4 ? 'high' : 'medium'
  out.detail = s.gate.on ? `trending to ${describeEta(s, c.timeScale)}` : 'no longer trending towards a limit'
  return changed
}

/** The estimate last told the world about a standing prediction (its raise or latest update). */
export interface ToldEta {
  /** ETA then, plant seconds (NaN: none told). */
  etaS: number
  limit: LimitName | null
  /** Plant epoch ms of the sample it was made on. */
  at: number
}

/**
 * Share of the remaining time by which a standing prediction's ETA must move to be news.
 * Prognostics judges a remaining-useful-life estimate correct while it stays within a band
 * of ±α of the remaining time (the α-λ accuracy of Saxena et al., "Metrics for evaluating
 * performance of prognostic techniques", PHM 2008); with α = 10 %, a move inside that band
 * leaves the told ETA as right as it was, and a move beyond it would change what a planner does.
 */
export const PREDICTION_NEWS_FRACTION = 0.1
/**
 * Smallest move, as a share of the trend window, that is news however near the limit: a fit
 * over the window cannot place a crossing finer (one minute at the default 30-minute window).
 */
const PREDICTION_NEWS_MIN_WINDOW = 1 / 30
/**
 * Shortest time between two pieces of news about one prediction, as a share of the trend
 * window (3 plant minutes at the default 30). The fit forgets with a time constant of half its
 * window, so by then about a fifth of its weight is new evidence; a noisy ETA cannot flood the
 * alarm list and the planner faster than that.
 */
const PREDICTION_NEWS_INTERVAL_WINDOW = 1 / 10

/**
 * Whether a standing prediction is news again at plant time `now` (epoch ms): at least one
 * news interval after `told`, and either heading for another limit (H passed, now HH) or with
 * an ETA (`etaS`, plant seconds) that differs from the told one counted down to now by more
 * than {@link PREDICTION_NEWS_FRACTION} of it and by more than the fit's resolution. A
 * prediction that holds (a steady ramp) counts down in the operator's banner without news.
 */
export function predictionNews(told: ToldEta, now: number, etaS: number, limit: LimitName | null, c: TagDetectorConfig): boolean {
  if (!((now - told.at) / 1000 >= c.trendWindowS * PREDICTION_NEWS_INTERVAL_WINDOW)) return false
  if (limit !== told.limit || Number.isNaN(told.etaS)) return true
  const projected = told.etaS - (now - told.at) / 1000
  return Math.abs(etaS - projected) > Math.max(PREDICTION_NEWS_FRACTION * Math.max(0, projected), c.trendWindowS * PREDICTION_NEWS_MIN_WINDOW)
}

function minutes(sec: number): string {
  return sec < 120 ? `${sec.toFixed(0)} s` : `${(sec / 60).toFixed(1)} min`
}

/** "H in 12.0 min (±2.1 min), HH in 41.5 min", in source time when the plant runs `timeScale` times fast. */
export function describeEta(s: TrendState, timeScale = 1): string {
  if (s.etaLimit === '') return 'no limit'
  const first = `${s.etaLimit} in ${minutes(s.etaS / timeScale)} (±${minutes(s.etaSigmaS / timeScale)})`
  return s.eta2Limit === '' ? first : `${first}, ${s.eta2Limit} in ${minutes(s.eta2S / timeScale)}`
}
