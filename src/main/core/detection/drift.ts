import type { Condition, Sample, TagDetectorConfig } from './types'

/**
 * Two-sided CUSUM on the baseline's z-score, weighted by time (σ·minutes) so the
 * sampling rate does not change its sensitivity. A slow creep that the adaptive
 * baseline keeps trailing leaves a steady offset, which the sums accumulate.
 */
export interface DriftState {
  up: number
  down: number
  lastT: number
  on: boolean
}

export const newDriftState = (): DriftState => ({ up: 0, down: 0, lastT: Number.NaN, on: false })

/** Feeds the baseline z of one good sample; returns true when the drift condition changed. */
export function stepDrift(s: DriftState, x: Sample, z: number, expected: number, c: TagDetectorConfig, ready: boolean, out: Condition): boolean {
  const dtMin = Number.isNaN(s.lastT) ? 0 : Math.min(Math.max(x.t - s.lastT, 0), 60_000) / 60_000
  s.lastT = x.t
  if (!ready) return false
  // Clip z so one outlier cannot fake a drift; drifts are many small steps.
  const zc = Math.max(-4, Math.min(4, z))
  const cap = 2 * c.driftH
  s.up = Math.min(cap, Math.max(0, s.up + (zc - c.driftK) * dtMin))
  s.down = Math.min(cap, Math.max(0, s.down + (-zc - c.driftK) * dtMin))
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
