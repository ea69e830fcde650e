import {
  AttributeIds,
  callConditionRefresh,
  constructEventFilter,
  DataType,
  LocalizedText,
  makeBrowsePath,
  NodeId,
  resolveNodeId,
  TimestampsToReturn,
  Variant,
  type ClientSession,
  type ClientSubscription,
  type StatusCode
} from 'node-opcua'
import type { ServerCondition } from '../../../shared/serverCondition'
import { bounded } from './sessionTools'
import { createSubscriptionWatchdog, type SubscriptionWatchdog } from './subscriptionWatchdog'

/** A condition method the server refused; `statusCode` is its StatusCode name (`BadConditionBranchAlreadyAcked`…). */
export class ConditionMethodError extends Error {
  constructor(
    message: string,
    readonly statusCode: string
  ) {
    super(message)
  }
}

/** Event types that frame and request a refresh (Part 9 §5.11 / Part 6 NodeIds). */
const REFRESH_START = 'i=2787'
const REFRESH_END = 'i=2788'
const REFRESH_REQUIRED = 'i=2789'
/** States of Part 9's ShelvedStateMachineType: Unshelved, TimedShelved, OneShotShelved. */
const SHELVING_STATES: Record<string, boolean> = { 'i=2930': false, 'i=2932': true, 'i=2933': true }

/** The full EventFilter: every field the alarm list and the condition methods need, ConditionId included. */
const FIELDS = [
  'EventId', 'EventType', 'SourceNode', 'SourceName', 'Time', 'Message', 'Severity', 'ConditionName', 'BranchId', 'Retain',
  'ActiveState.Id', 'AckedState.Id', 'ConfirmedState.Id', 'ShelvingState.CurrentState.Id', 'ShelvingState.CurrentState', 'Comment', 'ConditionId'
] as const
const F = Object.fromEntries(FIELDS.map((name, i) => [name, i])) as Record<(typeof FIELDS)[number], number>

/** Events are few; a generous queue keeps a refresh burst whole. */
const EVENT_QUEUE_SIZE = 1_000
const EVENT_PUBLISHING_MS = 250
/**
 * A keep-alive every 2 s and a lifetime of three (Part 4 §5.13.1-2), as the tag subscriptions:
 * a server that drops the event subscription is noticed within seconds, not when an alarm is missed.
 */
const EVENT_KEEP_ALIVE_COUNT = 8
const EVENT_LIFETIME_COUNT = 3 * EVENT_KEEP_ALIVE_COUNT
const WATCHDOG_TICK_MS = 500

export interface ServerConditions {
  /** Subscribes to the Server object's events on `session` and calls ConditionRefresh; call it on every new or restored session. */
  attach(session: ClientSession): Promise<void>
  /** Each condition whenever an event changes it; `retain: false` means it left the list. Returns an unsubscribe. */
  onCondition(listener: (condition: ServerCondition) => void): () => void
  /** Conditions the server currently retains. */
  list(): ServerCondition[]
  /** Part 9 Acknowledge, with the operator's comment; `user` is written into the comment (the session is Plantwatch's). */
  acknowledge(conditionId: string, comment: string, user: string): Promise<void>
  confirm(conditionId: string, comment: string, user: string): Promise<void>
  addComment(conditionId: string, comment: string, user: string): Promise<void>
  /** TimedShelve for `durationMs`, or OneShotShelve. */
  shelve(conditionId: string, kind: 'timed' | 'oneShot', durationMs?: number): Promise<void>
  unshelve(conditionId: string): Promise<void>
  dispose(): Promise<void>
}

/**
 * Server Alarms & Conditions (OPC UA Part 9): one event subscription per session on the
 * Server object, ConditionRefresh on every attach and whenever the server sends
 * RefreshRequired; conditions not re-sent by a refresh are dropped. Methods go back through
 * the condition's own methods (Acknowledge, Confirm, AddComment, ShelvingState.*), answered
 * with the server's StatusCode. A watchdog re-creates the event subscription (with a refresh)
 * when the server stops serving it while the session stays up.
 */
