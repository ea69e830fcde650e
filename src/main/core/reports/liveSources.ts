import { workOrderNumber } from '../../../shared/workOrders'
import { computeKpi } from '../alarms/alarmKpi'
import { journalRows } from '../alarms/alarmStore'
import type { AlarmSummary } from '../alarms/alarmSummary'
import type { PlantDatabase } from '../storage/plantDatabase'
import { createWorkOrderStore } from '../workorders/workOrderStore'
import type { ReportSources } from './reportSources'

/**
 * The report's alarm and work-order sources, read from the alarm journal, the alarm list
 * and the work orders in `db` (issues 11 and 13): one place maps their shapes to the report's.
 */
export function alarmAndWorkOrderSources(db: PlantDatabase, summary: AlarmSummary): Required<Pick<ReportSources, 'alarmJournal' | 'alarmKpis' | 'alarmStates' | 'workOrders'>> {
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
    alarmKpis(from, to) {
      const k = computeKpi(journalRows(db, from, to), summary.list(), from, to)
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
    alarmStates: () =>
      summary.list().flatMap((a): ReturnType<NonNullable<ReportSources['alarmStates']>>[number][] => {
        if (a.shelved) return [{ alarmId: a.id, tag: a.tag, equipment: a.equipment, state: 'shelved', by: a.shelved.by, reason: a.shelved.reason, since: a.shelved.at, expiresAt: a.shelved.until }]
        if (a.outOfService) return [{ alarmId: a.id, tag: a.tag, equipment: a.equipment, state: 'out-of-service', by: a.outOfService.by, reason: a.outOfService.reason, since: a.outOfService.at }]
        if (a.suppressed) return [{ alarmId: a.id, tag: a.tag, equipment: a.equipment, state: 'suppressed', reason: a.suppressed.reason, since: a.suppressed.at }]
        return []
      }),
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
