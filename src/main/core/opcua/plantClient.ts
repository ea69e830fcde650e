import {
  MessageSecurityMode,
  OPCUAClient,
  RepublishRequest,
  SecurityPolicy,
  type ClientSession,
  type NodeId
} from 'node-opcua'
import type { ConnectionState, TagHealth, TagInfo } from '../../../shared/domain'
import type { SampleBatch } from '../../../shared/contract'
import { createSampleBatcher } from '../samples/sampleBatcher'
import { createCertificateManager } from './pki'
import { namespaceChanges, resolveNodeIds } from './resolveNodeIds'
import { readRecentHistory, type TagHistory } from './readHistory'
import { classifyConnectError, deprecatedPolicyRefusal, describeEndpoints, nextBackoffMs } from './connectionPolicy'
import { readLimits, type OperationLimits } from './operationLimits'
import { createTagHealthTable } from './tagHealth'
import { createTagValues } from './tagValues'
import { bounded, identity, sameNodeId } from './sessionTools'
import { createTagSubscription, type MonitoredTag, type TagSubscription } from './tagSubscription'
import { createSubscriptionWatchdog, type SubscriptionWatchdog } from './subscriptionWatchdog'

export interface PlantConnectionOptions {
  endpoint: string
  /** Client PKI root (OPC UA Part 6 layout): own certificate, trusted and rejected peers. */
  pkiDir: string
  securityMode?: keyof typeof MessageSecurityMode
  securityPolicy?: keyof typeof SecurityPolicy
  /** Basic128Rsa15 and Basic256 (SHA-1) are refused unless this is set. */
  allowDeprecatedPolicies?: boolean
  user?: { username: string; password: string }
  publishingIntervalMs: number
  tags: readonly TagInfo[]
  onBatch(batch: SampleBatch): void
  onState(state: ConnectionState): void
  /** Every tag's health, whenever one changes. */
  onHealth?(health: TagHealth[]): void
  /**
   * Warm start: on each session we open, before subscribing, the server's raw history of
   * the last `windowMs` is read and handed over, index i for tag i. Servers without
   * history are logged and skipped.
   */
  history?: { windowMs: number; maxValuesPerTag: number; onHistory(histories: TagHistory[]): void }
  /** Retry delays (ms); defaults: 1 s doubling to 5 s, 10 s after a refusal such as an untrusted certificate. */
  retry?: { initialMs?: number; maxMs?: number; refusedMs?: number }
  logger?: { info(msg: string): void; warn(msg: string): void }
}

export interface PlantConnection {
  state(): ConnectionState
  health(): TagHealth[]
  /** The live session once verified (values flow), else undefined: for writes, events and diagnostics. */
  session(): ClientSession | undefined
  /**
   * Called with each session once it is verified: first connect, node-opcua's restored
   * session, or a new one after our reconnect. Returns an unsubscribe.
   */
  onSession(listener: (session: ClientSession) => void): () => void
  dispose(): Promise<void>
}

/** Connection attempts cost the server little: a restarted server is found again within seconds. */
const RETRY_CAP_MS = 5_000
/** How often the watchdog looks; well under any subscription lifetime. */
const WATCHDOG_TICK_MS = 250
/** node-opcua's own reconnection gets this long to restore the session before our loop takes over. */
const SESSION_REPAIR_GRACE_MS = 10_000

/**
 * Connects to an OPC UA server and streams the tag map's values as batches. Every session,
 * whether ours or one node-opcua restored after a connection loss, is a fresh start: the
 * NamespaceArray is read again, `nsu=` NodeIds are re-resolved, the subscription is re-created
 * when anything changed, and until that check is done no value reaches the screen (a stale
 * namespace index could point at another node). A watchdog per subscription marks the tags
 * stale and re-subscribes when publish responses stop. Our own loop (capped backoff, trust
 * lists re-read before each try) handles first connects and whatever node-opcua cannot repair.
 */
