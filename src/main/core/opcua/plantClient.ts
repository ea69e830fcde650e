import type { ClientSession, OPCUAClient } from 'node-opcua'
import type { ConnectionState } from '../../../shared/domain'
import { DEFAULT_CONNECTION } from '../../../shared/tagMap'
import { createSampleBatcher } from '../samples/sampleBatcher'
import { createConnectionStats } from './connectionStats'
import { createCertificateManager } from './pki'
import { isTrusted, leafThumbprint } from './pkiStore'
import { namespaceChanges, resolveNodeIds } from './resolveNodeIds'
import { catchUpStarts, runCatchUp } from './catchUp'
import { classifyConnectError, deprecatedPolicyRefusal, inPlantSettings, nextBackoffMs, securityMismatch, type WhereToSet } from './connectionPolicy'
import { readLimits, type OperationLimits } from './operationLimits'
import { createTagHealthTable } from './tagHealth'
import { createTagValues } from './tagValues'
import { bounded, identity, sameNodeId } from './sessionTools'
import type { MonitoredTag } from './tagSubscription'
import { createSubscriptionSet, type RatedTag, type SubscriptionSet } from './subscriptionSet'
import { createHookedClient, createSessionListeners, type ClientHooks } from './sessionHooks'
import { ratedTags, recordItemHealth } from './sessionTags'
import type { PlantConnection, PlantConnectionOptions } from './plantConnection'

export type { PlantConnection, PlantConnectionOptions } from './plantConnection'

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
  const stats = createConnectionStats()
  const values = createTagValues(tags.length, stats.counting(batcher), health)
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
  /** Thumbprint of the server certificate accepted for the last verified secure session. */
  let acceptedServerCertificate: string | undefined
  const sessionListeners = createSessionListeners(endpoint, log)

  /**
   * A fresh client for each attempt of our loop: node-opcua keeps the server's endpoints and
   * certificate per client, so a server that came back with a renewed certificate needs one.
   * Events of a client that has been replaced are ignored.
   */
  function makeClient(): OPCUAClient {
    return createHookedClient({ ...options, certificateManager }, hooks, (c) => c === client)
  }
  const hooks: ClientHooks = {
    republish: (subscriptionId) => live?.republished(subscriptionId, Date.now()),
    connectionLost() {
      log.warn(`connection to ${endpoint} lost; tags stale until the session is verified`)
      values.stop()
      setState({ status: 'reconnecting', attempt: 0, reason: 'connection lost' })
      armTakeover('node-opcua could not restore the connection')
    },
    backoff(count, delay) {
      if (current.status === 'reconnecting') setState({ status: 'reconnecting', attempt: count + 1, retryInMs: delay, reason: current.reason })
    },
    reconnectionFailed(error) {
      const { fatal, reason } = classify(error)
      // node-opcua would retry a refused certificate in a tight loop, never re-reading trust.
      if (fatal && session) void restart(reason)
    },
    afterReconnection: () => armTakeover('the server is back but the session could not be restored'),
    reestablished() {
      clearTimeout(repairTimer)
      void verifySession()
    }
  }
  let client = makeClient()

  const setState = (next: Omit<ConnectionState, 'endpoint' | 'since' | 'connection'>): void => {
    stats.stateChanging(current, next)
    current = { ...next, endpoint, since: Date.now(), connection: name }
    options.onState(current)
  }

  /** Resolves every tag on `s`; tags that fail are marked and left out, the others are returned. */
  async function resolve(s: ClientSession): Promise<RatedTag[]> {
    const resolution = await resolveNodeIds(s, tags.map((t) => t.nodeId))
    const changes = namespaceChanges(namespaces, resolution.namespaces)
    if (namespaces.length > 0 && changes.length > 0) log.warn(`namespaces of ${endpoint} changed: ${changes.join('; ')}; tags re-resolved`)
    namespaces = resolution.namespaces
    return ratedTags(tags, resolution.nodeIds, options.publishingIntervalMs, health)
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
    const monitored = recordItemHealth(resolved, next.itemStatus, health)
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
      onBackfill: (summary) => stats.backfilled(summary)
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
    if (newSession) sessionListeners.notify(s)
  }

  function flow(s: ClientSession): void {
    values.resume()
    verified = s
    const certificate = [client.serverCertificate].flat()[0]
    if ((options.securityMode ?? 'None') !== 'None' && certificate) acceptedServerCertificate = leafThumbprint(certificate)
    setState({ status: 'connected' })
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
        if (!sameSession) stats.sessionCreated()
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
      stats.sessionCreated()
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
    // Retrying cannot help a security mismatch: the settings must change.
    const mismatch = await securityMismatch(error, options, where, certificateManager)
    if (mismatch) {
      log.warn(`cannot connect to ${endpoint}: ${mismatch}`)
      return setState({ status: 'failed', reason: mismatch })
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
    serverTime: (index) => values.serverTime(index),
    info: () =>
      stats.info({
        name,
        endpoint,
        securityMode: options.securityMode ?? 'None',
        securityPolicy: options.securityPolicy ?? 'None',
        state: current,
        tags: tags.length,
        subscriptions: live?.info() ?? []
      }),
    session: () => (current.status === 'connected' ? verified : undefined),
    onSession: (listener) => sessionListeners.add(listener, current.status === 'connected' ? verified : undefined),
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
