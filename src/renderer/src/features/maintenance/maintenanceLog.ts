import type { MaintenanceEntry } from '../../../../shared/domain'

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