export async function connectPlant(options: PlantConnectionOptions): Promise<PlantConnection> {
  const { endpoint, tags, logger } = options
  const log = logger ?? { info: () => undefined, warn: () => undefined }
  const certificateManager = await createCertificateManager(options.pkiDir)
  const batcher = createSampleBatcher(options.onBatch)
  const health = createTagHealthTable(tags, (list) => options.onHealth?.(list), log)
  const values = createTagValues(tags.length, batcher, health)
  let current: ConnectionState = { status: 'connecting', endpoint, since: Date.now() }
  let disposed = false
  let retryTimer: NodeJS.Timeout | undefined
  let repairTimer: NodeJS.Timeout | undefined
  let session: ClientSession | undefined
  let sessionId = ''
  let namespaces: string[] = []
  let limits: OperationLimits = { maxMonitoredItemsPerCall: 0, maxNodesPerRead: 0, maxNodesPerHistoryReadData: 0 }
  let live: TagSubscription | undefined
  let watchdog: SubscriptionWatchdog | undefined
  /** Values count only from the subscription of this generation, once the session is verified. */
  let generation = 0
  let rebuilding = false
  let restarting = false
  const sessionListeners = new Set<(s: ClientSession) => void>()
  const announce = (s: ClientSession): void => {
    for (const listener of sessionListeners) {
      try {
        listener(s)
      } catch (error) {
        log.warn(`a session listener failed: ${(error as Error).message}`)
      }
    }
  }

  /**
   * A fresh client for each attempt of our loop: node-opcua keeps the server's endpoints and
   * certificate per client, so a server that came back with a renewed certificate needs one.
   * Events of a client that has been replaced are ignored.
   */
  function makeClient(): OPCUAClient {
  const c = OPCUAClient.create({
      applicationName: 'Plantwatch',
      clientName: 'Plantwatch HMI',
      endpointMustExist: false,
      keepSessionAlive: true,
      securityMode: MessageSecurityMode[options.securityMode ?? 'None'],
      securityPolicy: SecurityPolicy[options.securityPolicy ?? 'None'],
      clientCertificateManager: certificateManager,
      // One quick retry inside node-opcua on first connect; after a loss, node-opcua retries
      // every 2 s at most, so a restarted server is back within the resume target.
      connectionStrategy: { maxRetry: 1, initialDelay: 250, maxDelay: 2_000 }
    })
    const on = (event: string, handler: (...args: never[]) => void): void => {
      c.on(event as 'connection_lost', (...args: unknown[]) => c === client && (handler as (...a: unknown[]) => void)(...args))
    }
    on('send_request', (request: unknown) => request instanceof RepublishRequest && watchdog?.republished(Date.now()))
    on('connection_lost', () => {
      log.warn(`connection to ${endpoint} lost; tags stale until the session is verified`)
      values.stop()
      setState({ status: 'reconnecting', attempt: 0, reason: 'connection lost' })
      armTakeover('node-opcua could not restore the connection')
    })
    on('backoff', (count: number, delay: number) => {
      if (current.status === 'reconnecting') setState({ status: 'reconnecting', attempt: count + 1, retryInMs: delay, reason: current.reason })
    })
    on('reconnection_attempt_has_failed', (error: Error) => {
      const { fatal, reason } = classifyConnectError(error, options.pkiDir)
      // node-opcua would retry a refused certificate in a tight loop, never re-reading trust.
      if (fatal && session) void restart(`${reason} (the server's certificate may have changed)`)
    })
    on('after_reconnection', () => armTakeover('the server is back but the session could not be restored'))
    on('connection_reestablished', () => {
      clearTimeout(repairTimer)
      void verifySession()
    })
    return c
  }
  let client = makeClient()

  const setState = (next: Omit<ConnectionState, 'endpoint' | 'since'>): void => {
    current = { ...next, endpoint, since: Date.now() }
    options.onState(current)
  }

  /** Resolves every tag on `s`; tags that fail are marked and left out, the others are returned. */
  async function resolve(s: ClientSession): Promise<MonitoredTag[]> {
    const resolution = await resolveNodeIds(s, tags.map((t) => t.nodeId))
    const changes = namespaceChanges(namespaces, resolution.namespaces)
    if (namespaces.length > 0 && changes.length > 0) log.warn(`namespaces of ${endpoint} changed: ${changes.join('; ')}; tags re-resolved`)
    namespaces = resolution.namespaces
    const resolved: MonitoredTag[] = []
    resolution.nodeIds.forEach((r, index) => {
      if ('error' in r) health.set(index, { state: 'error', code: r.error.code, message: r.error.message })
      else resolved.push({ index, nodeId: r.nodeId })
    })
    return resolved
  }

  /** A new subscription for the resolved tags on `s`; the old one, if any, is dropped first. */
  async function subscribe(s: ClientSession, resolved: MonitoredTag[]): Promise<void> {
    const mine = ++generation
    values.discardHeld()
    const old = live
    live = undefined
    watchdog = undefined
    await old?.terminate()
    const next = await createTagSubscription(s, resolved, {
      publishingIntervalMs: options.publishingIntervalMs,
      maxMonitoredItemsPerCall: limits.maxMonitoredItemsPerCall,
      onValue: (index, dataValue) => mine === generation && values.accept(index, dataValue),
      onDelivery: () => mine === generation && watchdog?.delivered(Date.now()),
      onLost: (reason) => mine === generation && void recover(reason)
    })
    if (mine !== generation || disposed) return void (await next.terminate())
    live = next
    watchdog = createSubscriptionWatchdog(next.lifetimeMs, Date.now())
    let monitored = 0
    for (const { index } of resolved) {
      const status = next.itemStatus.get(index)
      if (status && status.isNotGood()) {
        health.set(index, { state: 'error', code: status.name, message: `the server refuses to monitor this node: ${status.description}` })
      } else {
        monitored++
        if (health.get(index).state === 'pending' || health.get(index).state === 'error') health.set(index, { state: 'good' })
      }
    }
    values.resume()
    log.info(`${monitored} of ${tags.length} tags subscribed on ${endpoint}${monitored < tags.length ? ` (${tags.length - monitored} with configuration errors, see tag health)` : ''}`)
  }

  /** Whatever the reason data stopped, tags go stale, and we re-subscribe or reconnect. */
  async function recover(reason: string): Promise<void> {
    if (rebuilding || disposed || !session) return
    rebuilding = true
    values.stop()
    log.warn(`data from ${endpoint} stopped: ${reason}; re-creating the subscription`)
    setState({ status: 'reconnecting', attempt: 0, reason: `${reason}; re-creating the subscription` })
    try {
      await subscribe(session, await resolve(session))
      setState({ status: 'connected' })
    } catch (error) {
      log.warn(`re-subscribing on ${endpoint} failed (${(error as Error).message}); reconnecting`)
      await restart(`${reason}; re-subscribing failed`)
    } finally {
      rebuilding = false
    }
  }

  /** Drops the session and client state and starts our own connect loop. */
  async function restart(reason: string): Promise<void> {
    // node-opcua may report the same failure many times a second: one restart at a time.
    if (restarting) return
    restarting = true
    clearTimeout(retryTimer)
    generation++
    values.stop()
    clearTimeout(repairTimer)
    live = undefined
    watchdog = undefined
    const s = session
    session = undefined
    await bounded(s?.close())
    await bounded(client.disconnect())
    client = makeClient()
    restarting = false
    if (disposed) return
    setState({ status: 'reconnecting', attempt: 0, reason })
    void attempt(0)
  }

  const watchdogTimer = setInterval(() => {
    const why = watchdog?.check(Date.now())
    if (why && current.status === 'connected') void recover(why)
  }, WATCHDOG_TICK_MS)
  /**
   * node-opcua's reconnection gets a while to restore the session; past that (a renewed
   * certificate, a session it cannot repair), our loop takes over: it re-reads the trust
   * lists and says why each try fails.
   */
  function armTakeover(reason: string): void {
    clearTimeout(repairTimer)
    repairTimer = setTimeout(() => void restart(reason), SESSION_REPAIR_GRACE_MS)
  }

  /** After node-opcua restored the session: same session and namespaces keep the subscription, else it is rebuilt. */
  async function verifySession(): Promise<void> {
    const s = session
    if (!s || disposed) return
    try {
      const resolved = await resolve(s)
      const sameSession = s.sessionId.toString() === sessionId
      const sameIds = live !== undefined && sameSession && live.nodeIdOf.size === resolved.length && resolved.every((t) => sameNodeId(live!, t))
      if (sameIds && live && !rebuilding) {
        log.info(`reconnected to ${endpoint}: same session, same namespaces, subscription kept`)
        values.resume()
      } else {
        log.info(`reconnected to ${endpoint} with ${sameSession ? 'the same' : 'a new'} session; re-creating the subscription`)
        sessionId = s.sessionId.toString()
        limits = await readLimits(s)
        await subscribe(s, resolved)
      }
      setState({ status: 'connected' })
      announce(s)
    } catch (error) {
      await restart(`the restored session could not be verified (${(error as Error).message})`)
    }
  }

  async function readHistory(s: ClientSession, nodeIds: NodeId[]): Promise<void> {
    const { history } = options
    if (!history || history.windowMs <= 0 || nodeIds.length === 0) return
    const now = Date.now()
    try {
      const histories = await readRecentHistory(s, nodeIds, {
        sinceMs: now - history.windowMs,
        untilMs: now,
        maxValuesPerTag: history.maxValuesPerTag,
        maxNodesPerCall: limits.maxNodesPerHistoryReadData
      })
      if (disposed) return
      const values = histories.reduce((n, h) => n + h.time.length, 0)
      log.info(`read ${values} values of history from ${endpoint} (${histories.filter((h) => h.time.length > 0).length} of ${tags.length} tags)`)
      history.onHistory(histories)
    } catch (error) {
      if (disposed) throw error
      log.warn(`no history from ${endpoint}: ${(error as Error).message}; the anomaly engine learns from live values only`)
    }
  }

  async function attempt(n: number): Promise<void> {
    if (disposed) return
    try {
      // A certificate an engineer moved to trusted/ since the last try counts now.
      await certificateManager.reloadCertificates()
      if (n > 0 || current.status !== 'connecting') {
        await bounded(client.disconnect())
        client = makeClient()
      }
      await client.connect(endpoint)
      session = await client.createSession(identity(options.user))
      sessionId = session.sessionId.toString()
      limits = await readLimits(session)
      const resolved = await resolve(session)
      await readHistory(session, resolved.map((t) => t.nodeId))
      await subscribe(session, resolved)
      if (disposed) return
      setState({ status: 'connected' })
      announce(session)
    } catch (error) {
      if (disposed) return
      await failed(n, error as Error)
    }
  }

  async function failed(n: number, error: Error): Promise<void> {
    const s = session
    session = undefined
    await bounded(s?.close())
    await bounded(client.disconnect())
    const mismatch = /End ?point must exist|BadSecurityModeRejected|BadSecurityPolicyRejected/i.test(error.message)
    if (mismatch) {
      // Retrying cannot help: the settings must change. Say what the server offers.
      const offered = await describeEndpoints(endpoint, certificateManager)
      const reason = `the server does not offer securityMode ${options.securityMode ?? 'None'} with securityPolicy ${options.securityPolicy ?? 'None'}; it offers ${offered}. Set plant.securityMode and plant.securityPolicy in the settings to one of these`
      log.warn(`cannot connect to ${endpoint}: ${reason}`)
      return setState({ status: 'failed', reason })
    }
    const { fatal, reason } = classifyConnectError(error, options.pkiDir)
    const retryInMs = fatal ? (options.retry?.refusedMs ?? 10_000) : nextBackoffMs(n, false, { maxMs: RETRY_CAP_MS, ...options.retry })
    log.warn(`cannot connect to ${endpoint}: ${reason}; retrying in ${retryInMs} ms`)
    setState({ status: fatal ? 'failed' : 'reconnecting', attempt: n + 1, retryInMs, reason })
    retryTimer = setTimeout(() => void attempt(n + 1), retryInMs)
  }

  const refusal = deprecatedPolicyRefusal(options.securityPolicy, options.allowDeprecatedPolicies === true)
  if (refusal) {
    log.warn(`not connecting to ${endpoint}: ${refusal}`)
    setState({ status: 'failed', reason: refusal })
  } else {
    setState({ status: 'connecting' })
    void attempt(0)
  }

  return {
    state: () => current,
    health: () => health.list(),
    session: () => (current.status === 'connected' ? session : undefined),
    onSession(listener) {
      sessionListeners.add(listener)
      return () => sessionListeners.delete(listener)
    },
    async dispose() {
      sessionListeners.clear()
      disposed = true
      generation++
      clearTimeout(retryTimer)
      clearTimeout(repairTimer)
      clearInterval(watchdogTimer)
      // node-opcua holds requests made during a reconnection until it succeeds: do not wait for ever.
      await bounded(live?.terminate())
      await bounded(session?.close())
      await bounded(client.disconnect())
      await certificateManager.dispose()
      setState({ status: 'stopped' })
    }
  }
}
