import { workOrderNumber } from '../../../shared/workOrders'
import { computeKpi } from '../alarms/alarmKpi'
import { journalRows } from '../alarms/alarmStore'
import { alarmListAt } from '../alarms/alarmReplay'
import type { PlantDatabase } from '../storage/plantDatabase'
import { createWorkOrderStore } from '../workorders/workOrderStore'
import type { ReportSources } from './reportSources'

/**
 * The report's alarm and work-order sources, read from the alarm journal and the work orders
 * in `db` (issues 11 and 13), so a running core and the offline CLI report alike: one place
 * maps their shapes to the report's.
 */
export function alarmAndWorkOrderSources(db: PlantDatabase): Required<Pick<ReportSources, 'alarmJournal' | 'alarmKpis' | 'alarmsAt' | 'workOrders'>> {
  const orders = createWorkOrderStore(db)
  return {
    alarmJournal: (from, to) =>
      [...journalRows(db, from, to)].map((r) => ({
        at: r.at,
        alarmId: r.alarmId,
        tag: r.tag,
        equipment: r.equipment,
        priority: r.priority,
        kind: r.kind,
        ...(r.user ? { user: r.user } : {}),
        ...(r.comment ? { comment: r.comment } : {})
      })),
    // The list at `to` (standing and shelved now) comes from the caller when it has it: a
    // report already holds it, live or rebuilt, and the journal is then replayed at most once.
    alarmKpis(from, to, listAtTo) {
      const k = computeKpi(journalRows(db, from, to), listAtTo ?? alarmListAt(db, to), from, to)
      return {
        alarmsPer10Min: k.alarmsPer10Min,
        peakPer10Min: k.peakPer10Min,
        floodPct: k.floodPct,
        topBadActors: k.topBadActors.map((a) => ({ alarmId: a.alarmId, tag: a.tag, count: a.raises, pct: k.raises === 0 ? 0 : (100 * a.raises) / k.raises })),
        chattering: k.chattering.map((a) => ({ alarmId: a.alarmId, tag: a.tag, raises: a.raises })),
        standing: k.standing,
        shelvedCount: k.shelves,
        priorityDistribution: { ...k.priorityCounts }
      }
    },
    alarmsAt: (at) => alarmListAt(db, at),
    workOrders: (from, to) =>
      orders
        .list({ state: 'all', limit: 5000 })
        .filter((o) => o.createdAt < to && (o.updatedAt >= from || o.state === 'open' || o.state === 'scheduled' || o.state === 'in-progress'))
        .map((o) => {
          const closed = o.history.findLast((h) => h.to === 'done' || h.to === 'cancelled')
          return { id: workOrderNumber(o.id), equipment: o.equipment, failureMode: o.failureMode, state: o.state, priority: o.priority, dueAt: o.dueAt, openedAt: o.createdAt, closedAt: closed?.at ?? null, title: o.action }
        })
  }
}
