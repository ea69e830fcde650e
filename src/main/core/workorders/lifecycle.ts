import { WORK_ORDER_STATES, type WorkOrderState } from '../../../shared/workOrders'

/** A lifecycle change that is not allowed; the message says which and why. */
export class LifecycleError extends Error {
  override readonly name = 'LifecycleError'
}

const RANK: Record<WorkOrderState, number> = { open: 0, scheduled: 1, 'in-progress': 2, done: 3, cancelled: 3 }

/**
 * Checks one lifecycle step: open → scheduled → in-progress → done moves only forward (a
 * step may be skipped: a small job is often started and done at once); `cancelled` ends
 * any order not yet done and needs a reason; `done` and `cancelled` are final.
 * Throws {@link LifecycleError} naming the work order, both states and the rule broken.
 */
export function checkTransition(number: string, from: WorkOrderState, to: WorkOrderState, note: string): void {
  if (from === 'done' || from === 'cancelled') throw new LifecycleError(`${number} is ${from}; a closed work order does not change (raise a new one)`)
  if (from === to) throw new LifecycleError(`${number} is already ${to}`)
  if (to === 'cancelled') {
    if (!note.trim()) throw new LifecycleError(`${number}: cancelling needs a reason (note)`)
    return
  }
  if (RANK[to] < RANK[from]) {
    throw new LifecycleError(`${number}: moving backwards from ${from} to ${to} is refused (lifecycle: ${WORK_ORDER_STATES.slice(0, 4).join(' → ')})`)
  }
}
