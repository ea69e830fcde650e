import type { LearnedSummary } from '../../../../shared/anomaly'
import type { ContractClient } from '../../../../shared/contract'
import type { EquipmentInfo, TagInfo } from '../../../../shared/domain'
import { createStore, type ReadableStore } from '../../lib/store'
import type { LinkState } from '../../lib/transport'
import { createOpenOrders, type OrderLink } from '../workorders/openOrders'

/**
 * The engine's learned state changes over minutes (modes, learning hours); a 10 s poll keeps
 * the tiles' run state honest without an event for it.
 */
export const LEARNED_POLL_MS = 10_000

/** What the displays read besides the runtime's stores: the machines (with areas), what the engine learned, and open work orders. */
export interface DisplayData {
  equipment: ReadableStore<EquipmentInfo[]>
  /** By machine name; empty without an engine. */
  learned: ReadableStore<ReadonlyMap<string, LearnedSummary>>
  /** Open work orders by machine name (a machine without any is absent); null until first read. */
  openWorkOrders: ReadableStore<ReadonlyMap<string, number> | null>
  /** The open work orders each alarm is evidence of; null until first read. */
  workOrdersByAlarm: ReadableStore<ReadonlyMap<string, readonly OrderLink[]> | null>
  dispose(): void
}

export function createDisplayData(client: ContractClient, link: ReadableStore<LinkState>, tags: ReadableStore<TagInfo[]>): DisplayData {
  const equipment = createStore<EquipmentInfo[]>([])
  const learned = createStore<ReadonlyMap<string, LearnedSummary>>(new Map())
  const workOrders = createOpenOrders(client, link)
  let disposed = false

  async function loadEquipment(): Promise<void> {
    const result = await client.invoke('equipment:list', undefined)
    if (result.ok && !disposed) equipment.set(result.data)
  }
  async function loadLearned(): Promise<void> {
    const result = await client.invoke('detection:learned', undefined)
    if (result.ok && !disposed) learned.set(new Map(result.data.map((s) => [s.equipment, s])))
  }
  const open = (): boolean => link.get().status === 'open'

  // A new tag list may bring new machines or areas.
  let lastTags = tags.get()
  const offTags = tags.subscribe(() => {
    if (tags.get() === lastTags) return
    lastTags = tags.get()
    if (open()) void loadEquipment()
  })
  let wasOpen = false
  const onLink = (): void => {
    const now = open()
    if (now && !wasOpen) {
      void loadEquipment()
      void loadLearned()
    }
    wasOpen = now
  }
  const offLink = link.subscribe(onLink)
  onLink()
  const timer = setInterval(() => {
    if (open()) void loadLearned()
  }, LEARNED_POLL_MS)

  return {
    equipment,
    learned,
    openWorkOrders: workOrders.counts,
    workOrdersByAlarm: workOrders.byAlarm,
    dispose() {
      disposed = true
      workOrders.dispose()
      clearInterval(timer)
      offTags()
      offLink()
    }
  }
}
