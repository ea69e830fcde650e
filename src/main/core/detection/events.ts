import type { AnomalyEvent } from '../../../shared/anomaly'
import { conditionId } from '../../../shared/alarms'
import { predictionNews, type ToldEta } from './trend'
import type { Condition, TagDetectorConfig } from './types'

/** A condition and what the engine last told the world about it. */
export interface Tracked {
  cond: Condition
  /** Tag or equipment name the condition belongs to. */
  owner: string
  /** Id of the raised, not yet cleared occurrence, or null. */
  openId: string | null
  openVariant: string
  openCondition: string
  /** The ETA last told about the open occurrence (predictive conditions). */
  told: ToldEta
}

/** Starts tracking a condition owned by a tag or a machine. */
export const track = (cond: Condition, owner: string): Tracked => ({ cond, owner, openId: null, openVariant: '', openCondition: '', told: { etaS: Number.NaN, limit: null, at: Number.NaN } })

function tell(tr: Tracked, at: number): void {
  tr.told.etaS = tr.cond.etaSeconds ?? Number.NaN
  tr.told.limit = tr.cond.etaLimit
  tr.told.at = at
}

const INSTRUMENT_ACTION = 'check the instrument and its connection'

const round = (v: number | null): number | null => (v === null || !Number.isFinite(v) ? null : Math.round(v * 1e4) / 1e4)

function fmt(v: number | null, unit: string): string {
  if (v === null) return '—'
  return `${Number(v.toPrecision(4))}${unit ? ` ${unit}` : ''}`
}

function build(tr: Tracked, cfg: TagDetectorConfig | null, equipment: string, id: string, condition: string, active: boolean): AnomalyEvent {
  const c = tr.cond
  const unit = cfg?.unit ?? ''
  const contributions = c.contributions ?? [{ tag: tr.owner, share: 1, expected: round(c.expected), actual: round(c.actual) }]
  const tag = contributions[0]?.tag ?? tr.owner
  // The tag map's action is about the process; a data-quality problem is the instrument's.
  const action = c.kind === 'data-quality' ? (active ? INSTRUMENT_ACTION : null) : (c.action ?? cfg?.action ?? null)
  const shown = c.detector === 'rate' ? `${unit}/s` : unit
  const numbers = cfg && c.kind !== 'data-quality' && c.kind !== 'info' && c.actual !== null ? ` (actual ${fmt(c.actual, shown)}, expected ${c.detector === 'rate' ? '≤ ' : ''}${fmt(c.expected, shown)})` : ''
  return {
    id,
    condition,
    tag,
    tags: contributions.map((k) => k.tag),
    equipment,
    detector: c.detector,
    kind: c.kind,
    severity: active ? c.severity : 'info',
    message: `${tr.owner}: ${c.detail}${active ? numbers : ''}${active && action ? `. Suggested action: ${action}` : ''}`,
    detail: c.detail,
    expected: round(c.expected),
    actual: round(c.actual),
    unit,
    score: Math.max(0, Math.min(1, c.score)),
    contributions: contributions.map((k) => ({ ...k, expected: round(k.expected), actual: round(k.actual) })),
    etaSeconds: c.etaSeconds === null ? null : Math.max(0, c.etaSeconds),
    etaUncertaintySeconds: c.etaUncertaintySeconds === null ? null : Math.max(0, c.etaUncertaintySeconds),
    etaLimit: c.etaLimit,
    action,
    time: c.since,
    active
  }
}

/**
 * Emits what changed about a condition since the last call: a clear for the open
 * occurrence when it ended or changed variant (H → HH), a raise for a new one.
 * Returns the change in the number of active non-data-quality conditions.
 */
export function syncCondition(tr: Tracked, cfg: TagDetectorConfig | null, equipment: string, out: AnomalyEvent[]): number {
  const c = tr.cond
  let delta = 0
  const counts = c.kind === 'anomaly' || c.kind === 'predictive'
  if (tr.openId !== null && (!c.active || c.variant !== tr.openVariant)) {
    out.push(build(tr, cfg, equipment, tr.openId, tr.openCondition, false))
    tr.openId = null
    if (counts) delta--
  }
  if (c.active && tr.openId === null) {
    const condition = conditionId(c.detector, tr.owner, c.variant)
    tr.openId = `${condition}@${c.since}`
    tr.openVariant = c.variant
    tr.openCondition = condition
    out.push(build(tr, cfg, equipment, tr.openId, condition, true))
    tell(tr, c.since)
    if (counts) delta++
  }
  return delta
}

/**
 * Emits an `update` of a standing prediction whose ETA or limit is news since it was last
 * told (see `predictionNews`), made on the sample at plant time `now`. The occurrence keeps
 * its id: it is neither raised again nor counted. Returns true when it emitted.
 */
export function syncPrediction(tr: Tracked, cfg: TagDetectorConfig, equipment: string, now: number, out: AnomalyEvent[]): boolean {
  const c = tr.cond
  if (tr.openId === null || !c.active || c.kind !== 'predictive' || c.etaSeconds === null) return false
  if (!predictionNews(tr.told, now, c.etaSeconds, c.etaLimit, cfg)) return false
  out.push({ ...build(tr, cfg, equipment, tr.openId, tr.openCondition, true), time: now, update: 'prediction' })
  tell(tr, now)
  return true
}
