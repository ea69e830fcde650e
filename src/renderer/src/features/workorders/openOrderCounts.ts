import type { ContractClient } from '../../../../shared/contract'
import { ACTIVE_WORK_ORDER_STATES, type WorkOrder } from '../../../../shared/workOrders'
import { createStore, type ReadableStore } from '../../lib/store'
import type { LinkState } from '../../lib/transport'

/** `workorders:list` answers at most this many; a site with more open orders than this has other problems. */
const OPEN_ORDERS_MAX = 1000

type OrderPlace = Pick<WorkOrder, 'id' | 'equipment' | 'state'>

/** Open (open, scheduled or in progress) orders per machine; machines without any are left out. */
export function countOpenOrders(orders: Iterable<OrderPlace>): Map<string, number> {
  const counts = new Map<string, number>()
  for (const order of orders) if (ACTIVE_WORK_ORDER_STATES.includes(order.state)) counts.set(order.equipment, (counts.get(order.equipment) ?? 0) + 1)
  return counts
}

export interface OpenOrderCounts {
  /**
   * By machine name, a machine without open orders absent; null until the list was first
   * read, so nobody shows a 0 that is only a guess.
   */
  counts: ReadableStore<ReadonlyMap<string, number> | null>
  dispose(): void
}

/**
 * The open work orders of every machine, for the overview's tiles and the equipment display:
 * `workorders:list` whenever the link (re)opens, then each `workorders:changed`. A change that
 * arrives while the list is on its way is applied again on top of the answer.
 */
export function createOpenOrderCounts(client: ContractClient, link: ReadableStore<LinkState>): OpenOrderCounts {
  const counts = createStore<ReadonlyMap<string, number> | null>(null)
  let orders = new Map<number, OrderPlace>()
  let inFlight: OrderPlace[] | null = null
  let disposed = false
  let read = false
  const publish = (): void => {
    if (read) counts.set(countOpenOrders(orders.values()))
  }

  async function load(): Promise<void> {
    inFlight = []
    const result = await client.invoke('workorders:list', { state: 'active', limit: OPEN_ORDERS_MAX })
    const meanwhile = inFlight
    inFlight = null
    if (disposed || !result.ok) return
    orders = new Map(result.data.map((o) => [o.id, o]))
    for (const order of meanwhile ?? []) orders.set(order.id, order)
    read = true
    publish()
  }
  const offChanged = client.on('workorders:changed', (order) => {
    const place = { id: order.id, equipment: order.equipment, state: order.state }
    inFlight?.push(place)
    orders.set(order.id, place)
    publish()
  })
  let wasOpen = false
  const onLink = (): void => {
    const open = link.get().status === 'open'
    if (open && !wasOpen) void load()
    wasOpen = open
  }
  const offLink = link.subscribe(onLink)
  onLink()
  return {
    counts,
    dispose() {
      disposed = true
      offChanged()
      offLink()
    }
  }
}
