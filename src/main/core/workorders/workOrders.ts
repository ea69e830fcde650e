import { roleAtLeast } from '../../../shared/access'
import type { AnomalyEvent } from '../../../shared/anomaly'
import type { CommandHandlers } from '../../../shared/contract'
import type { TagMap } from '../../../shared/tagMap'
import type { RuntimeCounters, WorkOrder } from '../../../shared/workOrders'
import { ContractFailure } from '../contractDispatch'
import { CONSOLE_EMIT_MIN_MS, createEmitThrottle } from '../emitThrottle'
import type { EventHub } from '../eventHub'
import type { Historian } from '../historian/types'
import type { Logger } from '../logger'
import type { MaintenanceLog } from '../maintenance/maintenanceLog'
import type { PlantDatabase } from '../storage/plantDatabase'
import { LifecycleError } from './lifecycle'
import { planningMap, planWorkOrders, type PlanningMap } from './planner'
import { runtimeCounters } from './runtimeCounters'
import { checkRuntimeRules } from './runtimeRules'
import { createWorkOrderStore, type WorkOrderStore } from './workOrderStore'

/** How often runtime rules are checked against the historian (source time). */
export const RUNTIME_CHECK_INTERVAL_MS = 60_000

export interface WorkOrderServiceOptions {
  db: PlantDatabase
  /** Closing an order (done or cancelled) writes a line naming it to the maintenance log, tied to the order. */
  log: MaintenanceLog
  hub: EventHub
  logger: Logger
  clock: () => number
  /** Plant seconds per source second (the demo plant's speed); rule hours are plant hours. */
  timeScale?: number
  historian(): Historian | undefined
  /** The engine's reset after a repair (the core function behind `detection:resetLearning`). */
  resetLearning(equipment: string, at: number): Promise<void>
  /** Whether the anomaly engine runs (else there is no baseline to reset). */
  learningAvailable(): boolean
}

/** Automatic work orders: the engine's events in, runtime rules on a timer, the contract's `workorders:*` out. */
export interface WorkOrderService {
  /** The tag map in force: its machines, signal kinds and maintenance rules. */
  useMap(map: TagMap): void
  /** The anomaly engine's events (call from the worker's `onEvents`). */
  onEvents(events: readonly AnomalyEvent[]): void
  /** Checks the runtime rules now (also done every {@link RUNTIME_CHECK_INTERVAL_MS}). */
  checkRuntime(): void
  store: WorkOrderStore
  handlers: Pick<CommandHandlers, 'workorders:list' | 'workorders:transition' | 'workorders:counters'>
  dispose(): void
}

