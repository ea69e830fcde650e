/**
 * Univariate streaming anomaly score in [0,1] for backtesting (NAB, and CSV columns
 * without limits). Counted in samples, not seconds, because benchmark files share no
 * sampling rate. Two stages:
 *
 * 1. Surprise, on two time scales:
 *    - point: the robust z-score of the value against a slow, Huberized EWMA
 *      baseline (the engine's adaptive baseline with a long memory), or, once a week
 *      of history exists, against the same half hour of the day (shift and daily
 *      patterns), whichever is larger;
 *    - shift: a short EWMA of the values (memory about 1 / `shortAlpha` samples),
 *      scored by the same robust z-score against its own slow baseline and spread.
 *      A level shift or a run of small excursions that is lost in the noise of one
 *      sample stands out against the much smaller noise of a mean.
 * 2. Episodes, kept per channel: a channel reports only when its surprise, rounded
 *    down on a logarithmic grid, sets a record over the last `refractory` samples, and,
 *    while an episode lasts, only when it escalates by `margin`. An operator (and NAB)
 *    wants the first sign of an episode, not the same news every sample; the rounding
 *    keeps a plateau that creeps up by hundredths from counting as news. A point record
 *    must also beat every earlier point surprise faded by its age (by e every
 *    `recordFade` samples): in a spiky stream a spike is only news when it stands out
 *    against the spikes of the last few thousand samples, not just the last
 *    `refractory`. Separate records let a shift be news shortly after a larger spike;
 *    the shift channel keeps quiet while a point episode is open, since a spike drags
 *    the short mean with it.
 */
export interface StreamScoreOptions {
  /** Samples before any score is given. */
  warmup: number
  /** EW weight of the baseline (about 1 / memory in samples). */
  levelAlpha: number
  /** Samples a record must beat. */
  refractory: number
  /**
   * Samples over which an earlier point surprise fades by e (0: no fading memory).
   * A point record must also beat every earlier point surprise so faded.
   */
  recordFade: number
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
  /** EW weight of the short mean of the values (about 1 / its memory in samples; 0: channel off). */
  shortAlpha: number
  /** Weight of the short-mean channel's surprise. */
  shortWeight: number
}

/** The one configuration used for the whole NAB corpus. */
export const NAB_STREAM_OPTIONS: StreamScoreOptions = {
  warmup: 300,
  levelAlpha: 0.0003,
  refractory: 1200,
  recordFade: 3000,
  quantum: 0.07,
  fireLevel: 1.25,
  margin: 2.5,
  episodeFloor: 0.2,
  seasonalWeight: 0.5,
  seasonalBinMin: 30,
  seasonalAlpha: 0.02,
  seasonalDays: 7,
  shortAlpha: 0.1,
  shortWeight: 0.5
}

/** Sliding-maximum record keeper with episode memory; O(refractory) memory. */
interface Gate {
  qIdx: Int32Array
  qVal: Float64Array
  qHead: number
  qLen: number
  /** Opening surprise of the current episode, 0 when none. */
  episode: number
  /** Highest earlier rounded surprise, faded by its age (see `recordFade`). */
  faded: number
}

/** Robust EW location and spread of one feature. */
interface Track {
  mean: number
  dev: number
}

/** Scorer state; plain data, O(refractory) memory. */
export interface StreamScoreState {
  o: StreamScoreOptions
  n: number
  level: Track
  /** Short EW mean of the values and its robust track. */
  sMean: number
  meanTrack: Track
  /** Record gates of the point channel and of the short-mean channel. */
  point: Gate
  shift: Gate
  /** Time-of-day profile: mean per bin, and the spread of the residuals from it. */
  binMean: Float64Array
  binSeen: Uint8Array
  sDev: number
  firstT: number
}

const newGate = (cap: number): Gate => ({ qIdx: new Int32Array(cap), qVal: new Float64Array(cap), qHead: 0, qLen: 0, episode: 0, faded: 0 })

