import { isGoodStatus, type AlarmPriority, type TagInfo } from '../../../shared/domain'
import type { SampleBatch } from '../../../shared/contract'
import { LIMIT_NAMES, type LimitName } from '../../../shared/tagMap'
import type { AlarmBook } from './alarmBook'

/** HH and LL mean the equipment is about to trip; H and L ask for attention. */
const PRIORITY: Record<LimitName, AlarmPriority> = { HH: 1, LL: 1, H: 2, L: 2 }
const IS_HIGH: Record<LimitName, boolean> = { HH: true, H: true, L: false, LL: false }

/**
 * Whether a limit condition is active after `value`, with hysteresis: a high
 * limit trips at `value >= limit` and clears only below `limit - deadband`.
 */
export function limitConditionActive(limit: LimitName, threshold: number, deadband: number, value: number, wasActive: boolean): boolean {
  if (IS_HIGH[limit]) return wasActive ? value >= threshold - deadband : value >= threshold
  return wasActive ? value <= threshold + deadband : value <= threshold
}

/** `CV-101.Vibration` → `Vibration`: the measured variable without its equipment. */
const variableOf = (tag: TagInfo): string =>
  tag.name.startsWith(`${tag.equipment}.`) ? tag.name.slice(tag.equipment.length + 1) : tag.name

/**
 * Evaluates a batch against the tags' limits; returns true when the alarm list changed.
 * `tick(nowMs)` lets delays run out on time alone: OPC UA reports changes only, so a
 * value that settles just inside its limit sends nothing more, and its alarm must still
 * return to normal once the off-delay has passed.
 */
export type LimitAlarms = ((batch: SampleBatch) => boolean) & { tick(nowMs: number): boolean }

/**
 * A limit alarm returns to normal only after its value has stayed back inside for
 * this long (ISA-18.2 off-delay): a noisy value at its limit must not chatter.
 * Raising is immediate unless the tag's `detectors.onDelayS` asks otherwise.
 */
export const DEFAULT_LIMIT_OFF_DELAY_S = 5

interface LimitCondition {
  limit: LimitName
  threshold: number
  id: string
  active: boolean
  /** Source time since which the value says otherwise than `active`; NaN when it agrees. */
  pendingSince: number
  pendingValue: number
  /** Wall-clock time the pending change was seen: `tick` times delays on it, whatever the device clock says. */
  pendingWall: number
  /** Delays before raising and before clearing, from the tag's `detectors`. */
  onDelayMs: number
  offDelayMs: number
}

/**
 * H/HH/L/LL alarms of a tag list, kept in `book`, with deadband and on/off delays
 * timed by source timestamps. Values with Bad or Uncertain quality and non-finite
 * values never change a condition: a lost sensor is a data-quality problem, not a
 * process alarm.
 */
export function createLimitAlarms(tags: readonly TagInfo[], book: AlarmBook, clock: () => number = Date.now): LimitAlarms {
  const limitsByTag = tags.map((tag) =>
    LIMIT_NAMES.flatMap((limit): LimitCondition[] => {
      const threshold = tag.limits[limit]
      if (threshold === undefined) return []
      const onDelayMs = (tag.detectors?.onDelayS ?? 0) * 1000
      const offDelayMs = (tag.detectors?.offDelayS ?? DEFAULT_LIMIT_OFF_DELAY_S) * 1000
      return [{ limit, threshold, id: `${tag.name}:${limit}`, active: false, pendingSince: Number.NaN, pendingValue: Number.NaN, pendingWall: Number.NaN, onDelayMs, offDelayMs }]
    })
  )
  // Conditions waiting out a delay, checked again as time passes (OPC UA sends changes only).
  const waiting = new Map<LimitCondition, TagInfo>()

  function commit(tag: TagInfo, condition: LimitCondition): boolean {
    condition.active = !condition.active
    condition.pendingSince = Number.NaN
    waiting.delete(condition)
    return book.set(
      {
        id: condition.id,
        tag: tag.name,
        equipment: tag.equipment,
        kind: 'limit',
        limit: condition.limit,
        priority: PRIORITY[condition.limit],
        // The row names the tag already; descriptions are too long for a banner line.
        message: `${variableOf(tag)} ${IS_HIGH[condition.limit] ? 'above' : 'below'} ${condition.limit} limit`,
        // The alarm keeps the value that raised it; the live value is on the trend and indicators.
        value: condition.pendingValue,
        threshold: condition.threshold,
        unit: tag.unit,
        ...(tag.action ? { action: tag.action } : {})
      },
      condition.active
    )
  }

  const due = (condition: LimitCondition, now: number): boolean =>
    now - condition.pendingSince >= (condition.active ? condition.offDelayMs : condition.onDelayMs)

  const evaluate = (batch: SampleBatch): boolean => {
    let changed = false
    let latest = Number.NEGATIVE_INFINITY
    for (let i = 0; i < batch.value.length; i++) {
      const value = batch.value[i]!
      const time = batch.sourceTime[i]!
      if (time > latest) latest = time
      const tag = tags[batch.tagIndex[i]!]
      const limits = limitsByTag[batch.tagIndex[i]!]
      if (tag === undefined || limits === undefined) continue
      if (!Number.isFinite(value) || !isGoodStatus(batch.status[i]!)) {
        // The value is no longer known (stale, bad sensor): a pending change can no longer be confirmed.
        for (const condition of limits) {
          condition.pendingSince = Number.NaN
          waiting.delete(condition)
        }
        continue
      }
      for (const condition of limits) {
        const active = limitConditionActive(condition.limit, condition.threshold, tag.deadband ?? 0, value, condition.active)
        if (active === condition.active) {
          condition.pendingSince = Number.NaN
          waiting.delete(condition)
          continue
        }
        if (Number.isNaN(condition.pendingSince)) {
          condition.pendingSince = time
          condition.pendingWall = clock()
          condition.pendingValue = value
          waiting.set(condition, tag)
        } else if (active) condition.pendingValue = value
        if (due(condition, time)) changed = commit(tag, condition) || changed
      }
    }
    for (const [condition, tag] of waiting) if (due(condition, latest)) changed = commit(tag, condition) || changed
    return changed
  }
  const tick = (nowMs: number): boolean => {
    let changed = false
    for (const [condition, tag] of waiting) {
      if (nowMs - condition.pendingWall >= (condition.active ? condition.offDelayMs : condition.onDelayMs)) changed = commit(tag, condition) || changed
    }
    return changed
  }
  return Object.assign(evaluate, { tick })
}
