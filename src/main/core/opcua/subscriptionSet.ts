import type { ClientSession, DataValue, NodeId, StatusCode } from 'node-opcua'
import type { SubscriptionInfo } from '../../../shared/domain'
import { createSubscriptionWatchdog, type SubscriptionWatchdog } from './subscriptionWatchdog'
import { createTagSubscription, type MonitoredTag, type TagSubscription } from './tagSubscription'

/** A tag to monitor, with the publishing interval of the subscription that carries it. */
export interface RatedTag extends MonitoredTag {
  publishingIntervalMs: number
}

/**
 * A connection's subscriptions: one per publishing rate (Part 4 §5.13: the publishing
 * interval is a subscription's), each with its own watchdog. Seen from the client, the set
 * behaves as one: its items' results, its NodeIds, one `check` for all watchdogs.
 */
export interface SubscriptionSet {
  itemStatus: Map<number, StatusCode>
  nodeIdOf: Map<number, NodeId>
  /** Publish response or keep-alive of the subscription with this server id. */
  republished(subscriptionId: number, now: number): void
  /** Why a subscription is taken as lost (naming its rate), or undefined while all deliver. */
  check(now: number): string | undefined
  info(): SubscriptionInfo[]
  terminate(): Promise<void>
}

export interface SubscriptionSetOptions {
  maxMonitoredItemsPerCall: number
  onValue(index: number, dataValue: DataValue): void
  onLost(reason: string): void
}

interface Member {
  rateMs: number
  live: TagSubscription
  watchdog: SubscriptionWatchdog
  tags: number
}

/** Creates one subscription per distinct `publishingIntervalMs`, fastest first; all or none. */
export async function createSubscriptionSet(session: ClientSession, tags: readonly RatedTag[], options: SubscriptionSetOptions): Promise<SubscriptionSet> {
  const byRate = new Map<number, RatedTag[]>()
  for (const tag of tags) {
    const list = byRate.get(tag.publishingIntervalMs)
    if (list) list.push(tag)
    else byRate.set(tag.publishingIntervalMs, [tag])
  }
  const members: Member[] = []
  const itemStatus = new Map<number, StatusCode>()
  const nodeIdOf = new Map<number, NodeId>()
  const terminate = async (): Promise<void> => {
    await Promise.all(members.map((m) => m.live.terminate()))
  }
  try {
    for (const rateMs of [...byRate.keys()].sort((a, b) => a - b)) {
      const list = byRate.get(rateMs)!
      let watchdog: SubscriptionWatchdog | undefined
      const live = await createTagSubscription(session, list, {
        publishingIntervalMs: rateMs,
        maxMonitoredItemsPerCall: options.maxMonitoredItemsPerCall,
        onValue: options.onValue,
        onDelivery: () => watchdog?.delivered(Date.now()),
        onLost: (reason) => options.onLost(`${reason} (subscription at ${rateMs} ms)`)
      })
      watchdog = createSubscriptionWatchdog(live.lifetimeMs, Date.now())
      members.push({ rateMs, live, watchdog, tags: list.length })
      for (const [k, v] of live.itemStatus) itemStatus.set(k, v)
      for (const [k, v] of live.nodeIdOf) nodeIdOf.set(k, v)
    }
  } catch (error) {
    await terminate()
    throw error
  }
  return {
    itemStatus,
    nodeIdOf,
    republished(subscriptionId, now) {
      // A Republish names its subscription; an unknown id (0 or stale) counts against all.
      const member = members.find((m) => m.live.subscription.subscriptionId === subscriptionId)
      for (const m of member ? [member] : members) m.watchdog.republished(now)
    },
    check(now) {
      for (const m of members) {
        const why = m.watchdog.check(now)
        if (why) return `${why} (subscription at ${m.rateMs} ms, ${m.tags} tags)`
      }
      return undefined
    },
    info: () =>
      members.map((m) => ({
        publishingIntervalMs: m.rateMs,
        revisedPublishingIntervalMs: m.live.revisedPublishingIntervalMs,
        lifetimeMs: m.live.lifetimeMs,
        items: [...m.live.itemStatus.values()].filter((s) => s.isGood()).length
      })),
    terminate
  }
}
