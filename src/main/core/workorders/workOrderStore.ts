import type {
  Craft,
  FailureMode,
  WorkOrder,
  WorkOrderEvidence,
  WorkOrderPriority,
  WorkOrderState,
  WorkOrderTransition
} from '../../../shared/workOrders'
import { workOrderNumber } from '../../../shared/workOrders'
import type { PlantDatabase } from '../storage/plantDatabase'
import { checkTransition } from './lifecycle'

interface OrderRow {
  id: number
  equipment: string
  failure_mode: FailureMode
  state: WorkOrderState
  action: string
  priority: WorkOrderPriority
  craft: Craft
  duration_h: number
  due_at: number
  created_at: number
  updated_at: number
  source: WorkOrder['source']
  cancel_reason: string | null
  baseline_reset_at: number | null
}
interface EvidenceRow {
  work_order_id: number
  at: number
  alarm_id: string | null
  kind: WorkOrderEvidence['kind']
  explanation: string
  eta_at: number | null
  trend: string | null
}
interface HistoryRow {
  work_order_id: number
  from_state: WorkOrderState | null
  to_state: WorkOrderState
  at: number
  user: string | null
  note: string
}

/** A work order to create. */
export interface NewWorkOrder {
  equipment: string
  failureMode: FailureMode
  action: string
  priority: WorkOrderPriority
  craft: Craft
  durationH: number
  dueAt: number
  source: WorkOrder['source']
}

/** Filters of {@link WorkOrderStore.list}: `active` is open, scheduled or in progress. */
export interface WorkOrderFilter {
  state?: WorkOrderState | 'active' | 'all'
  equipment?: string
  limit?: number
}

/**
 * Work orders in the plant database. Every method is one statement group the caller runs
 * inside its transaction (the dispatcher's `ctx.transact`, or {@link WorkOrderStore.atomically}).
 */
export interface WorkOrderStore {
  /** Runs `change` in one transaction. */
  atomically<T>(change: () => T): T
  create(order: NewWorkOrder, evidence: WorkOrderEvidence, eventId: string | null, at: number): WorkOrder
  get(id: number): WorkOrder | undefined
  /** The open (not done, not cancelled) orders of one machine. */
  active(equipment: string): WorkOrder[]
  /** Appends evidence; false (and nothing stored) when this event id is already evidence. */
  addEvidence(id: number, evidence: WorkOrderEvidence, eventId: string | null): boolean
  /** The work order an engine event (by its id) is evidence of, if any. */
  orderOfEvent(eventId: string): number | undefined
  /**
   * The cause of an open order's failure mode was found after it (a lube leak seen after the
   * bearing it wears): the order takes the cause's mode and job, its evidence so far becomes
   * consequential, and its history says so. Only for orders nobody has acted on yet (state open).
   */
  reclassify(id: number, job: Pick<NewWorkOrder, 'failureMode' | 'action' | 'priority' | 'craft' | 'durationH'>, at: number, note: string): void
  /** Moves the due date earlier (never later); true when it moved. */
  bringForward(id: number, dueAt: number, at: number): boolean
  /** One lifecycle step (see `checkTransition`, which throws on a refused step). */
  transition(id: number, to: WorkOrderState, step: { user: string | null; note: string; at: number; baselineResetAt?: number }): WorkOrder
  list(filter?: WorkOrderFilter): WorkOrder[]
  /** When the last order of this machine and failure mode was closed (done or cancelled); undefined when none was. */
  lastClosed(equipment: string, failureMode: FailureMode): number | undefined
}