export function createServerConditions(logger: { info(msg: string): void; warn(msg: string): void }): ServerConditions {
  const conditions = new Map<string, ServerCondition>()
  const listeners = new Set<(c: ServerCondition) => void>()
  let session: ClientSession | undefined
  let subscription: ClientSubscription | undefined
  let generation = 0
  let refreshing: Set<string> | undefined
  let watchdog: SubscriptionWatchdog | undefined
  let resubscribing = false
  const watchdogTimer = setInterval(() => {
    const now = Date.now()
    // A link being repaired, or a session our connection dropped, is the connection's to handle: a new session re-attaches.
    if (session?.isReconnecting || (session as { hasBeenClosed?(): boolean } | undefined)?.hasBeenClosed?.()) return watchdog?.delivered(now)
    const why = watchdog?.check(now)
    if (why) lost(why)
  }, WATCHDOG_TICK_MS)
  watchdogTimer.unref?.()

  /** The event subscription is gone on the server: subscribe again on the same session; the refresh recovers what was missed. */
  function lost(why: string): void {
    const s = session
    if (!s || resubscribing) return
    resubscribing = true
    watchdog = undefined
    logger.warn(`server conditions: the event subscription is lost (${why}); subscribing again`)
    attach(s)
      .catch((error: Error) => logger.warn(`server conditions: subscribing again failed (${error.message}); next try within the subscription lifetime`))
      .finally(() => (resubscribing = false))
  }

  const emit = (c: ServerCondition): void => {
    for (const listener of listeners) listener(c)
  }

  function onEvent(fields: Variant[]): void {
    const get = (name: keyof typeof F): unknown => fields[F[name]]?.value
    const type = String(get('EventType'))
    if (type === REFRESH_START) return void (refreshing = new Set())
    if (type === REFRESH_END) return endRefresh()
    if (type === REFRESH_REQUIRED) return void refresh('the server asked for a refresh (RefreshRequired)')
    const conditionId = get('ConditionId')
    const branch = get('BranchId')
    if (!(conditionId instanceof NodeId) || conditionId.isEmpty() || (branch instanceof NodeId && !branch.isEmpty())) return
    const id = conditionId.toString()
    refreshing?.add(id)
    const confirmed = get('ConfirmedState.Id')
    const shelving = get('ShelvingState.CurrentState.Id')
    const eventId = get('EventId')
    const time = get('Time')
    const comment = text(get('Comment'))
    const condition: ServerCondition = {
      conditionId: id,
      conditionName: String(get('ConditionName') ?? ''),
      sourceName: String(get('SourceName') ?? ''),
      sourceNode: get('SourceNode') instanceof NodeId ? (get('SourceNode') as NodeId).toString() : '',
      message: text(get('Message')),
      severity: Math.min(1000, Math.max(1, Number(get('Severity') ?? 1))),
      active: get('ActiveState.Id') === true,
      acked: get('AckedState.Id') === true,
      ...(typeof confirmed === 'boolean' ? { confirmed } : {}),
      ...(shelving instanceof NodeId ? { shelved: isShelved(shelving, text(get('ShelvingState.CurrentState'))) } : {}),
      retain: listed(get('Retain') !== false, get('ActiveState.Id') === true, get('AckedState.Id') === true, confirmed),
      time: time instanceof Date ? time.getTime() : Date.now(),
      eventId: Buffer.isBuffer(eventId) ? eventId.toString('base64') : '',
      ...(comment ? { comment } : {})
    }
    if (condition.retain) conditions.set(id, condition)
    else conditions.delete(id)
    emit(condition)
  }

  /** Conditions the refresh did not re-send are no longer retained by the server. */
  function endRefresh(): void {
    const seen = refreshing
    refreshing = undefined
    if (!seen) return
    for (const [id, c] of conditions) {
      if (seen.has(id)) continue
      conditions.delete(id)
      emit({ ...c, retain: false })
    }
  }

  async function refresh(why: string): Promise<void> {
    const s = session
    const sub = subscription
    if (!s || !sub) return
    const status = await callConditionRefresh(s, sub.subscriptionId).catch((error: Error) => error)
    if (status instanceof Error || status.isNotGood()) {
      // A server without Alarms & Conditions answers BadMethodInvalid or BadNotImplemented: nothing is missing then.
      logger.warn(`ConditionRefresh failed (${status instanceof Error ? status.message : status.name}): server conditions already active may be missing until the next session (none if the server has no Alarms & Conditions)`)
    }
    else logger.info(`server conditions refreshed: ${why}`)
  }

  async function attach(next: ClientSession): Promise<void> {
    const mine = ++generation
    const old = subscription
    subscription = undefined
    session = next
    watchdog = undefined
    await bounded(old?.terminate())
    const sub = await next.createSubscription2({
      requestedPublishingInterval: EVENT_PUBLISHING_MS,
      requestedMaxKeepAliveCount: EVENT_KEEP_ALIVE_COUNT,
      requestedLifetimeCount: EVENT_LIFETIME_COUNT,
      publishingEnabled: true,
      priority: 5
    })
    if (mine !== generation) return void (await bounded(sub.terminate()))
    subscription = sub
    const revised = sub as unknown as { publishingInterval: number; lifetimeCount: number }
    const dog = createSubscriptionWatchdog(revised.publishingInterval * revised.lifetimeCount, Date.now())
    const delivered = (): void => {
      if (mine === generation) dog.delivered(Date.now())
    }
    sub.on('keepalive', delivered)
    sub.on('received_notifications', delivered)
    sub.on('status_changed', (status: StatusCode) => mine === generation && status.isNotGood() && lost(`the server ended it (${status.name})`))
    watchdog = dog
    const item = await sub.monitor(
      { nodeId: resolveNodeId('Server'), attributeId: AttributeIds.EventNotifier },
      { samplingInterval: 0, queueSize: EVENT_QUEUE_SIZE, discardOldest: true, filter: constructEventFilter([...FIELDS]) },
      TimestampsToReturn.Neither
    )
    if (item.statusCode.isNotGood()) logger.warn(`the server refuses event monitoring on its Server object (${item.statusCode.name}): no server conditions`)
    item.on('changed', (fields: unknown) => mine === generation && onEvent(fields as Variant[]))
    await refresh(conditions.size === 0 ? 'connected' : 'new session')
  }

  function known(conditionId: string): ServerCondition {
    const c = conditions.get(conditionId)
    if (!c) throw new ConditionMethodError(`no condition ${conditionId} is retained by the server (it may have cleared)`, 'BadNodeIdUnknown')
    return c
  }
  const live = (): ClientSession => {
    if (!session) throw new ConditionMethodError('no live session to the server', 'BadNotConnected')
    return session
  }
  const check = (what: string, status: StatusCode): void => {
    if (status.isNotGood()) throw new ConditionMethodError(`${what} refused by the server: ${status.name} (${status.description})`, status.name)
  }
  const say = (user: string, comment: string): LocalizedText => new LocalizedText({ text: user ? `${user}: ${comment}` : comment })

  /**
   * Calls a ShelvingState method, then reads the shelving state back: not every server sends
   * an event when only the shelving changes (node-opcua 2.x does not), and the list must show it.
   */
  async function callShelving(conditionId: string, method: string, args: Variant[]): Promise<void> {
    const s = live()
    const id = resolveNodeId(known(conditionId).conditionId)
    const paths = ['.ShelvingState', `.ShelvingState.${method}`, '.ShelvingState.CurrentState', '.ShelvingState.CurrentState.Id']
    const [object, target, state, stateId] = (await s.translateBrowsePath(paths.map((p) => makeBrowsePath(id, p)))).map((r) => r.targets?.[0]?.targetId)
    if (!object || !target) throw new ConditionMethodError(`${conditionId} has no ShelvingState.${method}`, 'BadMethodInvalid')
    const result = await s.call({ objectId: object, methodId: target, inputArguments: args })
    check(`${method} of ${conditionId}`, result.statusCode)
    if (!state || !stateId) return
    const [name, nodeId] = await s.read([state, stateId].map((nodeId) => ({ nodeId, attributeId: AttributeIds.Value })))
    const c = conditions.get(conditionId)
    const current = nodeId?.value.value
    if (c && current instanceof NodeId) {
      const next = { ...c, shelved: isShelved(current, text(name?.value.value)) }
      conditions.set(conditionId, next)
      emit(next)
    }
  }

  return {
    attach,
    onCondition(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    list: () => [...conditions.values()],
    async acknowledge(conditionId, comment, user) {
      const c = known(conditionId)
      check(`Acknowledge of ${conditionId}`, await live().acknowledgeCondition(resolveNodeId(c.conditionId), Buffer.from(c.eventId, 'base64'), say(user, comment)))
    },
    async confirm(conditionId, comment, user) {
      const c = known(conditionId)
      check(`Confirm of ${conditionId}`, await live().confirmCondition(resolveNodeId(c.conditionId), Buffer.from(c.eventId, 'base64'), say(user, comment)))
    },
    async addComment(conditionId, comment, user) {
      const c = known(conditionId)
      check(`AddComment of ${conditionId}`, await live().addCommentCondition(resolveNodeId(c.conditionId), Buffer.from(c.eventId, 'base64'), say(user, comment)))
    },
    async shelve(conditionId, kind, durationMs) {
      if (kind === 'oneShot') return callShelving(conditionId, 'OneShotShelve', [])
      if (!(durationMs !== undefined && durationMs > 0)) throw new ConditionMethodError('timed shelving needs a duration above 0 ms', 'BadInvalidArgument')
      // ShelvingTime is a Duration: Double milliseconds (Part 9 TimedShelve).
      return callShelving(conditionId, 'TimedShelve', [new Variant({ dataType: DataType.Double, value: durationMs })])
    },
    unshelve: (conditionId) => callShelving(conditionId, 'Unshelve', []),
    async dispose() {
      generation++
      clearInterval(watchdogTimer)
      watchdog = undefined
      listeners.clear()
      const sub = subscription
      subscription = undefined
      session = undefined
      await bounded(sub?.terminate())
    }
  }
}

/**
 * Whether the alarm list shows a condition. Part 9 says so with Retain, but servers differ:
 * node-opcua 2.x clears Retain on Confirm while the alarm is still active, and keeps it after
 * the alarm returned to normal, acknowledged and confirmed. So an active condition is always
 * listed, one back to normal with nothing left to acknowledge or confirm never is, and in
 * between the server's Retain decides.
 */
function listed(retain: boolean, active: boolean, acked: boolean, confirmed: unknown): boolean {
  if (active) return true
  if (acked && confirmed !== false) return false
  return retain
}

/**
 * CurrentState.Id names the type's state (ns=0), but some servers give the NodeId of the
 * state inside their instance; then the state's name tells (it is not localised in practice).
 */
const isShelved = (id: NodeId, name: string): boolean => SHELVING_STATES[id.toString()] ?? (name !== '' && name !== 'Unshelved')

const text = (value: unknown): string => (value instanceof LocalizedText ? (value.text ?? '') : typeof value === 'string' ? value : '')
