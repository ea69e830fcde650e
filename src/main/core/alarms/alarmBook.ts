import type { Alarm } from '../../../shared/domain'

/** What a detector says about one condition; the book adds the ISA-18.2 state and times. */
export type AlarmCondition = Omit<Alarm, 'state' | 'raisedAt' | 'acknowledgedAt' | 'acknowledgedBy' | 'clearedAt'>

interface Entry {
  alarm: Alarm
  active: boolean
  acknowledged: boolean
}

/**
 * The ISA-18.2 alarm states of every condition, whatever raised it:
 * normal → unacknowledged → acknowledged → normal, or unacknowledged →
 * returned-unacknowledged → normal. An alarm leaves the list only when it is both
 * cleared and acknowledged.
 */
export interface AlarmBook {
  /** Raises, updates or clears a condition; returns true when the list changed. */
  set(condition: AlarmCondition, active: boolean): boolean
  /** Highest priority first, then newest. */
  list(): Alarm[]
  /** Returns how many alarms changed state; `user` is who acknowledged (shown on the alarm). */
  acknowledge(ids: readonly string[], user?: string): number
  /** Forgets every alarm that passes `match` (e.g. alarms of tags a new tag map dropped). */
  forget(match: (alarm: Alarm) => boolean): boolean
}

export function createAlarmBook(clock: () => number): AlarmBook {
  const entries = new Map<string, Entry>()
  const stateOf = (e: Entry): Alarm['state'] =>
    e.active ? (e.acknowledged ? 'acknowledged' : 'unacknowledged') : 'returned-unacknowledged'

  return {
    set(condition, active) {
      const entry = entries.get(condition.id)
      const now = clock()
      if (entry === undefined) {
        if (!active) return false
        entries.set(condition.id, { alarm: { ...condition, state: 'unacknowledged', raisedAt: now }, active: true, acknowledged: false })
        return true
      }
      if (active) {
        // News about a raised condition (a new ETA, a new explanation) replaces the old.
        const { state, raisedAt, acknowledgedAt, acknowledgedBy, clearedAt } = entry.alarm
        entry.alarm = {
          ...condition,
          state,
          raisedAt,
          ...(acknowledgedAt ? { acknowledgedAt } : {}),
          ...(acknowledgedBy ? { acknowledgedBy } : {}),
          ...(clearedAt ? { clearedAt } : {})
        }
      } else {
        // A clear keeps what was raised (priority, message) for the operator to acknowledge.
        entry.alarm.value = condition.value
      }
      // Still active: the caller has news (a new ETA, a new value), so the list changed.
      if (active === entry.active) return active
      entry.active = active
      if (active) {
        // A return of the condition is a new occurrence: it must be acknowledged again.
        entry.alarm.raisedAt = now
        delete entry.alarm.clearedAt
        delete entry.alarm.acknowledgedAt
        delete entry.alarm.acknowledgedBy
        entry.acknowledged = false
      } else {
        entry.alarm.clearedAt = now
        if (entry.acknowledged) {
          entries.delete(condition.id)
          return true
        }
      }
      entry.alarm.state = stateOf(entry)
      return true
    },
    list() {
      return [...entries.values()].map((e) => ({ ...e.alarm })).sort((a, b) => a.priority - b.priority || b.raisedAt - a.raisedAt)
    },
    acknowledge(ids, user) {
      let count = 0
      for (const id of ids) {
        const entry = entries.get(id)
        if (entry === undefined || entry.acknowledged) continue
        count++
        if (!entry.active) {
          entries.delete(id)
          continue
        }
        entry.acknowledged = true
        entry.alarm.acknowledgedAt = clock()
        if (user) entry.alarm.acknowledgedBy = user
        entry.alarm.state = stateOf(entry)
      }
      return count
    },
    forget(match) {
      let changed = false
      for (const [id, entry] of entries) if (match(entry.alarm)) changed = entries.delete(id) || changed
      return changed
    }
  }
}
