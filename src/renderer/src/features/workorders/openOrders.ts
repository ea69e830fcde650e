import type { ContractClient } from '../../../../shared/contract'
import { ACTIVE_WORK_ORDER_STATES, type WorkOrder } from '../../../../shared/workOrders'
import { createStore, type ReadableStore } from '../../lib/store'
import type { LinkState } from '../../lib/transport'
import { alarmIdsOf } from './workOrderView'

/** `workorders:list` answers at most this many; a site with more open orders than this has other problems. */
const OPEN_ORDERS_MAX = 1000

/** What the overview and the alarm lists need of an order: where it is, how far along, and which alarms it names. */
export interface OrderPlace {
  id: number
  number: string
  equipment: string
  state: WorkOrder['state']
  /** The distinct alarm ids of its evidence. */
  alarmIds: readonly string[]
}

/** An order an alarm links to: its number, and its machine for the accessible name. */
export type OrderLink = Pick<OrderPlace, 'id' | 'number' | 'equipment'>

const placeOf = (order: WorkOrder): OrderPlace => ({ id: order.id, number: order.number, equipment: order.equipment, state: order.state, alarmIds: alarmIdsOf(order) })
const isOpen = (order: Pick<OrderPlace, 'state'>): boolean => ACTIVE_WORK_ORDER_STATES.includes(order.state)

/** Open (open, scheduled or in progress) orders per machine; machines without any are left out. */
export function countOpenOrders(orders: Iterable<Pick<OrderPlace, 'equipment' | 'state'>>): Map<string, number> {
  const counts = new Map<string, number>()
  for (const order of orders) if (isOpen(order)) counts.set(order.equipment, (counts.get(order.equipment) ?? 0) + 1)
  return counts
}

/**
 * The open orders each alarm is evidence of, oldest order first: the alarm side of the
 * link between alarms and work orders. Alarms no open order names are left out.
 */
export function ordersByAlarm(orders: Iterable<OrderPlace>): Map<string, OrderLink[]> {
  const byAlarm = new Map<string, OrderLink[]>()
  for (const order of [...orders].sort((a, b) => a.id - b.id)) {
    if (!isOpen(order)) continue
    const link = { id: order.id, number: order.number, equipment: order.equipment }
    for (const alarmId of order.alarmIds) {
      const links = byAlarm.get(alarmId)
      if (links) links.push(link)
      else byAlarm.set(alarmId, [link])
    }
  }
  return byAlarm
}

export interface OpenOrders {
  /**
   * By machine name, a machine without open orders absent; null until the list was first
   * read, so nobody shows a 0 that is only a guess.
   */
  counts: ReadableStore<ReadonlyMap<string, number> | null>
  /** By alarm id (see {@link ordersByAlarm}); null until the list was first read. */
  byAlarm: ReadableStore<ReadonlyMap<string, readonly OrderLink[]> | null>
  dispose(): void
}

/**
 * The open work orders of every machine, for the overview's tiles, the equipment display and
 * the alarm lists: `workorders:list` whenever the link (re)opens, then each
 * `workorders:changed`. A change that arrives while the list is on its way is applied again
 * on top of the answer.
 */
export function createOpenOrders(client: ContractClient, link: ReadableStore<LinkState>): OpenOrders {
  const counts = createStore<ReadonlyMap<string, number> | null>(null)
  const byAlarm = createStore<ReadonlyMap<string, readonly OrderLink[]> | null>(null)
  let orders = new Map<number, OrderPlace>()
  let inFlight: OrderPlace[] | null = null
  let disposed = false
  let read = false
  // In a flood many orders change at once, each in an event of its own: the maps (and every
  // view of them) are rebuilt once per frame, not once per event.
  let frame = 0
  const publish = (): void => {
    if (!read || frame !== 0) return
    frame = requestAnimationFrame(() => {
      frame = 0
      counts.set(countOpenOrders(orders.values()))
      byAlarm.set(ordersByAlarm(orders.values()))
    })
  }

  async function load(): Promise<void> {
    inFlight = []
    const result = await client.invoke('workorders:list', { state: 'active', limit: OPEN_ORDERS_MAX })
    const meanwhile = inFlight
    inFlight = null
    if (disposed || !result.ok) return
    orders = new Map(result.data.map((o) => [o.id, placeOf(o)]))
    for (const order of meanwhile ?? []) orders.set(order.id, order)
    read = true
    publish()
  }
  const offChanged = client.on('workorders:changed', (order) => {
    const place = placeOf(order)
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
    byAlarm,
    dispose() {
      disposed = true
      cancelAnimationFrame(frame)
      offChanged()
      offLink()
    }
  }
}
