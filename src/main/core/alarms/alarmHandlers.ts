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

/** What an alarm owned by a server (OPC UA condition) needs done there first; a refusal throws. */
export interface ServerActions {
  acknowledge(id: string, comment: string | undefined, user: string | null): Promise<void>
  comment(id: string, text: string, user: string | null): Promise<void>
  shelve(id: string, minutes: number): Promise<void>
  unshelve(id: string): Promise<void>
}

/**
 * The alarm list's operator actions, in the name of the signed-in user, each in one
 * transaction with its journal rows and audit record; the journal and KPI reads.
 */
export function createAlarmHandlers(summary: AlarmSummary, db: PlantDatabase, server?: ServerActions): Pick<CommandHandlers, AlarmCommands> {
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
      for (const id of targets) if (!summary.get(id)) throw new ContractFailure('not-found', `alarm "${id}" is not in the alarm list`)
      for (const id of targets) await server?.acknowledge(id, comment, ctx.user?.name ?? null)
      return { acknowledged: ctx.transact(() => summary.acknowledge(targets, ctx.user?.name ?? null, comment)) }
    },
    'alarms:reset': async ({ ids, comment }, ctx) => ({ reset: ctx.transact(() => summary.reset(ids, ctx.user?.name ?? null, comment)) }),
    'alarms:shelve': async ({ id, minutes, reason }, ctx) => {
      if (summary.get(id)) await server?.shelve(id, minutes)
      ctx.transact(() => summary.shelve(id, minutes, reason, ctx.user?.name ?? null))
      return changed(id)
    },
    'alarms:unshelve': async ({ id }, ctx) => {
      if (summary.get(id)?.shelved) await server?.unshelve(id)
      ctx.transact(() => summary.unshelve(id, ctx.user?.name ?? null))
      return { id }
    },
    'alarms:comment': async ({ id, text }, ctx) => {
      if (summary.get(id)) await server?.comment(id, text, ctx.user?.name ?? null)
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
