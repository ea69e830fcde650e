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

/** Evaluates a batch against the tags' limits; returns true when the alarm list changed. */
export type LimitAlarms = (batch: SampleBatch) => boolean

/**
 * H/HH/L/LL alarms of a tag list, kept in `book`. Values with Bad or Uncertain
 * quality and non-finite values never change a condition: a lost sensor is a
 * data-quality problem, not a process alarm.
 */
export function createLimitAlarms(tags: readonly TagInfo[], book: AlarmBook): LimitAlarms {
  const limitsByTag = tags.map((tag) =>
    LIMIT_NAMES.flatMap((limit) => {
      const threshold = tag.limits[limit]
      return threshold === undefined ? [] : [{ limit, threshold, id: `${tag.name}:${limit}`, active: false }]
    })
  )
  return (batch) => {
    let changed = false
    for (let i = 0; i < batch.value.length; i++) {
      const value = batch.value[i]!
      if (!Number.isFinite(value) || !isGoodStatus(batch.status[i]!)) continue
      const tag = tags[batch.tagIndex[i]!]
      const limits = limitsByTag[batch.tagIndex[i]!]
      if (tag === undefined || limits === undefined) continue
      for (const condition of limits) {
        const active = limitConditionActive(condition.limit, condition.threshold, tag.deadband ?? 0, value, condition.active)
        // The alarm keeps the value that raised it; the live value is on the trend and indicators.
        if (active === condition.active) continue
        condition.active = active
        changed =
          book.set(
            {
              id: condition.id,
              tag: tag.name,
              equipment: tag.equipment,
              kind: 'limit',
              limit: condition.limit,
              priority: PRIORITY[condition.limit],
              // The row names the tag already; descriptions are too long for a banner line.
              message: `${variableOf(tag)} ${IS_HIGH[condition.limit] ? 'above' : 'below'} ${condition.limit} limit`,
              value,
              threshold: condition.threshold,
              unit: tag.unit,
              ...(tag.action ? { action: tag.action } : {})
            },
            active
          ) || changed
      }
    }
    return changed
  }
}
