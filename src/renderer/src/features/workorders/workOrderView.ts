import type { MaintenanceEntry } from '../../../../shared/domain'
import type { WorkOrder, WorkOrderState } from '../../../../shared/workOrders'
import { formatDuration } from '../../lib/format'

/** A lifecycle step the list offers, with its button label and keyboard key on a focused row. */
export interface Step {
  to: WorkOrderState
  label: string
  key: string
}

const STEPS: readonly Step[] = [
  { to: 'scheduled', label: 'Schedule', key: 's' },
  { to: 'in-progress', label: 'Start', key: 'i' },
  { to: 'done', label: 'Done', key: 'd' },
  { to: 'cancelled', label: 'Cancel', key: 'c' }
]
const ORDER: readonly WorkOrderState[] = ['open', 'scheduled', 'in-progress', 'done']

/** The steps forward from `state` (the core refuses anything else); none once done or cancelled. */
export function stepsFrom(state: WorkOrderState): Step[] {
  if (state === 'done' || state === 'cancelled') return []
  const at = ORDER.indexOf(state)
  return STEPS.filter((s) => s.to === 'cancelled' || ORDER.indexOf(s.to) > at)
}

/** The step a key press asks for on a row, if it is allowed from `state`. */
export const stepForKey = (state: WorkOrderState, key: string): Step | undefined => stepsFrom(state).find((s) => s.key === key.toLowerCase())

/** "due in 3 h 20 min", "overdue by 12 min", or the closing state. */
export function dueText(order: WorkOrder, now: number): { text: string; overdue: boolean } {
  if (order.state === 'done' || order.state === 'cancelled') return { text: order.state, overdue: false }
  const s = (order.dueAt - now) / 1000
  return s >= 0 ? { text: `due in ${formatDuration(s)}`, overdue: false } : { text: `overdue by ${formatDuration(-s)}`, overdue: true }
}

/** Replaces an order by id (or adds it), keeping the list due-first like `workorders:list`. */
export function mergeOrder(list: readonly WorkOrder[], order: WorkOrder): WorkOrder[] {
  const rest = list.filter((o) => o.id !== order.id)
  return [...rest, order].sort((a, b) => a.dueAt - b.dueAt || a.id - b.id)
}

/**
 * The distinct alarms an order's evidence names, first named first, each with when it was
 * last seen (epoch ms): the alarm summary opens its journal there when it no longer stands.
 */
export function alarmLinksOf(order: WorkOrder): { alarmId: string; at: number }[] {
  const last = new Map<string, number>()
  for (const e of order.evidence) if (e.alarmId !== null) last.set(e.alarmId, Math.max(last.get(e.alarmId) ?? e.at, e.at))
  return [...last].map(([alarmId, at]) => ({ alarmId, at }))
}

/** The distinct alarm ids an order's evidence names (what links it to the alarm list). */
export const alarmIdsOf = (order: WorkOrder): string[] => alarmLinksOf(order).map((a) => a.alarmId)

/** The log entries written for an order (by its number), oldest first, as the order's history reads. */
export const logEntriesOf = (entries: readonly MaintenanceEntry[], number: string): MaintenanceEntry[] =>
  entries.filter((e) => e.workOrder === number).sort((a, b) => a.createdAt - b.createdAt || a.id - b.id)
