import type { MaintenanceEntry } from '../../../../shared/domain'
import { formatDateMinute, formatDuration } from '../../lib/format'

/** The panel keeps this many entries; older ones stay in the database. */
export const MAINTENANCE_ENTRIES_SHOWN = 200

/**
 * Merges entries from `maintenance:list`, `maintenance:add` answers and
 * `maintenance:added` events: one row per id, newest first. The same entry
 * usually arrives twice (the answer and the event), hence the de-duplication.
 */
export function mergeEntries(current: readonly MaintenanceEntry[], incoming: readonly MaintenanceEntry[]): MaintenanceEntry[] {
  const byId = new Map<number, MaintenanceEntry>()
  for (const entry of current) byId.set(entry.id, entry)
  for (const entry of incoming) byId.set(entry.id, entry)
  return [...byId.values()]
    .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)
    .slice(0, MAINTENANCE_ENTRIES_SHOWN)
}

/** Contract messages start with the channel name, which means nothing to an operator. */
export function operatorMessage(message: string): string {
  return message.replace(/^maintenance:add:\s*/, '').replace(/^text:\s*/, '')
}

/** `SCHEDULED` for work the anomaly engine booked, `engine` for its notes, `operator` for people. */
export function sourceLabel(entry: MaintenanceEntry): string {
  if (entry.source === 'operator') return 'operator'
  return entry.dueAt === null ? 'engine' : 'SCHEDULED'
}

export interface Due {
  /** Epoch ms: when it is due, or when it was done. */
  at: number
  overdue: boolean
  done: boolean
  /** `due 2026-11-25 05:30 (in 3 h 10 min)` or `OVERDUE: was due 2026-11-25 05:30 (1 h 10 min ago)`. */
  text: string
}

/** When scheduled work is due (or was done), in words; null for entries without a due time. */
export function dueOf(entry: MaintenanceEntry, now: number): Due | null {
  if (entry.dueAt === null) return null
  if (entry.completedAt !== null) {
    return { at: entry.completedAt, overdue: false, done: true, text: `done ${formatDateMinute(entry.completedAt)}` }
  }
  const at = entry.dueAt
  const when = formatDateMinute(at)
  const seconds = (at - now) / 1000
  return seconds < 0
    ? { at, overdue: true, done: false, text: `OVERDUE: was due ${when} (${formatDuration(-seconds)} ago)` }
    : { at, overdue: false, done: false, text: `due ${when} (in ${formatDuration(seconds)})` }
}
