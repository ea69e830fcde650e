import type { Condition, Sample, TagDetectorConfig } from './types'
import { ewAlpha } from './types'

/**
 * Two-sided CUSUM on the residual from the adaptive baseline, weighted by time
 * (σ·minutes) so the sampling rate does not change its sensitivity. A slow creep that
 * the baseline keeps trailing leaves a steady residual, which the sums accumulate.
 * The residual is scaled by a reference spread that learns ten times slower than the
 * baseline's own: the creep widens the baseline's spread and would otherwise hide itself.
 */
export interface DriftState {
  up: number
  down: number
  lastT: number
  on: boolean
  /** Reference spread (NaN until the baseline has learned). */
  sigmaRef: number
}

/** Drift sums at zero, no reference spread yet. */
export const newDriftState = (): DriftState => ({ up: 0, down: 0, lastT: Number.NaN, on: false, sigmaRef: Number.NaN })

const SLOWER = 10

/**
 * Feeds the baseline residual of one good sample (`sigma`: the baseline's spread;
 * `entrySigma`: the spread learned right after entries while in one, else 0: the level
 * carried into a new operating point re-learns, and its miss then is no creep).
 * Returns true when the drift condition changed.
 */
export function stepDrift(s: DriftState, x: Sample, expected: number, sigma: number, c: TagDetectorConfig, ready: boolean, out: Condition, entrySigma = 0): boolean {
  const dtMs = Number.isNaN(s.lastT) ? 0 : Math.min(Math.max(x.t - s.lastT, 0), 60_000)
  s.lastT = x.t
  if (!ready) return false
  if (Number.isNaN(s.sigmaRef)) s.sigmaRef = sigma
  const r = x.v - expected
  if (!s.on) s.sigmaRef += ewAlpha(dtMs, c.baselineTauS * SLOWER) * (Math.min(Math.abs(r) * 1.2533, 3 * s.sigmaRef) - s.sigmaRef)
  // Clip z so one outlier cannot fake a drift; drifts are many small steps. The clip sits
  // a fixed 3 σ above the allowance k, so a sample adds at most 3 σ·min per minute for
  // every signal kind: a fixed clip gave a tag with a wide allowance half the top rate.
  const zMax = c.driftK + 3
  const zc = Math.max(-zMax, Math.min(zMax, r / Math.max(s.sigmaRef, entrySigma, 1e-12)))
  const dtMin = dtMs / 60_000
  const cap = 2 * c.driftH
  // Only the dangerous way counts for a tag with limits on one side.
  if (c.direction >= 0) s.up = Math.min(cap, Math.max(0, s.up + (zc - c.driftK) * dtMin))
  if (c.direction <= 0) s.down = Math.min(cap, Math.max(0, s.down + (-zc - c.driftK) * dtMin))
  const level = Math.max(s.up, s.down)
  const want = s.on ? level > c.driftH * 0.5 : level > c.driftH
  if (want === s.on) return false
  s.on = want
  out.active = want
  out.variant = ''
  out.since = x.t
  out.expected = expected
  out.actual = x.v
  out.score = Math.min(1, level / cap)
  out.severity = 'medium'
  out.detail = want ? `drifting ${s.up >= s.down ? 'up' : 'down'} from its normal level` : 'drift has stopped'
  return true
}

/** Current drift evidence in [0,1]. */
export const driftScore = (s: DriftState, c: TagDetectorConfig): number => Math.min(1, Math.max(s.up, s.down) / (2 * c.driftH))
