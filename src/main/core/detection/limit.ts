import type { LimitName } from '../../../shared/tagMap'
import { IS_HIGH_LIMIT, stepGate, tagLimits, worstLimit, type TagLimits } from '../alarms/limitEvaluator'
import type { Condition, Sample, TagDetectorConfig } from './types'

/** Limit detector state: the tag's limit gates (one evaluator with the limit alarms) and the level in force. */
export interface LimitState {
  limits: TagLimits
  level: LimitName | ''
}

/** No limit in force. */
export const newLimitState = (c: TagDetectorConfig): LimitState => ({ limits: tagLimits(c.limits, c.deadband, c.limitDelays), level: '' })

const RANK: Record<LimitName | '', number> = { '': 0, H: 1, L: 1, HH: 2, LL: 2 }

/**
 * The worst limit in force as one condition of the engine (HH/H/L/LL, judged by the
 * same evaluator, deadband and delays as the limit alarms). Returns true when the
 * level changed.
 */
export function stepLimit(s: LimitState, x: Sample, c: TagDetectorConfig, out: Condition): boolean {
  for (const g of s.limits.gates) stepGate(g, s.limits, x.v, x.t)
  const level = worstLimit(s.limits)
  if (level === s.level) return false
  s.level = level
  out.active = level !== ''
  out.variant = level
  out.since = x.t
  out.actual = x.v
  out.expected = level === '' ? null : (c.limits[level] ?? null)
  out.severity = RANK[level] === 2 ? 'critical' : level === '' ? 'info' : 'high'
  out.score = level === '' ? 0 : RANK[level] === 2 ? 1 : 0.8
  out.detail = level === '' ? 'back inside its limits' : `${IS_HIGH_LIMIT[level] ? 'above' : 'below'} ${level} limit`
  return true
}
