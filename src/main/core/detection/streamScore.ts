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
  /** Length of the subsequence compared with history (0: off). */
  knnWindow: number
  /** How many past subsequences it is compared with. */
  knnHistory: number
  /** Weight of the pointwise z-scores against the subsequence novelty. */
  zWeight: number
  /** Compare recent surprise with the tag's history (true) or report the raw surprise. */
  likelihood: boolean
  /** Weight of the difference z-score. */
  diffWeight: number
  /** A score must beat the recent maximum by this factor to be reported again. */
  margin: number
  /** Raw surprise from which a report starts a refractory period. */
  fireLevel: number
  /** Log step of the grid the surprise is rounded down to. */
  quantum: number
  /** An episode ends when the surprise falls under this fraction of its first report. */
  episodeFloor: number
  /** Samples an episode lasts at least. */
  minEpisode: number
}

export const NAB_STREAM_OPTIONS: StreamScoreOptions = {
  warmup: 150,
  levelAlpha: 0.01,
  diffAlpha: 0.01,
  shortAlpha: 0.3,
  longAlpha: 0.002,
  refractory: 300,
  knnWindow: 0,
  knnHistory: 2000,
  zWeight: 1,
  likelihood: true,
  diffWeight: 1,
  margin: 1,
  fireLevel: 0,
  quantum: 1e-9,
  episodeFloor: 0.5,
  minEpisode: 0
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
  lastReport: number
  lastReported: number
  /** Ring of recent values for the subsequence comparison. */
  ring: Float64Array
}

export function newStreamScore(o: StreamScoreOptions = NAB_STREAM_OPTIONS): StreamScoreState {
  const cap = o.refractory + 2
  return { o, n: 0, last: Number.NaN, mean: 0, dev: 0, dDev: 0, short: 0, lMean: 0, lVar: 1, qIdx: new Int32Array(cap), qVal: new Float64Array(cap), qHead: 0, qLen: 0, lastReport: -1e9, lastReported: 0, ring: new Float64Array(o.knnWindow > 0 ? o.knnHistory + o.knnWindow : 1) }
}

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
  s.ring[s.n % s.ring.length] = v
  const knn = o.knnWindow > 0 && s.n >= 2 * o.knnWindow ? novelty(s, sigma) : 0
  return Math.max(o.zWeight * Math.max(Math.abs(zl), o.diffWeight * Math.abs(zd)), knn)
}

// Distance (in baseline σ, per point) from the latest subsequence to its nearest past
// neighbour that does not overlap it: a shape never seen before is surprising even
// when every single value is within the normal range.
function novelty(s: StreamScoreState, sigma: number): number {
  const L = s.o.knnWindow
  const cap = s.ring.length
  const i = s.n
  const latest = i - L + 1
  const oldest = Math.max(0, i - cap + 1)
  let best = Infinity
  for (let j = latest - L; j >= oldest; j--) {
    let d = 0
    for (let k = 0; k < L && d < best; k++) {
      const e = s.ring[(j + k) % cap]! - s.ring[(latest + k) % cap]!
      d += e * e
    }
    if (d < best) best = d
  }
  return Number.isFinite(best) ? Math.sqrt(best / L) / sigma : 0
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
  if (!o.likelihood) {
    // Quantized on a log grid: a plateau that creeps up by hundredths is one episode, not fifty.
    const rq = r > 0 ? Math.exp(Math.floor(Math.log(r) / o.quantum) * o.quantum) : 0
    const k = refractory(s, i, rq)
    return k / (k + 3)
  }
  const z = dm / Math.sqrt(s.lVar + 1e-6)
  // A rational map instead of the normal CDF: it ranks extreme surprises apart instead of saturating at 1.
  const score = z > 0 ? z / (z + 3) : 0
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
  if (s.lastReported > 0 && score < s.lastReported * s.o.episodeFloor && i - s.lastReport >= s.o.minEpisode) s.lastReported = 0
  if (score <= recentMax) return 0
  if (s.lastReported > 0 && score <= s.lastReported * s.o.margin) return 0
  if (score >= s.o.fireLevel) {
    s.lastReport = i
    s.lastReported = score
  }
  return score
}
