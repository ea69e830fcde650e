import type { CommandHandlers } from '../../../shared/contract'
import { ContractFailure } from '../contractDispatch'
import type { EventHub } from '../eventHub'
import type { MaintenanceLog } from './maintenanceLog'

const notFound = (message: string): never => {
  throw new ContractFailure('not-found', message)
}

/** The maintenance log: reading, operators' entries and completing scheduled work. */
export function createMaintenanceHandlers(
  log: MaintenanceLog,
  hub: EventHub,
  equipmentNames: () => ReadonlySet<string>
): Pick<CommandHandlers, 'maintenance:list' | 'maintenance:add' | 'maintenance:complete'> {
  return {
    'maintenance:list': async (input) => log.list(input?.limit),
    'maintenance:add': async ({ text, equipment }, ctx) => {
      if (equipment && !equipmentNames().has(equipment)) {
        throw new ContractFailure('not-found', `maintenance:add: unknown equipment "${equipment}"`)
      }
      const entry = ctx.transact(() => log.add({ text, equipment: equipment ?? null, author: ctx.user?.name ?? null }))
      hub.emit('maintenance:added', entry)
      return entry
    },
    'maintenance:complete': async ({ id }, ctx) => {
      // Thrown inside the transaction: nothing is stored, and the refusal is audited instead.
      const entry = ctx.transact(() => log.complete(id, ctx.user?.name ?? null) ?? notFound(`maintenance:complete: no log entry ${id}`))
      hub.emit('maintenance:updated', entry)
      return entry
    }
  }
}
