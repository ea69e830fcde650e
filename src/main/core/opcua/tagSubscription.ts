import {
  AttributeIds,
  DataChangeFilter,
  DataChangeTrigger,
  DeadbandType,
  StatusCodes,
  TimestampsToReturn,
  type ClientMonitoredItemGroup,
  type ClientSession,
  type ClientSubscription,
  type DataValue,
  type NodeId,
  type StatusCode
} from 'node-opcua'
import { chunks } from './operationLimits'

/** Queued values per item: enough for several changes per publish cycle without loss. */
export const DEFAULT_QUEUE_SIZE = 16
/**
 * The server sends a keep-alive after this much silence (Part 4 §5.13.1 MaxKeepAliveCount ×
 * publishing interval), and the subscription lives three keep-alives without a Publish
 * (LifetimeCount ≥ 3 × MaxKeepAliveCount, Part 4 §5.13.2). A short lifetime is what lets the
 * watchdog tell a lost subscription within seconds.
 */
const KEEP_ALIVE_TARGET_MS = 2_000
const LIFETIME_KEEP_ALIVES = 3

export interface MonitoredTag {
  /** The tag's position in the tag map. */
  index: number
  nodeId: NodeId
  /** OPC UA samplingInterval (ms); default 0: every change the server makes. */
  samplingIntervalMs?: number
  /** Default {@link DEFAULT_QUEUE_SIZE}. */
  queueSize?: number
  /** DataChangeFilter deadband: absolute (engineering units) or percent of the node's EURange. */
  dataChangeDeadband?: { type: 'absolute' | 'percent'; value: number }
}

export interface TagSubscription {
  subscription: ClientSubscription
  /** The server's answer per tag index: Good, or why it monitors nothing (BadNodeIdUnknown…). */
  itemStatus: Map<number, StatusCode>
  /** The NodeId each tag index was subscribed with. */
  nodeIdOf: Map<number, NodeId>
  /** The revised subscription lifetime: publishing interval × lifetime count. */
  lifetimeMs: number
  /** The publishing interval as the server revised it (ms). */
  revisedPublishingIntervalMs: number
  terminate(): Promise<void>
}

export interface TagSubscriptionOptions {
  publishingIntervalMs: number
  /** CreateMonitoredItems calls carry at most this many items; 0 means the server sets no limit. */
  maxMonitoredItemsPerCall: number
  onValue(index: number, dataValue: DataValue): void
  /** Every publish response (data or keep-alive): the watchdog's heartbeat. */
  onDelivery(): void
  /** The server said the subscription is gone (StatusChangeNotification) or node-opcua terminated it. */
  onLost(reason: string): void
}

/** The monitoring parameters of one item, as node-opcua takes them. */
function parametersOf(tag: MonitoredTag): { samplingInterval: number; discardOldest: boolean; queueSize: number; filter?: DataChangeFilter } {
  const { dataChangeDeadband: deadband } = tag
  return {
    samplingInterval: tag.samplingIntervalMs ?? 0,
    discardOldest: true,
    queueSize: tag.queueSize ?? DEFAULT_QUEUE_SIZE,
    ...(deadband && deadband.value > 0
      ? {
          filter: new DataChangeFilter({
            trigger: DataChangeTrigger.StatusValue,
            deadbandType: deadband.type === 'percent' ? DeadbandType.Percent : DeadbandType.Absolute,
            deadbandValue: deadband.value
          })
        }
      : {})
  }
}

/** Tags with the same monitoring parameters, in tag order: one ClientMonitoredItemGroup each (chunked). */
function byParameters(tags: readonly MonitoredTag[]): MonitoredTag[][] {
  const lists = new Map<string, MonitoredTag[]>()
  for (const tag of tags) {
    const key = `${tag.samplingIntervalMs ?? 0}|${tag.queueSize ?? DEFAULT_QUEUE_SIZE}|${tag.dataChangeDeadband?.type ?? ''}|${tag.dataChangeDeadband?.value ?? 0}`
    const list = lists.get(key)
    if (list) list.push(tag)
    else lists.set(key, [tag])
  }
  return [...lists.values()]
}

