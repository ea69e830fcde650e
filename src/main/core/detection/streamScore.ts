/**
 * Univariate streaming anomaly score in [0,1] for backtesting (NAB and single-tag
 * CSVs where no limits are known). It combines the engine's ideas, counted in
 * samples rather than seconds because benchmark files have no common rate:
 * a robust adaptive baseline of the value and of its first difference, a
 * likelihood stage that compares recent surprise with the tag's own history
 * (so one global threshold fits quiet and noisy tags alike), and a refractory
 * stage that reports an episode once instead of on every sample.
 */
export interface StreamScoreOptions {
  /** Samples before any score is given. */
  warmup: number
  /** EW weight of the value baseline. */
  levelAlpha: number
  /** EW weight of the difference baseline. */
  diffAlpha: number
  /** EW weight of the short-term surprise average. */
  shortAlpha: number
  /** EW weight of the long-term surprise distribution. */
  longAlpha: number
  /** Samples during which a weaker or equal score is not reported again. */
  refractory: number
}

export const NAB_STREAM_OPTIONS: StreamScoreOptions = {
  warmup: 150,
  levelAlpha: 0.01,
  diffAlpha: 0.01,
  shortAlpha: 0.3,
  longAlpha: 0.002,
  refractory: 300
}

export interface StreamScoreState {
  o: StreamScoreOptions
  n: number
  last: number
  mean: number
  dev: number
  dDev: number
  short: number
  lMean: number
  lVar: number
  /** Sliding maximum of raw scores over the refractory period: indices and values. */
  qIdx: Int32Array
  qVal: Float64Array
  qHead: number
  qLen: number
}

export function newStreamScore(o: StreamScoreOptions = NAB_STREAM_OPTIONS): StreamScoreState {
  const cap = o.refractory + 2
  return { o, n: 0, last: Number.NaN, mean: 0, dev: 0, dDev: 0, short: 0, lMean: 0, lVar: 1, qIdx: new Int32Array(cap), qVal: new Float64Array(cap), qHead: 0, qLen: 0 }
}

const SQRT1_2 = Math.SQRT1_2
// Abramowitz–Stegun 7.1.26: plenty for a score.
function erf(x: number): number {
  const s = Math.sign(x)
  const a = Math.abs(x)
  const t = 1 / (1 + 0.3275911 * a)
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a)
  return s * y
}
const normalCdf = (z: number): number => 0.5 * (1 + erf(z * SQRT1_2))

function raw(s: StreamScoreState, v: number): number {
  const o = s.o
  if (s.n === 0) {
    s.mean = v
    s.last = v
    return 0
  }
  const d = v - s.last
  s.last = v
  const sigma = 1.2533 * s.dev + 1e-9 * (Math.abs(s.mean) + 1)
  const dSigma = 1.2533 * s.dDev + 1e-9 * (Math.abs(s.mean) + 1)
  const zl = (v - s.mean) / sigma
  const zd = d / dSigma
  const warm = s.n < o.warmup
  const a = warm ? Math.max(1 / (s.n + 1), o.levelAlpha) : o.levelAlpha
  const ad = warm ? Math.max(1 / s.n, o.diffAlpha) : o.diffAlpha
  const r = v - s.mean
  s.mean += a * (s.n < 10 ? r : Math.max(-3 * sigma, Math.min(3 * sigma, r)))
  s.dev += a * (Math.min(Math.abs(r), s.n < 10 ? Infinity : 4 * sigma) - s.dev)
  s.dDev += ad * (Math.min(Math.abs(d), s.n < 10 ? Infinity : 4 * dSigma) - s.dDev)
  return Math.max(Math.abs(zl), Math.abs(zd))
}

/** Feeds the next value (NaN and ±Infinity are skipped and score 0); returns the score in [0,1]. */
export function stepStreamScore(s: StreamScoreState, v: number): number {
  if (!Number.isFinite(v)) return 0
  const o = s.o
  const r = raw(s, v)
  const i = s.n++
  const lr = Math.log1p(r)
  s.short += (i === 0 ? 1 : o.shortAlpha) * (lr - s.short)
  const al = i < o.warmup ? 1 / (i + 1) : o.longAlpha
  const dm = s.short - s.lMean
  s.lMean += al * dm
  s.lVar = (1 - al) * (s.lVar + al * dm * dm)
  if (i < o.warmup) return 0
  const z = dm / Math.sqrt(s.lVar + 1e-6)
  const score = normalCdf(z)
  return refractory(s, i, score)
}

// Reports a score only when it beats every score of the last `refractory` samples, so an
// episode yields one early detection at any threshold instead of a string of them.
function refractory(s: StreamScoreState, i: number, score: number): number {
  const cap = s.qIdx.length
  while (s.qLen > 0 && s.qIdx[s.qHead]! <= i - s.o.refractory) {
    s.qHead = (s.qHead + 1) % cap
    s.qLen--
  }
  const recentMax = s.qLen > 0 ? s.qVal[s.qHead]! : 0
  while (s.qLen > 0 && s.qVal[(s.qHead + s.qLen - 1) % cap]! <= score) s.qLen--
  const tail = (s.qHead + s.qLen) % cap
  s.qIdx[tail] = i
  s.qVal[tail] = score
  s.qLen++
  return score > recentMax ? score : 0
}