/** Assembles the work-order store, planner and runtime rules for the core. */
export function createWorkOrderService(options: WorkOrderServiceOptions): WorkOrderService {
  const { db, hub, logger, clock } = options
  const timeScale = options.timeScale ?? 1
  const store = createWorkOrderStore(db)
  let map: TagMap | undefined
  let planning: PlanningMap | undefined
  const machines = (): string[] => [...new Set(map?.tags.map((t) => t.equipment) ?? [])]

  // The planner's changes reach consoles paced like the alarm list: in a flood every publish
  // cycle adds evidence to the same orders, and each order goes out whole.
  const unsent = new Map<number, WorkOrder>()
  const toConsoles = createEmitThrottle(CONSOLE_EMIT_MIN_MS, () => {
    for (const order of unsent.values()) hub.emit('workorders:changed', order)
    unsent.clear()
  })
  const announce = (orders: readonly WorkOrder[], why: string): void => {
    for (const order of orders) {
      logger.info(`work order ${order.number} ${why} for ${order.equipment} (${order.failureMode}, ${order.state}, due ${new Date(order.dueAt).toISOString()})`)
      unsent.set(order.id, order)
    }
    if (unsent.size > 0) toConsoles.request()
  }
  const counters = (equipment: string, from: number): RuntimeCounters | undefined => {
    const historian = options.historian()
    if (!historian || !map) return undefined
    return runtimeCounters(historian, equipment, map.tags, from, clock(), timeScale)
  }
  const checkRuntime = (): void => {
    if (!planning) return
    try {
      announce(checkRuntimeRules(store, planning, machines(), counters, clock(), timeScale), 'updated by a runtime rule')
    } catch (error) {
      logger.error(`runtime rules not checked: ${(error as Error).message}`)
    }
  }
  const timer = setInterval(checkRuntime, RUNTIME_CHECK_INTERVAL_MS)
  timer.unref?.()

  const fail = (error: unknown): never => {
    if (error instanceof LifecycleError) throw new ContractFailure('conflict', `workorders:transition: ${error.message}`)
    if (error instanceof RangeError) throw new ContractFailure('not-found', `workorders:transition: ${error.message}`)
    throw error
  }

  return {
    store,
    useMap(next) {
      map = next
      planning = planningMap(next)
    },
    onEvents(events) {
      if (!planning) return
      try {
        announce(planWorkOrders(store, planning, events, clock(), timeScale), 'raised or updated')
      } catch (error) {
        logger.error(`work orders not planned: ${(error as Error).message}`)
      }
    },
    checkRuntime,
    handlers: {
      'workorders:list': async (input) => store.list(input ?? {}),
      'workorders:counters': async (input) => {
        const wanted = input?.equipment === undefined ? machines() : [input.equipment]
        if (input?.equipment !== undefined && !machines().includes(input.equipment)) {
          throw new ContractFailure('not-found', `workorders:counters: unknown equipment "${input.equipment}"`)
        }
        if (!options.historian()) throw new ContractFailure('unavailable', 'workorders:counters: the historian is not running')
        return wanted.map((equipment) => counters(equipment, input?.from ?? 0)!)
      },
      'workorders:transition': async ({ id, to, note, resetBaseline }, ctx) => {
        const user = ctx.user?.name ?? null
        const order = store.get(id) ?? fail(new RangeError(`no work order ${id}`))
        if (resetBaseline) {
          if (to !== 'done') throw new ContractFailure('invalid-input', 'workorders:transition: resetBaseline goes with closing a work order (to: done) after a confirmed repair')
          if (!ctx.user || !roleAtLeast(ctx.user.role, 'engineer')) {
            throw new ContractFailure('forbidden', 'workorders:transition: resetting the learned baseline needs the engineer role or above')
          }
          if (!options.learningAvailable()) throw new ContractFailure('unavailable', 'workorders:transition: the anomaly engine is not running; there is no learned baseline to reset')
        }
        const at = clock()
        const { moved, entry } = ctx.transact(() => {
          try {
            const moved = store.transition(order.id, to, { user, note, at, ...(resetBaseline ? { baselineResetAt: at } : {}) })
            const closing = to === 'done' || to === 'cancelled'
            const text = `${order.number} ${to}: ${order.action}${note ? ` — ${note}` : ''}${resetBaseline ? ' (repair confirmed, learned baseline reset)' : ''}`
            return { moved, entry: closing ? options.log.add({ text, equipment: order.equipment, author: user, workOrder: order.number }) : undefined }
          } catch (error) {
            return fail(error)
          }
        })
        // An operator's step goes out at once; the planner's older state of the order must not follow it.
        unsent.delete(moved.id)
        hub.emit('workorders:changed', moved)
        if (entry) hub.emit('maintenance:added', entry)
        if (resetBaseline) {
          // After the commit: a refused step must not have reset anything.
          await options.resetLearning(order.equipment, at).catch((error: Error) => {
            logger.error(`${order.number}: learned baseline of ${order.equipment} not reset: ${error.message}`)
            throw new ContractFailure('unavailable', `${order.number} is done, but the learned baseline of ${order.equipment} was not reset: ${error.message}`)
          })
        }
        return moved
      }
    },
    dispose() {
      clearInterval(timer)
      toConsoles.cancel()
    }
  }
}