/** A scorer that has seen nothing yet. */
export function newStreamScore(o: StreamScoreOptions = NAB_STREAM_OPTIONS): StreamScoreState {
  const cap = o.refractory + 2
  const bins = Math.ceil(1440 / o.seasonalBinMin)
  return {
    o,
    n: 0,
    level: { mean: 0, dev: 0 },
    sMean: 0,
    meanTrack: { mean: 0, dev: 0 },
    point: newGate(cap),
    shift: newGate(cap),
    binMean: new Float64Array(bins),
    binSeen: new Uint8Array(bins),
    sDev: 0,
    firstT: Number.NaN
  }
}

/** |x − mean| / σ of a robust (Huberized) EW track, then updates the track with x. */
function robustZ(tr: Track, x: number, n: number, o: StreamScoreOptions): number {
  if (n === 0) {
    tr.mean = x
    return 0
  }
  const sigma = 1.2533 * tr.dev + 1e-9 * (Math.abs(tr.mean) + 1)
  const r = x - tr.mean
  const a = n < o.warmup ? Math.max(1 / (n + 1), o.levelAlpha) : o.levelAlpha
  const early = n < 10
  tr.mean += a * (early ? r : Math.max(-3 * sigma, Math.min(3 * sigma, r)))
  tr.dev += a * (Math.min(Math.abs(r), early ? Infinity : 4 * sigma) - tr.dev)
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

const quantize = (z: number, q: number): number => (z > 0 ? Math.exp(Math.floor(Math.log(z) / q) * q) : 0)

/**
 * Feeds the next value at time `t` (epoch ms; NaN when unknown). NaN and ±Infinity
 * values are skipped and score 0. Returns the score in [0,1].
 */
export function stepStreamScore(s: StreamScoreState, v: number, t = Number.NaN): number {
  if (!Number.isFinite(v)) return 0
  const o = s.o
  const n = s.n
  const z0 = Math.max(robustZ(s.level, v, n, o), seasonal(s, v, t))
  let z1 = 0
  if (o.shortAlpha > 0) {
    s.sMean = n === 0 ? v : s.sMean + o.shortAlpha * (v - s.sMean)
    z1 = o.shortWeight * robustZ(s.meanTrack, s.sMean, n, o)
  }
  const i = s.n++
  if (i < o.warmup) return 0
  // Both gates see every sample, so each keeps its own record; a shift is news only
  // while no point episode is open (a spike moves the short mean too, and is old news).
  let z = isNews(s.point, o, i, z0, o.recordFade) ? z0 : 0
  const busy = s.point.episode > 0
  if (isNews(s.shift, o, i, z1, 0) && !busy) z = Math.max(z, z1)
  // Overflowing inputs (|v| near Number.MAX_VALUE) may give an infinite or NaN surprise.
  return z === Infinity ? 1 : z > 0 ? z / (z + 3) : 0
}

function isNews(g: Gate, o: StreamScoreOptions, i: number, z: number, fade: number): boolean {
  const zq = quantize(z, o.quantum)
  const cap = g.qIdx.length
  while (g.qLen > 0 && g.qIdx[g.qHead]! <= i - o.refractory) {
    g.qHead = (g.qHead + 1) % cap
    g.qLen--
  }
  const recentMax = g.qLen > 0 ? g.qVal[g.qHead]! : 0
  while (g.qLen > 0 && g.qVal[(g.qHead + g.qLen - 1) % cap]! <= zq) g.qLen--
  const tail = (g.qHead + g.qLen) % cap
  g.qIdx[tail] = i
  g.qVal[tail] = zq
  g.qLen++
  if (g.episode > 0 && zq < g.episode * o.episodeFloor) g.episode = 0
  const faded = g.faded
  if (fade > 0) g.faded = Math.max(zq, g.faded * Math.exp(-1 / fade))
  if (zq <= recentMax || zq <= faded) return false
  if (g.episode > 0 && zq <= g.episode * o.margin) return false
  if (z >= o.fireLevel) g.episode = zq
  return true
}
