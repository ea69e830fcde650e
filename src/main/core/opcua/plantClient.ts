import {
  MessageSecurityMode,
  OPCUAClient,
  RepublishRequest,
  SecurityPolicy,
  type ClientSession,
  type NodeId
} from 'node-opcua'
import type { ConnectionInfo, ConnectionState, TagHealth, TagInfo } from '../../../shared/domain'
import { DEFAULT_CONNECTION } from '../../../shared/tagMap'
import type { SampleBatch } from '../../../shared/contract'
import { createSampleBatcher, type SampleBatcher } from '../samples/sampleBatcher'
import { createCertificateManager } from './pki'
import { isTrusted, leafThumbprint } from './pkiStore'
import { namespaceChanges, resolveNodeIds } from './resolveNodeIds'
import { catchUpStarts, runCatchUp, type CatchUp } from './catchUp'
import { classifyConnectError, deprecatedPolicyRefusal, describeEndpoints, inPlantSettings, nextBackoffMs, type WhereToSet } from './connectionPolicy'
import { readLimits, type OperationLimits } from './operationLimits'
import { createTagHealthTable } from './tagHealth'
import { createTagValues } from './tagValues'
import { bounded, identity, sameNodeId } from './sessionTools'
import type { MonitoredTag } from './tagSubscription'
import { createSubscriptionSet, type RatedTag, type SubscriptionSet } from './subscriptionSet'

export interface PlantConnectionOptions {
  /** The connection's name in states, logs and diagnostics; default {@link DEFAULT_CONNECTION}. */
  name?: string
  endpoint: string
  /** Client PKI root (OPC UA Part 6 layout): own certificate, trusted and rejected peers. */
  pkiDir: string
  securityMode?: keyof typeof MessageSecurityMode
  securityPolicy?: keyof typeof SecurityPolicy
  /** Basic128Rsa15 and Basic256 (SHA-1) are refused unless this is set. */
  allowDeprecatedPolicies?: boolean
  /** A configuration error found before connecting (e.g. an unreadable password file): no attempt is made, the state is failed with it. */
  configError?: string
  /** The settings file of the settings' server ({@link DEFAULT_CONNECTION}), named in messages that ask to change it. */
  settingsFile?: string
  user?: { username: string; password: string }
  /** Default publishing interval (ms) of tags that set none; tags of one rate share a subscription. */
  publishingIntervalMs: number
  /** This connection's tags; position i here is index i in `push`, health and histories. */
  tags: readonly TagInfo[]
  /** Where values go: a batcher shared by several connections (one sequence numbering), else one of its own around `onBatch`. */
  batcher?: SampleBatcher
  onBatch?(batch: SampleBatch): void
  onState(state: ConnectionState): void
  /** Every tag's health, whenever one changes. */
  onHealth?(health: TagHealth[]): void
  /**
   * Warm start and backfill: on every new session, and after any stop of the data on a kept
   * one, the subscription is made first (values held), then the server's raw history is read
   * for each tag from its last value handed on (a tag with none: the last `windowMs`) up to
   * now, handed over (index i for tag i) and only then are live values let through, newer
   * ones only. Servers without history are logged and skipped.
   */
  history?: { windowMs: number; maxValuesPerTag: number; onHistory(catchUp: CatchUp): void }
  /** Retry delays (ms); defaults: 1 s doubling to 5 s, 10 s after a refusal such as an untrusted certificate. */
  retry?: { initialMs?: number; maxMs?: number; refusedMs?: number }
  logger?: { info(msg: string): void; warn(msg: string): void }
}

