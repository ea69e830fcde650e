import type { TagHealth, TagInfo } from '../../../shared/domain'

/** What one tag's health becomes; `index`, `tag`, `nodeId` and `since` are filled in here. */
export interface HealthChange {
  state: TagHealth['state']
  code?: string
  message?: string
}

/**
 * Per-tag health for one connection. Each change is logged once, as one line naming the
 * tag, its NodeId and the code, and the whole table is handed on (coalesced to one call per
 * event-loop turn, so a thousand tags failing at once make one event, not a thousand).
 */
export interface TagHealthTable {
  set(index: number, change: HealthChange): void
  /** Sets every tag that is not in error to `change` (e.g. all pending while the link is down). */
  setAllUsable(change: HealthChange): void
  get(index: number): TagHealth
  list(): TagHealth[]
  counts(): Record<TagHealth['state'], number>
}

export function createTagHealthTable(
  tags: readonly TagInfo[],
  onChange: (list: TagHealth[]) => void,
  log: { warn(message: string): void; info(message: string): void },
  clock: () => number = Date.now
): TagHealthTable {
  const table: TagHealth[] = tags.map((t, index) => ({ index, tag: t.name, nodeId: t.nodeId, state: 'pending', since: clock() }))
  let scheduled = false

  function set(index: number, change: HealthChange, quiet = false): void {
    const old = table[index]
    if (!old || (old.state === change.state && old.code === change.code && old.message === change.message)) return
    const next: TagHealth = { index, tag: old.tag, nodeId: old.nodeId, state: change.state, since: clock() }
    if (change.code !== undefined) next.code = change.code
    if (change.message !== undefined) next.message = change.message
    table[index] = next
    if (!quiet) {
      const line = `tag ${old.tag} (${old.nodeId}): ${change.state}${change.code ? ` ${change.code}` : ''}${change.message ? `: ${change.message}` : ''}`
      if (change.state === 'error' || change.state === 'warning') log.warn(line)
      else if (old.state === 'error' || old.state === 'warning') log.info(line)
    }
    if (!scheduled) {
      scheduled = true
      queueMicrotask(() => {
        scheduled = false
        onChange(table.slice())
      })
    }
  }

  return {
    set: (index, change) => set(index, change),
    setAllUsable(change) {
      table.forEach((h, i) => h.state !== 'error' && set(i, change, true))
    },
    get: (index) => table[index]!,
    list: () => table.slice(),
    counts() {
      const counts = { pending: 0, good: 0, warning: 0, error: 0 }
      for (const h of table) counts[h.state]++
      return counts
    }
  }
}