/** The work-order store over the plant database (tables of schema migration 7). */
export function createWorkOrderStore(db: PlantDatabase): WorkOrderStore {
  const insert = db.prepare(
    `INSERT INTO work_orders (equipment, failure_mode, state, action, priority, craft, duration_h, due_at, created_at, updated_at, source)
     VALUES (?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
  )
  const insertEvidence = db.prepare('INSERT INTO work_order_evidence (work_order_id, at, alarm_id, event_id, kind, explanation, eta_at, trend) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
  const insertHistory = db.prepare('INSERT INTO work_order_history (work_order_id, from_state, to_state, at, user, note) VALUES (?, ?, ?, ?, ?, ?)')
  const byId = db.prepare('SELECT * FROM work_orders WHERE id = ?')
  const activeOf = db.prepare("SELECT * FROM work_orders WHERE equipment = ? AND state IN ('open', 'scheduled', 'in-progress') ORDER BY id")
  const eventOrder = db.prepare('SELECT work_order_id FROM work_order_evidence WHERE event_id = ? LIMIT 1')
  const evidenceOf = db.prepare('SELECT * FROM work_order_evidence WHERE work_order_id = ? ORDER BY seq')
  const historyOf = db.prepare('SELECT * FROM work_order_history WHERE work_order_id = ? ORDER BY seq')
  const setDue = db.prepare('UPDATE work_orders SET due_at = ?, updated_at = ? WHERE id = ? AND due_at > ?')
  const setJob = db.prepare("UPDATE work_orders SET failure_mode = ?, action = ?, priority = ?, craft = ?, duration_h = ?, updated_at = ? WHERE id = ? AND state = 'open'")
  const demote = db.prepare("UPDATE work_order_evidence SET kind = 'consequential' WHERE work_order_id = ? AND kind = 'detection'")
  const setState = db.prepare('UPDATE work_orders SET state = ?, updated_at = ?, cancel_reason = ?, baseline_reset_at = ? WHERE id = ?')
  const lastClosed = db.prepare("SELECT MAX(updated_at) AS at FROM work_orders WHERE equipment = ? AND failure_mode = ? AND state IN ('done', 'cancelled')")

  const hydrate = (row: OrderRow): WorkOrder => ({
    id: row.id,
    number: workOrderNumber(row.id),
    equipment: row.equipment,
    failureMode: row.failure_mode,
    state: row.state,
    action: row.action,
    priority: row.priority,
    craft: row.craft,
    durationH: row.duration_h,
    dueAt: row.due_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    source: row.source,
    cancelReason: row.cancel_reason,
    baselineResetAt: row.baseline_reset_at,
    evidence: (evidenceOf.all(row.id) as EvidenceRow[]).map((e) => ({
      at: e.at,
      alarmId: e.alarm_id,
      kind: e.kind,
      explanation: e.explanation,
      etaAt: e.eta_at,
      trend: e.trend === null ? null : (JSON.parse(e.trend) as WorkOrderEvidence['trend'])
    })),
    history: (historyOf.all(row.id) as HistoryRow[]).map((h): WorkOrderTransition => ({ from: h.from_state, to: h.to_state, at: h.at, user: h.user, note: h.note }))
  })
  const get = (id: number): WorkOrder | undefined => {
    const row = byId.get(id) as OrderRow | undefined
    return row && hydrate(row)
  }
  const addEvidence = (id: number, e: WorkOrderEvidence, eventId: string | null): boolean => {
    if (eventId !== null && eventOrder.get(eventId) !== undefined) return false
    insertEvidence.run(id, e.at, e.alarmId, eventId, e.kind, e.explanation, e.etaAt, e.trend === null ? null : JSON.stringify(e.trend))
    return true
  }

  return {
    atomically: (change) => db.transaction(change)(),
    create(order, evidence, eventId, at) {
      const { id } = insert.get(order.equipment, order.failureMode, order.action, order.priority, order.craft, order.durationH, Math.round(order.dueAt), at, at, order.source) as { id: number }
      insertHistory.run(id, null, 'open', at, null, `raised by ${order.source === 'runtime' ? 'a runtime rule' : 'the anomaly engine'}: ${evidence.explanation}`)
      addEvidence(id, evidence, eventId)
      return get(id)!
    },
    get,
    active: (equipment) => (activeOf.all(equipment) as OrderRow[]).map(hydrate),
    addEvidence,
    orderOfEvent: (eventId) => (eventOrder.get(eventId) as { work_order_id: number } | undefined)?.work_order_id,
    reclassify(id, job, at, note) {
      if (setJob.run(job.failureMode, job.action, job.priority, job.craft, job.durationH, at, id).changes === 0) throw new RangeError(`${workOrderNumber(id)} is not open; it keeps its failure mode`)
      demote.run(id)
      insertHistory.run(id, 'open', 'open', at, null, note)
    },
    bringForward: (id, dueAt, at) => setDue.run(Math.round(dueAt), at, id, Math.round(dueAt)).changes > 0,
    transition(id, to, { user, note, at, baselineResetAt }) {
      const order = get(id)
      if (!order) throw new RangeError(`no work order ${workOrderNumber(id)}`)
      checkTransition(order.number, order.state, to, note)
      setState.run(to, at, to === 'cancelled' ? note.trim() : null, baselineResetAt ?? null, id)
      insertHistory.run(id, order.state, to, at, user, note)
      return get(id)!
    },
    list({ state = 'all', equipment, limit = 500 } = {}) {
      const where: string[] = []
      const args: unknown[] = []
      if (state === 'active') where.push("state IN ('open', 'scheduled', 'in-progress')")
      else if (state !== 'all') where.push('state = ?') && args.push(state)
      if (equipment !== undefined) where.push('equipment = ?') && args.push(equipment)
      const sql = `SELECT * FROM work_orders ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY due_at, id LIMIT ?`
      return (db.prepare(sql).all(...args, limit) as OrderRow[]).map(hydrate)
    },
    lastClosed: (equipment, failureMode) => (lastClosed.get(equipment, failureMode) as { at: number | null }).at ?? undefined
  }
}
