import type { Alarm } from '../../../../shared/domain'

/**
 * Banner order: most urgent priority first (1 before 4), then newest first,
 * then by id so rows never swap places between two updates.
 */
export function compareAlarms(a: Alarm, b: Alarm): number {
  return a.priority - b.priority || b.raisedAt - a.raisedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

export const sortAlarms = (alarms: readonly Alarm[]): Alarm[] => [...alarms].sort(compareAlarms)

/** Shelved, suppressed by design and out-of-service alarms are evaluated but never annunciated (ISA-18.2 §16). */
export const isHidden = (alarm: Alarm): boolean => alarm.shelved !== undefined || alarm.suppressed !== undefined || alarm.outOfService !== undefined

/** An operator must still acknowledge it: unacknowledged, whether or not it returned to normal, and not hidden. */
export const needsAcknowledge = (alarm: Alarm): boolean => !isHidden(alarm) && (alarm.state === 'unacknowledged' || alarm.state === 'returned-unacknowledged')

/** Rows the banner has room for: a fixed height, so the screen never jumps as alarms come and go. */
export const BANNER_ROWS = 5

/** On a short screen (a 1366×768 laptop) the banner keeps this many, leaving the display the rest. */
export const BANNER_ROWS_SHORT = 3

/** Below this window height (CSS px) the banner has {@link BANNER_ROWS_SHORT} rows; theme.css sizes it alike. */
export const SHORT_SCREEN_QUERY = '(max-height: 899px)'

/**
 * What the banner shows: the unacknowledged alarms, most urgent and newest first; during a
 * flood the first-out leads. Then the acknowledged active ones if there is room.
 * `rest` counts the annunciated alarms left out.
 */
export function bannerAlarms(list: readonly Alarm[], rows = BANNER_ROWS): { shown: Alarm[]; rest: number } {
  const visible = list.filter((a) => !isHidden(a))
  const firstOut = (a: Alarm): number => (a.flood?.firstOut ? 0 : 1)
  const urgent = visible.filter(needsAcknowledge).sort((a, b) => firstOut(a) - firstOut(b) || compareAlarms(a, b))
  const others = visible.filter((a) => !needsAcknowledge(a)).sort(compareAlarms)
  const shown = [...urgent, ...others].slice(0, rows)
  return { shown, rest: visible.length - shown.length }
}

/**
 * The banner's rows while the operator's pointer is on them: the rows it had then (`held`,
 * alarm ids, in order), each in its latest state, less those that left the list or were
 * hidden. Rows do not move under the pointer, so a click lands on the row the operator
 * aimed at, even in a flood. `waiting` counts the rows the banner would show that are held back.
 * With nothing held, the banner's own rows.
 */
export function heldRows(shown: readonly Alarm[], list: readonly Alarm[], held: readonly string[] | null): { rows: Alarm[]; waiting: number } {
  if (held === null) return { rows: [...shown], waiting: 0 }
  const byId = new Map(list.map((a) => [a.id, a]))
  const rows = held.flatMap((id) => {
    const alarm = byId.get(id)
    return alarm && !isHidden(alarm) ? [alarm] : []
  })
  const kept = new Set(held)
  return { rows, waiting: shown.filter((a) => !kept.has(a.id)).length }
}

export type StateFilter = 'all' | 'unacknowledged' | 'acknowledged' | 'returned-unacknowledged' | 'latched' | 'shelved' | 'suppressed' | 'out-of-service'

export interface SummaryFilter {
  priority: Alarm['priority'] | null
  area: string | null
  equipment: string | null
  state: StateFilter
  /** Only alarms raised at least this long ago (ms); 0 for all. */
  minAgeMs: number
}

export const NO_FILTER: SummaryFilter = { priority: null, area: null, equipment: null, state: 'all', minAgeMs: 0 }

/** Whether `alarm` passes the alarm summary's filters; `areaOf` maps an equipment to its area. */
export function passes(alarm: Alarm, f: SummaryFilter, areaOf: (equipment: string) => string | undefined, now: number): boolean {
  if (f.priority !== null && alarm.priority !== f.priority) return false
  if (f.equipment !== null && alarm.equipment !== f.equipment) return false
  if (f.area !== null && areaOf(alarm.equipment) !== f.area) return false
  if (now - alarm.raisedAt < f.minAgeMs) return false
  switch (f.state) {
    case 'all':
      return true
    case 'shelved':
      return alarm.shelved !== undefined
    case 'suppressed':
      return alarm.suppressed !== undefined
    case 'out-of-service':
      return alarm.outOfService !== undefined
    default:
      return !isHidden(alarm) && alarm.state === f.state
  }
}

export type SortKey = 'priority' | 'time' | 'equipment' | 'state'

/** The alarm summary's sort, stable by id; `descending` flips the key, not the tie-break. */
export function sortBy(list: readonly Alarm[], key: SortKey, descending: boolean): Alarm[] {
  const dir = descending ? -1 : 1
  const cmp = (a: Alarm, b: Alarm): number => {
    switch (key) {
      case 'priority':
        return a.priority - b.priority
      case 'time':
        return a.raisedAt - b.raisedAt
      case 'equipment':
        return a.equipment.localeCompare(b.equipment)
      case 'state':
        return a.state.localeCompare(b.state)
    }
  }
  return [...list].sort((a, b) => dir * cmp(a, b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

/**
 * Alarms grouped for a flood: each first-out followed by the alarms raised in its flood
 * (consequential), the rest as they come. `depth` 1 marks a consequential row.
 */
export function groupByFlood(list: readonly Alarm[]): { alarm: Alarm; depth: 0 | 1 }[] {
  const byFlood = new Map<number, Alarm[]>()
  for (const a of list) if (a.flood && !a.flood.firstOut) byFlood.set(a.flood.id, [...(byFlood.get(a.flood.id) ?? []), a])
  const out: { alarm: Alarm; depth: 0 | 1 }[] = []
  const placed = new Set<string>()
  for (const a of list) {
    if (placed.has(a.id)) continue
    if (a.flood && !a.flood.firstOut && list.some((f) => f.id === a.flood?.firstOutId)) continue
    out.push({ alarm: a, depth: 0 })
    placed.add(a.id)
    if (a.flood?.firstOut) for (const c of byFlood.get(a.flood.id) ?? []) if (!placed.has(c.id)) (out.push({ alarm: c, depth: 1 }), placed.add(c.id))
  }
  return out
}
