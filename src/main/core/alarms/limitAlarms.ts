import { isGoodStatus, type Alarm, type AlarmPriority, type TagInfo } from '../../../shared/domain'
import type { SampleBatch } from '../../../shared/contract'
import { LIMIT_NAMES, type LimitName } from '../../../shared/tagMap'

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

interface AlarmRecord {
  alarm: Alarm
  active: boolean
  acknowledged: boolean
}

export interface LimitAlarms {
  /** Evaluates a batch; returns true when the alarm list changed. */
  evaluate(batch: SampleBatch): boolean
  /** Active and returned-unacknowledged alarms, highest priority first, then newest. */
  list(): Alarm[]
  /** Acknowledges the given alarm ids; returns how many changed state. */
  acknowledge(ids: readonly string[]): number
}

/**
 * ISA-18.2 limit alarms over a tag list. Values with Bad or Uncertain quality,
 * and non-finite values, never change a condition: a lost sensor is a
 * data-quality problem, not a process alarm.
 */
export function createLimitAlarms(tags: readonly TagInfo[], clock: () => number): LimitAlarms {
  const records = new Map<string, AlarmRecord>()
  const limitsByTag = tags.map((tag) =>
    LIMIT_NAMES.flatMap((limit) => {
      const threshold = tag.limits[limit]
      return threshold === undefined ? [] : [{ limit, threshold, id: `${tag.name}:${limit}` }]
    })
  )

  const stateOf = (r: AlarmRecord): Alarm['state'] =>
    r.active ? (r.acknowledged ? 'acknowledged' : 'unacknowledged') : 'returned-unacknowledged'

  function update(tag: TagInfo, limit: LimitName, threshold: number, id: string, value: number, now: number): boolean {
    const record = records.get(id)
    const wasActive = record?.active ?? false
    const active = limitConditionActive(limit, threshold, tag.deadband ?? 0, value, wasActive)
    if (record === undefined) {
      if (!active) return false
      const alarm: Alarm = {
        id,
        tag: tag.name,
        equipment: tag.equipment,
        limit,
        priority: PRIORITY[limit],
        state: 'unacknowledged',
        message: `${tag.description ?? tag.name} ${IS_HIGH[limit] ? 'above' : 'below'} ${limit} limit`,
        value,
        threshold,
        unit: tag.unit,
        raisedAt: now,
        ...(tag.action ? { action: tag.action } : {})
      }
      records.set(id, { alarm, active: true, acknowledged: false })
      return true
    }
    record.alarm.value = value
    if (active === wasActive) return false
    record.active = active
    if (active) {
      record.alarm.raisedAt = now
      delete record.alarm.clearedAt
      record.acknowledged = false
    } else {
      record.alarm.clearedAt = now
      if (record.acknowledged) {
        records.delete(id)
        return true
      }
    }
    record.alarm.state = stateOf(record)
    return true
  }

  return {
    evaluate(batch) {
      let changed = false
      const now = clock()
      for (let i = 0; i < batch.value.length; i++) {
        const value = batch.value[i]!
        if (!Number.isFinite(value) || !isGoodStatus(batch.status[i]!)) continue
        const index = batch.tagIndex[i]!
        const tag = tags[index]
        const limits = limitsByTag[index]
        if (tag === undefined || limits === undefined) continue
        for (const { limit, threshold, id } of limits) changed = update(tag, limit, threshold, id, value, now) || changed
      }
      return changed
    },
    list() {
      return [...records.values()]
        .map((r) => ({ ...r.alarm }))
        .sort((a, b) => a.priority - b.priority || b.raisedAt - a.raisedAt)
    },
    acknowledge(ids) {
      let count = 0
      const now = clock()
      for (const id of ids) {
        const record = records.get(id)
        if (record === undefined || record.acknowledged) continue
        count++
        if (!record.active) {
          records.delete(id)
          continue
        }
        record.acknowledged = true
        record.alarm.acknowledgedAt = now
        record.alarm.state = stateOf(record)
      }
      return count
    }
  }
}
