import { createContext, useContext } from 'react'
import type { MaintenanceEntry } from '../../../../shared/domain'
import { createStore, type ReadableStore } from '../../lib/store'
import { useStore } from '../../lib/useStore'
import type { OrderLink } from './openOrders'

/** A request to open the work-order list on one order; `seq` makes asking twice open it twice. */
export interface OrderRequest {
  number: string
  /** Its machine, when the asker knows it: the list then reads that machine's orders. */
  equipment?: string | undefined
  seq: number
}

/** What links alarms and log entries to work orders, and back, anywhere on screen. */
export interface WorkOrderLinks {
  /** The open orders each alarm is evidence of; null until first read. */
  byAlarm: ReadableStore<ReadonlyMap<string, readonly OrderLink[]> | null>
  /** The maintenance log as the runtime holds it, for an order's own entries. */
  logEntries: ReadableStore<readonly MaintenanceEntry[]>
  /** The last request to open an order (the header's work-order list answers it). */
  requested: ReadableStore<OrderRequest | null>
  openOrder(number: string, equipment?: string | null): void
}

/** The request side of the links; `byAlarm` and `logEntries` come from the stores that already hold them. */
export function createOrderRequests(): Pick<WorkOrderLinks, 'requested' | 'openOrder'> {
  const requested = createStore<OrderRequest | null>(null)
  let seq = 0
  return {
    requested,
    openOrder: (number, equipment) => requested.set({ number, equipment: equipment ?? undefined, seq: ++seq })
  }
}

const WorkOrderLinksContext = createContext<WorkOrderLinks | null>(null)

export const WorkOrderLinksProvider = WorkOrderLinksContext.Provider

/** The links, or null outside a provider (a component then shows no work-order links). */
export const useWorkOrderLinks = (): WorkOrderLinks | null => useContext(WorkOrderLinksContext)

const NO_ORDERS = createStore<ReadonlyMap<string, readonly OrderLink[]> | null>(null)

/**
 * A work-order number as a link: grey like any link on the HMI (an order is information,
 * not an alarm), named for assistive technology with what it opens.
 */
export function WorkOrderLink({ number, equipment }: { number: string; equipment?: string | null | undefined }) {
  const links = useWorkOrderLinks()
  if (!links) return <span className="wo-link-text">{number}</span>
  return (
    <button type="button" className="link-button wo-link" aria-label={`Open work order ${number}`} aria-haspopup="dialog" onClick={() => links.openOrder(number, equipment)}>
      {number}
    </button>
  )
}

/** The open work orders an alarm is evidence of, as links; nothing when there are none. */
export function AlarmWorkOrders({ alarmId }: { alarmId: string }) {
  const links = useWorkOrderLinks()
  const orders = useStore(links?.byAlarm ?? NO_ORDERS)?.get(alarmId)
  if (!orders?.length) return null
  return (
    <span className="wo-links">
      {orders.map((order) => (
        <WorkOrderLink key={order.id} number={order.number} equipment={order.equipment} />
      ))}
    </span>
  )
}
