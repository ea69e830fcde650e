/**
 * Univariate streaming anomaly score in [0,1] for backtesting (NAB, and CSV columns
 * without limits). Counted in samples, not seconds, because benchmark files share no
 * sampling rate. Two stages:
 *
 * 1. Surprise: the robust z-score of the value against a slow, Huberized EWMA
 *    baseline (the engine's adaptive baseline with a long memory), or, once a week
 *    of history exists, against the same half hour of the day (shift and daily
 *    patterns), whichever is larger.
 * 2. Episodes: a score is reported only when the surprise, rounded down on a
 *    logarithmic grid, sets a record over the last `refractory` samples, and, while
 *    an episode lasts, only when it escalates by `margin`. An operator (and NAB)
 *    wants the first sign of an episode, not the same news every sample; the
 *    rounding keeps a plateau that creeps up by hundredths from counting as news.
 */
export interface StreamScoreOptions {
  /** Samples before any score is given. */
  warmup: number
  /** EW weight of the baseline (about 1 / memory in samples). */
  levelAlpha: number
  /** Samples a record must beat. */
  refractory: number
  /** Step of the logarithmic grid the surprise is rounded down to. */
  quantum: number
  /** Surprise (σ) from which a report opens an episode. */
  fireLevel: number
  /** Within an episode, a report must exceed the opening one by this factor. */
  margin: number
  /** An episode ends when the surprise falls under this fraction of its opening. */
  episodeFloor: number
  /** Weight of the time-of-day channel (0: off). */
  seasonalWeight: number
  /** Width of a time-of-day bin, minutes. */
  seasonalBinMin: number
  /** EW weight of a bin's mean per visit. */
  seasonalAlpha: number
  /** Days of history before the time-of-day channel speaks. */
  seasonalDays: number
}

/** The one configuration used for the whole NAB corpus. */
export const NAB_STREAM_OPTIONS: StreamScoreOptions = {
  warmup: 300,
  levelAlpha: 0.0003,
  refractory: 1200,
  quantum: 0.07,
  fireLevel: 1,
  margin: 3,
  episodeFloor: 0.2,
  seasonalWeight: 0.5,
  seasonalBinMin: 30,
  seasonalAlpha: 0.02,
  seasonalDays: 7
}

/** Scorer state; plain data, O(refractory) memory. */
export interface StreamScoreState {
  o: StreamScoreOptions
  n: number
  mean: number
  dev: number
  /** Monotonic deque (sliding maximum) of rounded surprises: sample indices and values. */
  qIdx: Int32Array
  qVal: Float64Array
  qHead: number
  qLen: number
  /** Opening surprise of the current episode, 0 when none. */
  episode: number
  /** Time-of-day profile: mean per bin, and the spread of the residuals from it. */
  binMean: Float64Array
  binSeen: Uint8Array
  sDev: number
  firstT: number
}

/** A scorer that has seen nothing yet. */
export function newStreamScore(o: StreamScoreOptions = NAB_STREAM_OPTIONS): StreamScoreState {
  const cap = o.refractory + 2
  return { o, n: 0, mean: 0, dev: 0, qIdx: new Int32Array(cap), qVal: new Float64Array(cap), qHead: 0, qLen: 0, episode: 0, binMean: new Float64Array(Math.ceil(1440 / o.seasonalBinMin)), binSeen: new Uint8Array(Math.ceil(1440 / o.seasonalBinMin)), sDev: 0, firstT: Number.NaN }
}

function surprise(s: StreamScoreState, v: number): number {
  const o = s.o
  if (s.n === 0) {
    s.mean = v
    return 0
  }
  const sigma = 1.2533 * s.dev + 1e-9 * (Math.abs(s.mean) + 1)
  const r = v - s.mean
  const a = s.n < o.warmup ? Math.max(1 / (s.n + 1), o.levelAlpha) : o.levelAlpha
  const early = s.n < 10
  s.mean += a * (early ? r : Math.max(-3 * sigma, Math.min(3 * sigma, r)))
  s.dev += a * (Math.min(Math.abs(r), early ? Infinity : 4 * sigma) - s.dev)
  return Math.abs(r) / sigma
}

const DAY_MS = 86_400_000

// Surprise against the same time of day: a quiet Monday morning is news even when the value
// is well inside the range of the whole week.
function seasonal(s: StreamScoreState, v: number, t: number): number {
  const o = s.o
  if (o.seasonalWeight <= 0 || !Number.isFinite(t)) return 0
  if (Number.isNaN(s.firstT)) s.firstT = t
  const bin = Math.floor((((t % DAY_MS) + DAY_MS) % DAY_MS) / 60_000 / o.seasonalBinMin)
  if (!s.binSeen[bin]) {
    s.binSeen[bin] = 1
    s.binMean[bin] = v
    return 0
  }
  const r = v - s.binMean[bin]!
  const sigma = 1.2533 * s.sDev + 1e-9 * (Math.abs(v) + 1)
  const ready = t - s.firstT >= o.seasonalDays * DAY_MS
  s.binMean[bin]! += o.seasonalAlpha * (ready ? Math.max(-3 * sigma, Math.min(3 * sigma, r)) : r)
  s.sDev += (ready ? o.levelAlpha : 0.01) * ((ready ? Math.min(Math.abs(r), 4 * sigma) : Math.abs(r)) - s.sDev)
  return ready ? (o.seasonalWeight * Math.abs(r)) / sigma : 0
}

/**
 * Feeds the next value at time `t` (epoch ms; NaN when unknown). NaN and ±Infinity
 * values are skipped and score 0. Returns the score in [0,1].
 */
export function stepStreamScore(s: StreamScoreState, v: number, t = Number.NaN): number {
  if (!Number.isFinite(v)) return 0
  const o = s.o
  const z = Math.max(surprise(s, v), seasonal(s, v, t))
  const i = s.n++
  if (i < o.warmup) return 0
  const zq = z > 0 ? Math.exp(Math.floor(Math.log(z) / o.quantum) * o.quantum) : 0
  return isNews(s, i, zq, z) ? z / (z + 3) : 0
}

function isNews(s: StreamScoreState, i: number, zq: number, z: number): boolean {
  const cap = s.qIdx.length
  while (s.qLen > 0 && s.qIdx[s.qHead]! <= i - s.o.refractory) {
    s.qHead = (s.qHead + 1) % cap
    s.qLen--
  }
  const recentMax = s.qLen > 0 ? s.qVal[s.qHead]! : 0
  while (s.qLen > 0 && s.qVal[(s.qHead + s.qLen - 1) % cap]! <= zq) s.qLen--
  const tail = (s.qHead + s.qLen) % cap
  s.qIdx[tail] = i
  s.qVal[tail] = zq
  s.qLen++
  if (s.episode > 0 && zq < s.episode * s.o.episodeFloor) s.episode = 0
  if (zq <= recentMax) return false
  if (s.episode > 0 && zq <= s.episode * s.o.margin) return false
  if (z >= s.o.fireLevel) s.episode = zq
  return true
}