/**
 * One subscription for the tag list (one publishing rate), its monitored items created per
 * list of tags with the same parameters, in chunks that fit the server's
 * MaxMonitoredItemsPerCall (one ClientMonitoredItemGroup per chunk); a chunk the server still
 * refuses with BadTooManyOperations is halved until it fits. Each item's own result is kept:
 * a tag whose node the server does not know, or whose deadband it cannot apply, fails alone.
 */
export async function createTagSubscription(session: ClientSession, tags: readonly MonitoredTag[], options: TagSubscriptionOptions): Promise<TagSubscription> {
  const maxKeepAliveCount = Math.max(1, Math.ceil(KEEP_ALIVE_TARGET_MS / options.publishingIntervalMs))
  // The promise forms wait for the server's answers, so a session closed meanwhile
  // rejects here instead of surfacing later as an unhandled 'error' event.
  const subscription = await session.createSubscription2({
    requestedPublishingInterval: options.publishingIntervalMs,
    requestedMaxKeepAliveCount: maxKeepAliveCount,
    requestedLifetimeCount: maxKeepAliveCount * LIFETIME_KEEP_ALIVES,
    maxNotificationsPerPublish: 0,
    publishingEnabled: true,
    priority: 10
  })
  let ended = false
  subscription.on('keepalive', options.onDelivery)
  subscription.on('received_notifications', options.onDelivery)
  subscription.on('status_changed', (status: StatusCode) => {
    if (!ended && status.isNotGood()) options.onLost(`the server ended the subscription (${status.name})`)
  })
  subscription.on('terminated', () => {
    if (!ended) options.onLost('the subscription was terminated')
  })
  const itemStatus = new Map<number, StatusCode>()
  const groups: ClientMonitoredItemGroup[] = []
  const terminate = async (): Promise<void> => {
    ended = true
    let timer: NodeJS.Timeout | undefined
    // A subscription on a session that is being repaired may never answer: give up after a while.
    await Promise.race([subscription.terminate().catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, 2_000)))])
    clearTimeout(timer)
  }
  try {
    const monitor = async (chunk: MonitoredTag[]): Promise<void> => {
      let group: ClientMonitoredItemGroup
      try {
        group = await subscription.monitorItems(
          chunk.map((t) => ({ nodeId: t.nodeId, attributeId: AttributeIds.Value })),
          parametersOf(chunk[0]!),
          TimestampsToReturn.Both
        )
      } catch (error) {
        // A server that publishes no limit (or a wrong one) and refuses the call: halve and retry.
        if (chunk.length > 1 && /BadTooManyOperations/.test((error as Error).message)) {
          const half = Math.ceil(chunk.length / 2)
          await monitor(chunk.slice(0, half))
          await monitor(chunk.slice(half))
          return
        }
        throw error
      }
      groups.push(group)
      group.monitoredItems.forEach((item, k) => itemStatus.set(chunk[k]!.index, item.statusCode ?? StatusCodes.Good))
      group.on('changed', (_item, dataValue: DataValue, k: number) => {
        if (!ended) options.onValue(chunk[k]!.index, dataValue)
      })
    }
    for (const list of byParameters(tags)) for (const chunk of chunks(list, options.maxMonitoredItemsPerCall)) await monitor(chunk)
  } catch (error) {
    await terminate()
    throw error
  }
  const revised = subscription as unknown as { publishingInterval: number; lifetimeCount: number }
  const nodeIdOf = new Map(tags.map((t) => [t.index, t.nodeId]))
  return {
    subscription,
    itemStatus,
    nodeIdOf,
    lifetimeMs: revised.publishingInterval * revised.lifetimeCount,
    revisedPublishingIntervalMs: revised.publishingInterval,
    terminate
  }
}
