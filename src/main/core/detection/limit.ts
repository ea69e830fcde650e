import type { LimitName } from '../../../shared/tagMap'
import type { Condition, Sample, TagDetectorConfig } from './types'

/** Limit detector state: the level in force and the level waiting out its delay. */
export interface LimitState {
  level: LimitName | ''
  pending: LimitName | ''
  pendingSince: number
}

/** No limit in force. */
export const newLimitState = (): LimitState => ({ level: '', pending: '', pendingSince: 0 })

const RANK: Record<LimitName | '', number> = { '': 0, H: 1, L: 1, HH: 2, LL: 2 }

// With hysteresis: once in a limit, the value must come back inside by the deadband to leave it.
function rawLevel(v: number, current: LimitName | '', c: TagDetectorConfig): LimitName | '' {
  const { HH, H, L, LL } = c.limits
  const db = c.deadband
  if (HH !== undefined && (v >= HH || (current === 'HH' && v > HH - db))) return 'HH'
  if (H !== undefined && (v >= H || ((current === 'H' || current === 'HH') && v > H - db))) return 'H'
  if (LL !== undefined && (v <= LL || (current === 'LL' && v < LL + db))) return 'LL'
  if (L !== undefined && (v <= L || ((current === 'L' || current === 'LL') && v < L + db))) return 'L'
  return ''
}

/**
 * HH/H/L/LL with deadband and on/off delays: a worse level must hold for `onDelayS`
 * before it is raised, a better one for `offDelayS` before it is taken back, so a
 * noisy value at the limit does not chatter. Returns true when the level changed.
 */
export function stepLimit(s: LimitState, x: Sample, c: TagDetectorConfig, out: Condition): boolean {
  const raw = rawLevel(x.v, s.level, c)
  if (raw === s.level) {
    s.pending = s.level
    return false
  }
  if (raw !== s.pending) {
    s.pending = raw
    s.pendingSince = x.t
  }
  const delayS = RANK[raw] > RANK[s.level] ? c.onDelayS : c.offDelayS
  if (x.t - s.pendingSince < delayS * 1000) return false
  s.level = raw
  out.active = raw !== ''
  out.variant = raw
  out.since = x.t
  out.actual = x.v
  out.expected = raw === '' ? null : (c.limits[raw] ?? null)
  out.severity = raw === 'HH' || raw === 'LL' ? 'critical' : raw === '' ? 'info' : 'high'
  out.score = raw === '' ? 0 : RANK[raw] === 2 ? 1 : 0.8
  out.detail = raw === '' ? 'back inside its limits' : `${raw === 'H' || raw === 'HH' ? 'above' : 'below'} ${raw} limit`
  return true
}
