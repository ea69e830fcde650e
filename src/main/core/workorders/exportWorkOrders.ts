import { stringify } from 'csv-stringify/sync'
import { WORK_ORDER_PRIORITIES, type WorkOrder } from '../../../shared/workOrders'

/**
 * The export's format name and version. The shape below is a promise to whoever maps it
 * into a CMMS: fields are only ever added; a change to an existing one is a new version.
 */
export const WORK_ORDER_EXPORT_FORMAT = 'plantwatch.workorders'
export const WORK_ORDER_EXPORT_VERSION = 1

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString())

/** One work order as the export writes it: times as ISO 8601 UTC, priority also as a rank 1 (urgent) … 4 (low). */
export function exportedWorkOrder(o: WorkOrder) {
  return {
    number: o.number,
    id: o.id,
    equipment: o.equipment,
    failureMode: o.failureMode,
    state: o.state,
    priority: o.priority,
    priorityRank: WORK_ORDER_PRIORITIES.indexOf(o.priority) + 1,
    craft: o.craft,
    action: o.action,
    estimatedDurationH: o.durationH,
    dueAt: iso(o.dueAt),
    createdAt: iso(o.createdAt),
    updatedAt: iso(o.updatedAt),
    source: o.source,
    cancelReason: o.cancelReason,
    baselineResetAt: iso(o.baselineResetAt),
    evidence: o.evidence.map((e) => ({
      at: iso(e.at),
      alarmId: e.alarmId,
      kind: e.kind,
      explanation: e.explanation,
      etaAt: iso(e.etaAt),
      trend: e.trend && { from: iso(e.trend.from), to: iso(e.trend.to), tags: e.trend.tags }
    })),
    history: o.history.map((h) => ({ from: h.from, to: h.to, at: iso(h.at), user: h.user, note: h.note }))
  }
}

/** The JSON export: `{ format, version, exportedAt, state, workOrders: [...] }` (see docs/workorders.md). */
export function workOrdersJson(orders: readonly WorkOrder[], exportedAt: number, state: string): string {
  const document = { format: WORK_ORDER_EXPORT_FORMAT, version: WORK_ORDER_EXPORT_VERSION, exportedAt: iso(exportedAt), state, workOrders: orders.map(exportedWorkOrder) }
  return `${JSON.stringify(document, null, 2)}\n`
}

/** CSV columns, in order; one row per work order (evidence and history summarised, the JSON has them whole). */
export const WORK_ORDER_CSV_COLUMNS = [
  'number',
  'equipment',
  'failure_mode',
  'state',
  'priority',
  'priority_rank',
  'craft',
  'action',
  'estimated_duration_h',
  'due_at',
  'created_at',
  'updated_at',
  'source',
  'alarm_ids',
  'evidence_count',
  'first_evidence',
  'cancel_reason'
] as const

/** The CSV export (RFC 4180, header row first; alarm ids joined by a space, as ids hold no spaces). */
export function workOrdersCsv(orders: readonly WorkOrder[]): string {
  const rows = orders.map((o) => {
    const e = exportedWorkOrder(o)
    return [
      e.number,
      e.equipment,
      e.failureMode,
      e.state,
      e.priority,
      e.priorityRank,
      e.craft,
      e.action,
      e.estimatedDurationH,
      e.dueAt,
      e.createdAt,
      e.updatedAt,
      e.source,
      [...new Set(o.evidence.flatMap((x) => (x.alarmId === null ? [] : [x.alarmId])))].join(' '),
      o.evidence.length,
      o.evidence[0]?.explanation ?? '',
      e.cancelReason ?? ''
    ]
  })
  return stringify([[...WORK_ORDER_CSV_COLUMNS], ...rows])
}
