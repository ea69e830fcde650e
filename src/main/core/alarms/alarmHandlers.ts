import type { CommandHandlers } from '../../../shared/contract'
import type { EventHub } from '../eventHub'
import type { AlarmBook } from './alarmBook'

/** The alarm list and acknowledgement, in the name of the signed-in operator. */
export function createAlarmHandlers(book: AlarmBook, hub: EventHub): Pick<CommandHandlers, 'alarms:list' | 'alarms:acknowledge'> {
  return {
    'alarms:list': async () => book.list(),
    'alarms:acknowledge': async ({ ids }, ctx) => {
      const acknowledged = ctx.transact(() => book.acknowledge(ids, ctx.user?.name))
      if (acknowledged > 0) hub.emit('alarms:changed', book.list())
      return { acknowledged }
    }
  }
}