export interface PlantConnection {
  readonly name: string
  state(): ConnectionState
  health(): TagHealth[]
  /** State, subscriptions per rate, sessions, reconnects, values, last error and last backfill. */
  info(): ConnectionInfo
  /**
   * The live session, once verified (undefined while connecting or after our own loop
   * dropped it). Requests made while node-opcua repairs the link wait for the repair.
   */
  session(): ClientSession | undefined
  /**
   * Calls `listener` with every new session once it is verified and subscribed (first
   * connect, a new session after a loss), and at once with the current one if any; errors
   * it throws or rejects with are logged. Returns the unsubscribe.
   */
  onSession(listener: (session: ClientSession) => void | Promise<void>): () => void
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
  const name = options.name ?? DEFAULT_CONNECTION
  const log = logger ?? { info: () => undefined, warn: () => undefined }
  const where: WhereToSet =
    name === DEFAULT_CONNECTION ? inPlantSettings(options.settingsFile) : (keys) => `${keys.join(' and ')} of connection "${name}" in the tag map`
  const certificateManager = await createCertificateManager(options.pkiDir)
  const batcher = options.batcher ?? createSampleBatcher((batch) => options.onBatch?.(batch))
  const health = createTagHealthTable(tags, (list) => options.onHealth?.(list), log)
  const counted: SampleBatcher = {
    push(index, time, value, status) {
      stats.values++
      batcher.push(index, time, value, status)
    },
    flush: () => batcher.flush()
  }
  const values = createTagValues(tags.length, counted, health)
  const stats: { sessions: number; reconnects: number; values: number; lastError?: ConnectionInfo['lastError']; lastBackfill?: ConnectionInfo['lastBackfill'] } = {
    sessions: 0,
    reconnects: 0,
    values: 0
  }
  let current: ConnectionState = { status: 'connecting', endpoint, since: Date.now(), connection: name }
  let disposed = false
  let retryTimer: NodeJS.Timeout | undefined
  let repairTimer: NodeJS.Timeout | undefined
  let session: ClientSession | undefined
  let verified: ClientSession | undefined
  let sessionId = ''
  let namespaces: string[] = []
  let limits: OperationLimits = { maxMonitoredItemsPerCall: 0, maxNodesPerRead: 0, maxNodesPerHistoryReadData: 0 }
  let live: SubscriptionSet | undefined
  /** Values count only from the subscriptions of this generation, once the session is verified. */
  let generation = 0
  let rebuilding = false
  let restarting = false
  let everConnected = false
  /** Thumbprint of the server certificate accepted for the last verified secure session. */
  let acceptedServerCertificate: string | undefined
  const sessionListeners = new Set<(session: ClientSession) => void | Promise<void>>()

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
    on('send_request', (request: unknown) => request instanceof RepublishRequest && live?.republished(request.subscriptionId, Date.now()))
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
      const { fatal, reason } = classify(error)
      // node-opcua would retry a refused certificate in a tight loop, never re-reading trust.
      if (fatal && session) void restart(reason)
    })
    on('after_reconnection', () => armTakeover('the server is back but the session could not be restored'))
    on('connection_reestablished', () => {
      clearTimeout(repairTimer)
      void verifySession()
    })
    return c
  }
  let client = makeClient()

  const setState = (next: Omit<ConnectionState, 'endpoint' | 'since' | 'connection'>): void => {
    if (next.status === 'connected' && current.status !== 'connected' && everConnected) stats.reconnects++
    if (next.status === 'connected') everConnected = true
    if ((next.status === 'failed' || next.status === 'reconnecting') && next.reason) stats.lastError = { at: Date.now(), message: next.reason }
    current = { ...next, endpoint, since: Date.now(), connection: name }
    options.onState(current)
  }

  /** Resolves every tag on `s`; tags that fail are marked and left out, the others are returned. */
  async function resolve(s: ClientSession): Promise<RatedTag[]> {
    const resolution = await resolveNodeIds(s, tags.map((t) => t.nodeId))
    const changes = namespaceChanges(namespaces, resolution.namespaces)
    if (namespaces.length > 0 && changes.length > 0) log.warn(`namespaces of ${endpoint} changed: ${changes.join('; ')}; tags re-resolved`)
    namespaces = resolution.namespaces
    const resolved: RatedTag[] = []
    resolution.nodeIds.forEach((r, index) => {
      if ('error' in r) return health.set(index, { state: 'error', code: r.error.code, message: r.error.message })
      const tag = tags[index]!
      resolved.push({
        index,
        nodeId: r.nodeId,
        publishingIntervalMs: tag.publishingIntervalMs ?? options.publishingIntervalMs,
        ...(tag.samplingIntervalMs === undefined ? {} : { samplingIntervalMs: tag.samplingIntervalMs }),
        ...(tag.queueSize === undefined ? {} : { queueSize: tag.queueSize }),
        ...(tag.dataChangeDeadband === undefined ? {} : { dataChangeDeadband: tag.dataChangeDeadband })
      })
    })
    return resolved
  }

  /** New subscriptions (one per rate) for the resolved tags on `s`; the old ones are dropped first. Values stay held. */
  async function subscribe(s: ClientSession, resolved: RatedTag[]): Promise<void> {
    const mine = ++generation
    values.discardHeld()
    const old = live
    live = undefined
    await old?.terminate()
    const next = await createSubscriptionSet(s, resolved, {
      maxMonitoredItemsPerCall: limits.maxMonitoredItemsPerCall,
      onValue: (index, dataValue) => mine === generation && values.accept(index, dataValue),
      onLost: (reason) => mine === generation && void recover(reason)
    })
    if (mine !== generation || disposed) return void (await next.terminate())
    live = next
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
    const rates = next.info().map((i) => `${i.publishingIntervalMs} ms`).join(', ')
    log.info(`${monitored} of ${tags.length} tags subscribed on ${endpoint} (${rates})${monitored < tags.length ? ` (${tags.length - monitored} with configuration errors, see tag health)` : ''}`)
  }

  const lastTimes = (): Float64Array =>
    catchUpStarts(
      Float64Array.from(tags, (_, i) => values.lastTime(i)),
      tags.reduce((a, t) => Math.max(a, t.publishingIntervalMs ?? options.publishingIntervalMs), 0)
    )

  async function catchUp(s: ClientSession, resolved: MonitoredTag[], since: Float64Array): Promise<void> {
    if (!options.history) return
    await runCatchUp(s, resolved, since, {
      tags,
      endpoint,
      history: options.history,
      maxNodesPerHistoryReadData: limits.maxNodesPerHistoryReadData,
      fence: (i, t) => values.fence(i, t),
      disposed: () => disposed,
      log,
      onBackfill: (summary) => (stats.lastBackfill = summary)
    })
  }

  /** Subscribes, catches up with history, lets values flow, says connected, and tells the session's listeners. */
  async function goLive(s: ClientSession, resolved: RatedTag[], newSession: boolean): Promise<void> {
    await subscribe(s, resolved)
    if (disposed) return
    const since = lastTimes()
    const warmStart = resolved.every((t) => since[t.index] === Number.NEGATIVE_INFINITY)
    if (warmStart) await catchUp(s, resolved, since)
    if (disposed) return
    flow(s)
    if (!warmStart) void catchUp(s, resolved, since)
    if (newSession) for (const listener of sessionListeners) callListener(listener, s)
  }

  function flow(s: ClientSession): void {
    values.resume()
    verified = s
    const certificate = [client.serverCertificate].flat()[0]
    if ((options.securityMode ?? 'None') !== 'None' && certificate) acceptedServerCertificate = leafThumbprint(certificate)
    setState({ status: 'connected' })
  }

  function callListener(listener: (session: ClientSession) => void | Promise<void>, s: ClientSession): void {
    try {
      void Promise.resolve(listener(s)).catch((error: Error) => log.warn(`a session listener of ${endpoint} failed: ${error.message}`))
    } catch (error) {
      log.warn(`a session listener of ${endpoint} failed: ${(error as Error).message}`)
    }
  }

  /** Whatever the reason data stopped, tags go stale, and we re-subscribe or reconnect. */
  async function recover(reason: string): Promise<void> {
    if (rebuilding || disposed || !session) return
    rebuilding = true
    values.stop()
    log.warn(`data from ${endpoint} stopped: ${reason}; re-creating the subscription`)
    setState({ status: 'reconnecting', attempt: 0, reason: `${reason}; re-creating the subscription` })
    try {
      await goLive(session, await resolve(session), false)
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
    const s = session
    session = undefined
    verified = undefined
    await bounded(s?.close())
    await bounded(client.disconnect())
    client = makeClient()
    restarting = false
    if (disposed) return
    setState({ status: 'reconnecting', attempt: 0, reason })
    void attempt(0)
  }

  const watchdogTimer = setInterval(() => {
    const why = live?.check(Date.now())
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

  /** After node-opcua restored the session: same session and namespaces keep the subscriptions, else they are rebuilt. */
  async function verifySession(): Promise<void> {
    const s = session
    if (!s || disposed) return
    try {
      const resolved = await resolve(s)
      const sameSession = s.sessionId.toString() === sessionId
      const kept = live
      const sameIds = kept !== undefined && sameSession && kept.nodeIdOf.size === resolved.length && resolved.every((t) => sameNodeId(kept, t))
      if (sameIds && !rebuilding) {
        log.info(`reconnected to ${endpoint}: same session, same namespaces, subscriptions kept`)
        // What the server could not queue during the loss comes from its history.
        const since = lastTimes()
        flow(s)
        void catchUp(s, resolved, since)
      } else {
        log.info(`reconnected to ${endpoint} with ${sameSession ? 'the same' : 'a new'} session; re-creating the subscriptions`)
        sessionId = s.sessionId.toString()
        if (!sameSession) stats.sessions++
        limits = await readLimits(s)
        await goLive(s, resolved, !sameSession)
      }
    } catch (error) {
      await restart(`the restored session could not be verified (${(error as Error).message})`)
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
      stats.sessions++
      limits = await readLimits(session)
      await goLive(session, await resolve(session), true)
    } catch (error) {
      if (disposed) return
      await failed(n, error as Error)
    }
  }

  /** An untrusted server certificate while the one accepted last time is still trusted: the server renewed it. */
  const classify = (error: Error): ReturnType<typeof classifyConnectError> =>
    classifyConnectError(error, options.pkiDir, {
      serverCertificateChanged: acceptedServerCertificate !== undefined && isTrusted(options.pkiDir, acceptedServerCertificate),
      where
    })

  async function failed(n: number, error: Error): Promise<void> {
    const s = session
    session = undefined
    verified = undefined
    await bounded(s?.close())
    await bounded(client.disconnect())
    const mismatch = /End ?point must exist|BadSecurityModeRejected|BadSecurityPolicyRejected/i.test(error.message)
    if (mismatch) {
      // Retrying cannot help: the settings must change. Say what the server offers.
      const offered = await describeEndpoints(endpoint, certificateManager)
      const reason = `the server does not offer securityMode ${options.securityMode ?? 'None'} with securityPolicy ${options.securityPolicy ?? 'None'}; it offers ${offered}. Set ${where(['securityMode', 'securityPolicy'])} to one of these`
      log.warn(`cannot connect to ${endpoint}: ${reason}`)
      return setState({ status: 'failed', reason })
    }
    const { fatal, reason } = classify(error)
    const retryInMs = fatal ? (options.retry?.refusedMs ?? 10_000) : nextBackoffMs(n, false, { maxMs: RETRY_CAP_MS, ...options.retry })
    log.warn(`cannot connect to ${endpoint}: ${reason}; retrying in ${retryInMs} ms`)
    setState({ status: fatal ? 'failed' : 'reconnecting', attempt: n + 1, retryInMs, reason })
    retryTimer = setTimeout(() => void attempt(n + 1), retryInMs)
  }

  const refusal = options.configError ?? deprecatedPolicyRefusal(options.securityPolicy, options.allowDeprecatedPolicies === true, where)
  if (refusal) {
    log.warn(`not connecting to ${endpoint}: ${refusal}`)
    setState({ status: 'failed', reason: refusal })
  } else {
    setState({ status: 'connecting' })
    void attempt(0)
  }

  return {
    name,
    state: () => current,
    health: () => health.list(),
    info: () => ({
      name,
      endpoint,
      securityMode: options.securityMode ?? 'None',
      securityPolicy: options.securityPolicy ?? 'None',
      state: current,
      tags: tags.length,
      subscriptions: live?.info() ?? [],
      sessions: stats.sessions,
      reconnects: stats.reconnects,
      values: stats.values,
      ...(stats.lastError ? { lastError: stats.lastError } : {}),
      ...(stats.lastBackfill ? { lastBackfill: stats.lastBackfill } : {})
    }),
    session: () => (current.status === 'connected' ? verified : undefined),
    onSession(listener) {
      sessionListeners.add(listener)
      if (verified && current.status === 'connected') callListener(listener, verified)
      return () => sessionListeners.delete(listener)
    },
    async dispose() {
      disposed = true
      generation++
      sessionListeners.clear()
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
