import {
  AttributeIds,
  MessageSecurityMode,
  OPCUAClient,
  SecurityPolicy,
  TimestampsToReturn,
  UserTokenType,
  type ClientSession,
  type DataValue,
  type NodeId,
  type UserIdentityInfo
} from 'node-opcua'
import { STATUS_BAD_STALE, type ConnectionState, type TagInfo } from '../../../shared/domain'
import type { SampleBatch } from '../../../shared/contract'
import { createSampleBatcher } from '../samples/sampleBatcher'
import { createCertificateManager } from './pki'
import { resolveNodeIds } from './resolveNodeIds'
import { numericValue } from './numericValue'
import { readRecentHistory, type TagHistory } from './readHistory'
import { nextBackoffMs, classifyConnectError } from './connectionPolicy'

export interface PlantConnectionOptions {
  endpoint: string
  /** Client PKI root: own certificate, trusted and rejected server certificates. */
  pkiDir: string
  securityMode?: keyof typeof MessageSecurityMode
  securityPolicy?: keyof typeof SecurityPolicy
  user?: { username: string; password: string }
  publishingIntervalMs: number
  tags: readonly TagInfo[]
  onBatch(batch: SampleBatch): void
  onState(state: ConnectionState): void
  /**
   * Warm start: on each new session, before subscribing, the server's raw history of
   * the last `windowMs` is read and handed over, index i for tag i. Servers without
   * history are logged and skipped.
   */
  history?: { windowMs: number; maxValuesPerTag: number; onHistory(histories: TagHistory[]): void }
  logger?: { info(msg: string): void; warn(msg: string): void }
}

export interface PlantConnection {
  state(): ConnectionState
  dispose(): Promise<void>
}

/** Queued values per item: enough for several changes per publish cycle without loss. */
const QUEUE_SIZE = 16

/**
 * Connects to an OPC UA server and streams the tag map's values as batches.
 * The first connection is retried by us with capped exponential backoff (so the
 * operator sees each failure's reason); once connected, node-opcua's own
 * reconnection and subscription transfer take over.
 */
