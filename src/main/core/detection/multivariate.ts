import type { Contribution } from '../../../shared/anomaly'
import type { PcaModel, PcaScore } from './pca'
import { fitPca, newPcaScore, quantile, scorePca } from './pca'
import type { Condition, Debounce } from './types'
import { debounce, newDebounce } from './types'

/**
 * Per-equipment PCA monitor: learns from the first `learningFrames` frames (one
 * frame = the latest good value of each of the machine's tags), then raises when T²
 * or SPE exceeds a limit set from the learning frames, naming each tag's share.
 */
export interface MultivariateState {
  tags: string[]
  learning: Float64Array[]
  model: PcaModel | null
  score: PcaScore | null
  t2Limit: number
  speLimit: number
  /** max(T²/limit, SPE/limit) of the last frame. */
  ratio: number
  gate: Debounce
  /** Time of the last learning frame kept. */
  lastKept: number
}

/** A machine model that has not started learning. */
export const newMultivariateState = (tags: string[]): MultivariateState => ({
  tags,
  learning: [],
  model: null,
  score: null,
  t2Limit: Infinity,
  speLimit: Infinity,
  ratio: 0,
  gate: newDebounce(),
  lastKept: Number.NEGATIVE_INFINITY
})

/** One machine's model settings: defaults, or the tag map's `equipment.<name>.detectors`. */
export interface MultivariateConfig {
  learningFrames: number
  learningS: number
  /** Limits as a multiple of the learning period's 99.5th percentile. */
  limitMargin: number
  onDelayMs: number
  offDelayMs: number
}

// Limits sit above the learning period's 99.5th percentile: a healthy week has more variety than a learning hour.
const LIMIT_QUANTILE = 0.995
export const DEFAULT_LIMIT_MARGIN = 4
export const DEFAULT_ON_DELAY_S = 5
export const DEFAULT_OFF_DELAY_S = 15

function fit(s: MultivariateState, limitMargin: number): void {
  const dim = s.tags.length
  const model = fitPca(s.learning, dim)
  const score = newPcaScore(model)
  const t2 = s.learning.map((f) => scorePca(model, f, score).t2)
  const spe = s.learning.map((f) => scorePca(model, f, score).spe)
  s.model = model
  s.score = score
  s.t2Limit = Math.max(quantile(t2, LIMIT_QUANTILE) * limitMargin, 1e-6)
  s.speLimit = Math.max(quantile(spe, LIMIT_QUANTILE) * limitMargin, 1e-6)
  s.learning = []
}

/**
 * Feeds one frame at time `t`; returns true when the condition was raised or cleared.
 * Learning keeps at most `c.learningFrames` frames spread over `c.learningS` of running time,
 * so a fast publishing rate does not shrink the learning period to a minute.
 */
export function stepMultivariate(s: MultivariateState, frame: Float64Array, t: number, c: MultivariateConfig, out: Condition): boolean {
  if (s.model === null) {
    if (t - s.lastKept < (c.learningS * 1000) / c.learningFrames) return false
    s.lastKept = t
    s.learning.push(Float64Array.from(frame))
    if (s.learning.length >= c.learningFrames) fit(s, c.limitMargin)
    return false
  }
  const sc = scorePca(s.model, frame, s.score!)
  const rT2 = sc.t2 / s.t2Limit
  const rSpe = sc.spe / s.speLimit
  s.ratio = Math.max(rT2, rSpe)
  const want = s.gate.on ? s.ratio > 0.7 : s.ratio > 1
  const changed = debounce(s.gate, want, t, c.onDelayMs, c.offDelayMs)
  if (!changed) return false
  out.active = s.gate.on
  out.variant = ''
  out.since = t
  out.score = Math.min(1, s.ratio / 2)
  out.severity = s.ratio > 2 ? 'high' : 'medium'
  out.contributions = contributions(s, frame, rSpe >= rT2)
  const top = out.contributions[0]!
  out.expected = top.expected
  out.actual = top.actual
  out.detail = s.gate.on
    ? `tags no longer move together as they normally do (${rSpe >= rT2 ? 'SPE' : 'T²'} ${s.ratio.toFixed(1)}× limit; ${top.tag} ${(top.share * 100).toFixed(0)}%)`
    : 'tags move together normally again'
  return true
}

function contributions(s: MultivariateState, frame: Float64Array, bySpe: boolean): Contribution[] {
  const sc = s.score!
  const model = s.model!
  const parts = s.tags.map((_, j) => (bySpe ? sc.residual[j]! ** 2 : sc.t2Part[j]!))
  const total = parts.reduce((a, b) => a + b, 0) || 1
  return s.tags
    .map((tag, j) => ({
      tag,
      share: Math.min(1, parts[j]! / total),
      expected: bySpe ? sc.expected[j]! : model.mean[j]!,
      actual: frame[j]!
    }))
    .sort((a, b) => b.share - a.share)
}
