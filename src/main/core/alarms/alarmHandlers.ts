import type { CommandHandlers } from '../../../shared/contract'
import { ContractFailure } from '../contractDispatch'
import type { PlantDatabase } from '../storage/plantDatabase'
import { computeKpi } from './alarmKpi'
import { journalRows, queryJournal } from './alarmStore'
import type { AlarmSummary } from './alarmSummary'

type AlarmCommands =
  | 'alarms:list'
  | 'alarms:acknowledge'
  | 'alarms:reset'
  | 'alarms:shelve'
  | 'alarms:unshelve'
  | 'alarms:comment'
  | 'alarms:outOfService'
  | 'alarms:returnToService'
  | 'alarms:journal'
  | 'alarms:kpi'

/**
 * The alarm list's operator actions, in the name of the signed-in user, each in one
 * transaction with its journal rows and audit record; the journal and KPI reads.
 */
export function createAlarmHandlers(summary: AlarmSummary, db: PlantDatabase): Pick<CommandHandlers, AlarmCommands> {
  const changed = (id: string) => {
    const alarm = summary.get(id)
    if (!alarm) throw new ContractFailure('not-found', `alarm "${id}" left the list`)
    return alarm
  }
  return {
    'alarms:list': async () => summary.list(),
    'alarms:acknowledge': async ({ ids, equipment, comment }, ctx) => {
      const targets =
        ids ??
        summary
          .list()
          .filter((a) => a.equipment === equipment && !a.shelved && !a.suppressed && !a.outOfService && (a.state === 'unacknowledged' || a.state === 'returned-unacknowledged'))
          .map((a) => a.id)
      if (targets.length === 0) return { acknowledged: 0 }
      return { acknowledged: ctx.transact(() => summary.acknowledge(targets, ctx.user?.name ?? null, comment)) }
    },
    'alarms:reset': async ({ ids, comment }, ctx) => ({ reset: ctx.transact(() => summary.reset(ids, ctx.user?.name ?? null, comment)) }),
    'alarms:shelve': async ({ id, minutes, reason }, ctx) => {
      ctx.transact(() => summary.shelve(id, minutes, reason, ctx.user?.name ?? null))
      return changed(id)
    },
    'alarms:unshelve': async ({ id }, ctx) => {
      ctx.transact(() => summary.unshelve(id, ctx.user?.name ?? null))
      return { id }
    },
    'alarms:comment': async ({ id, text }, ctx) => {
      ctx.transact(() => summary.comment(id, text, ctx.user?.name ?? null))
      return changed(id)
    },
    'alarms:outOfService': async ({ id, reason }, ctx) => {
      ctx.transact(() => summary.outOfService(id, reason, ctx.user?.name ?? null))
      return changed(id)
    },
    'alarms:returnToService': async ({ id, comment }, ctx) => {
      ctx.transact(() => summary.returnToService(id, ctx.user?.name ?? null, comment))
      return { id }
    },
    'alarms:journal': async (query) => {
      if (query.from >= query.to) throw new ContractFailure('invalid-input', 'alarms:journal: from must be before to')
      return queryJournal(db, query)
    },
    'alarms:kpi': async ({ from, to }) => computeKpi(journalRows(db, from, to), summary.list(), from, to)
  }
}