export async function connectPlant(options: PlantConnectionOptions): Promise<PlantConnection> {
  const { endpoint, tags, logger } = options
  const certificateManager = await createCertificateManager(options.pkiDir)
  const client = OPCUAClient.create({
    applicationName: 'Plantwatch',
    clientName: 'Plantwatch HMI',
    endpointMustExist: false,
    keepSessionAlive: true,
    securityMode: MessageSecurityMode[options.securityMode ?? 'None'],
    securityPolicy: SecurityPolicy[options.securityPolicy ?? 'None'],
    clientCertificateManager: certificateManager,
    // One quick retry inside node-opcua; beyond that our loop reports each failure.
    connectionStrategy: { maxRetry: 1, initialDelay: 250, maxDelay: 10_000 }
  })
  const batcher = createSampleBatcher(options.onBatch)
  let current: ConnectionState = { status: 'connecting', endpoint, since: Date.now() }
  let disposed = false
  let retryTimer: NodeJS.Timeout | undefined
  let session: ClientSession | undefined
  const lastValue = new Float64Array(tags.length).fill(Number.NaN)

  const setState = (next: Omit<ConnectionState, 'endpoint' | 'since'>): void => {
    current = { ...next, endpoint, since: Date.now() }
    options.onState(current)
  }

  function markStale(): void {
    const now = Date.now()
    tags.forEach((_, i) => batcher.push(i, now, lastValue[i]!, STATUS_BAD_STALE))
    batcher.flush()
  }

  client.on('connection_lost', () => {
    logger?.warn(`connection to ${endpoint} lost`)
    setState({ status: 'reconnecting', attempt: 0, reason: 'connection lost' })
    markStale()
  })
  client.on('backoff', (count, delay) => {
    if (current.status === 'reconnecting') setState({ status: 'reconnecting', attempt: count + 1, retryInMs: delay, reason: current.reason })
  })
  client.on('after_reconnection', () => {
    logger?.info(`reconnected to ${endpoint}`)
    setState({ status: 'connected' })
  })

  const identity = (): UserIdentityInfo =>
    options.user
      ? { type: UserTokenType.UserName, userName: options.user.username, password: options.user.password }
      : { type: UserTokenType.Anonymous }

  async function readHistory(s: ClientSession, nodeIds: NodeId[]): Promise<void> {
    const { history } = options
    if (!history || history.windowMs <= 0) return
    const now = Date.now()
    try {
      const histories = await readRecentHistory(s, nodeIds, { sinceMs: now - history.windowMs, untilMs: now, maxValuesPerTag: history.maxValuesPerTag })
      if (disposed) return
      const values = histories.reduce((n, h) => n + h.time.length, 0)
      logger?.info(`read ${values} values of history from ${endpoint} (${histories.filter((h) => h.time.length > 0).length} of ${tags.length} tags)`)
      history.onHistory(histories)
    } catch (error) {
      if (disposed) throw error
      logger?.warn(`no history from ${endpoint}: ${(error as Error).message}; the anomaly engine learns from live values only`)
    }
  }

  async function subscribe(s: ClientSession, nodeIds: NodeId[]): Promise<void> {
    // The promise forms wait for the server's answers, so a session closed meanwhile
    // rejects here instead of surfacing later as an unhandled 'error' event.
    const subscription = await s.createSubscription2({
      requestedPublishingInterval: options.publishingIntervalMs,
      requestedMaxKeepAliveCount: 20,
      requestedLifetimeCount: 600,
      maxNotificationsPerPublish: 0,
      publishingEnabled: true,
      priority: 10
    })
    const group = await subscription.monitorItems(
      nodeIds.map((nodeId) => ({ nodeId, attributeId: AttributeIds.Value })),
      // Sampling interval 0: report every change the server makes, queued, none dropped.
      { samplingInterval: 0, discardOldest: true, queueSize: QUEUE_SIZE },
      TimestampsToReturn.Both
    )
    group.on('changed', (_item, dataValue: DataValue, index: number) => {
      const value = numericValue(dataValue)
      lastValue[index] = value
      const time = dataValue.sourceTimestamp?.getTime() ?? dataValue.serverTimestamp?.getTime() ?? Date.now()
      batcher.push(index, time, value, dataValue.statusCode.value >>> 0)
    })
    group.on('err', (message) => logger?.warn(`monitored items on ${endpoint}: ${message}`))
  }

  async function attempt(n: number): Promise<void> {
    if (disposed) return
    try {
      await client.connect(endpoint)
      session = await client.createSession(identity())
      const nodeIds = await resolveNodeIds(session, tags.map((t) => t.nodeId))
      await readHistory(session, nodeIds)
      await subscribe(session, nodeIds)
      if (disposed) return
      logger?.info(`connected to ${endpoint}, ${tags.length} tags subscribed`)
      setState({ status: 'connected' })
    } catch (error) {
      if (disposed) return
      const { fatal, reason } = classifyConnectError(error as Error, options.pkiDir)
      const retryInMs = nextBackoffMs(n, fatal)
      logger?.warn(`cannot connect to ${endpoint}: ${reason}; retrying in ${retryInMs} ms`)
      await client.disconnect().catch(() => undefined)
      session = undefined
      setState({ status: fatal ? 'failed' : 'reconnecting', attempt: n + 1, retryInMs, reason })
      retryTimer = setTimeout(() => void attempt(n + 1), retryInMs)
    }
  }

  setState({ status: 'connecting' })
  void attempt(0)

  return {
    state: () => current,
    async dispose() {
      disposed = true
      clearTimeout(retryTimer)
      await session?.close().catch(() => undefined)
      await client.disconnect().catch(() => undefined)
      await certificateManager.dispose()
      setState({ status: 'stopped' })
    }
  }
}
