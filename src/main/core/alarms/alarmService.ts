import type { Alarm, AlarmTransition } from '../../../shared/alarms'
import type { AnomalyEvent } from '../../../shared/anomaly'
import type { CommandHandlers, SampleBatch } from '../../../shared/contract'
import type { ConnectionState, EquipmentInfo, TagInfo } from '../../../shared/domain'
import type { TagMap } from '../../../shared/tagMap'
import { severityToPriority, type ServerCondition } from '../../../shared/serverCondition'
import { ContractFailure } from '../contractDispatch'
import { CONSOLE_EMIT_MIN_MS, createEmitThrottle } from '../emitThrottle'
import type { ServerConditions } from '../opcua/serverConditions'
import type { EventHub } from '../eventHub'
import type { Logger } from '../logger'
import type { PlantDatabase } from '../storage/plantDatabase'
import { createAlarmHandlers } from './alarmHandlers'
import { createAlarmStore } from './alarmStore'
import { createAlarmSummary, type AlarmCondition, type AlarmSummary } from './alarmSummary'
import { applyAnomalyEvents } from './anomalyAlarms'
import { createDesignSuppression, type DesignSuppression } from './designSuppression'
import { createLimitAlarms, type LimitAlarms } from './limitAlarms'

/** How often delays, shelve expiries, floods and start-up windows are checked against the clock. */
export const ALARM_TICK_MS = 1_000
/**
 * After a restart, an engine or sensor-health alarm the engine does not raise again within
 * this long is returned to normal (it stays listed until acknowledged). The engine needs
 * its on-delays and a few trend windows on live data to judge again.
 */
export const RECONFIRM_AFTER_RESTART_MS = 10 * 60_000

export interface AlarmService {
  summary: AlarmSummary
  handlers: ReturnType<typeof createAlarmHandlers>
  /** A new tag map: alarms of dropped tags leave the list; limits are re-armed from the list. */
  useTags(tags: readonly TagInfo[], equipment: readonly EquipmentInfo[], map: TagMap): void
  onBatch(batch: SampleBatch): void
  onEngineEvents(events: readonly AnomalyEvent[]): void
  onConnection(state: ConnectionState): void
  /** The historian's status: anything but ok is a system alarm. */
  onHistorian(ok: boolean, message: string): void
  /**
   * Merges the server's Alarms & Conditions (OPC UA Part 9) into the list as
   * `server:<ConditionId>`; acknowledge, comment and shelve of those go back through the
   * condition's methods first, and a refusal by the server changes nothing here.
   */
  useServerConditions(conditions: ServerConditions): () => void
  dispose(): void
}

/**
 * The alarm half of the core, assembled: one summary fed by the limit alarms, the engine,
 * sensor health and system conditions, persisted and journaled in `db`, with designed
 * suppression from the plant's running states. Emits `alarms:changed` and
 * `alarms:transitions` on `hub`.
 */
/**
 * What the connection alarm asks for. A failed link waits for an engineer (settings, tag map,
 * a certificate to trust, as its reason says); only a reconnecting one points at the server
 * and the network.
 */
const connectionAction = (state: ConnectionState): string =>
  state.status === 'failed'
    ? 'an engineer must act as the message says (settings, tag map or certificate trust); values are marked stale meanwhile'
    : 'check the server and the network; values are marked stale meanwhile'

/** The alarm id of a server condition. */
export const serverAlarmId = (conditionId: string): string => `server:${conditionId}`

export function createAlarmService(o: { db: PlantDatabase; clock: () => number; logger: Logger; hub: EventHub }): AlarmService {
  const { clock, logger, hub } = o
  let suppression: DesignSuppression | undefined
  let limits: LimitAlarms | undefined
  let connection: ConnectionState = { status: 'connecting', endpoint: '', since: clock() }
  // After dispose the database closes: late events (a link going down as it is closed, the
  // engine's last words) must not write to it.
  let disposed = false
  const store = createAlarmStore(o.db, logger)
  const summary = createAlarmSummary({
    store: { load: store.load, save: (...args) => (disposed ? undefined : store.save(...args)) },
    clock,
    suppression: (alarm) => suppression?.reason(alarm),
    // An engineer may take a limit alarm out of service before it fires (a sensor off for calibration).
    configured: (id) => limits?.describe(id),
    onError: (error) => logger.error(error.message)
  })
  // Consoles get the list's changes at most every CONSOLE_EMIT_MIN_MS, each alarm once in its
  // latest state (null: it left the list). In a flood the list changes every publish cycle and
  // runs to thousands of alarms: sent whole ten times a second it froze every screen.
  let queued: AlarmTransition[] = []
  const changed = new Map<string, Alarm | null>()
  const toConsoles = createEmitThrottle(CONSOLE_EMIT_MIN_MS, () => {
    if (queued.length > 0) hub.emit('alarms:transitions', queued)
    if (changed.size > 0) {
      const upserted: Alarm[] = []
      const removed: string[] = []
      for (const [id, alarm] of changed) {
        if (alarm) upserted.push(alarm)
        else removed.push(id)
      }
      hub.emit('alarms:changed', { upserted, removed })
    }
    queued = []
    changed.clear()
  })
  summary.onChange((transitions, change) => {
    queued.push(...transitions)
    for (const id of change.removed) changed.set(id, null)
    for (const alarm of change.upserted) changed.set(alarm.id, alarm)
    toConsoles.request()
  })
  summary.expectConfirmation((a) => a.kind === 'predictive' || a.kind === 'anomaly' || a.kind === 'sensor-health', clock() + RECONFIRM_AFTER_RESTART_MS)
  const timer = setInterval(() => {
    const now = clock()
    summary.batch(() => {
      limits?.tick(now)
      if (suppression?.settling(now)) summary.reviewSuppression(now)
      summary.tick(now)
    })
  }, ALARM_TICK_MS)

  const system = (id: string, tag: string, message: string, action: string): AlarmCondition => ({
    id,
    tag,
    equipment: 'Plantwatch',
    kind: 'system',
    limit: null,
    priority: 2,
    message,
    value: null,
    threshold: null,
    unit: '',
    action
  })

  let server: ServerConditions | undefined
  let tagsNow: readonly TagInfo[] = []
  const conditionIdOf = (alarmId: string): string | undefined => {
    const alarm = summary.get(alarmId)
    return alarm?.kind === 'server-condition' ? alarmId.slice('server:'.length) : undefined
  }
  /** Runs the server's method for a server condition; its refusal (a StatusCode) is the answer. */
  const atServer = async (alarmId: string, call: (s: ServerConditions, conditionId: string) => Promise<void>): Promise<void> => {
    const id = conditionIdOf(alarmId)
    if (id === undefined || !server) return
    try {
      await call(server, id)
    } catch (error) {
      throw new ContractFailure('conflict', `the OPC UA server refused: ${(error as Error).message}`)
    }
  }
  const fromServer = (c: ServerCondition): AlarmCondition => {
    const tag = tagsNow.find((t) => t.nodeId === c.sourceNode || t.name === c.sourceName)
    return {
      id: serverAlarmId(c.conditionId),
      tag: tag?.name ?? c.sourceName,
      equipment: tag?.equipment ?? (c.sourceName.split('.')[0] || 'Server'),
      kind: 'server-condition',
      limit: null,
      priority: severityToPriority(c.severity),
      message: c.message || c.conditionName,
      value: null,
      threshold: null,
      unit: tag?.unit ?? ''
    }
  }

  return {
    summary,
    handlers: createAlarmHandlers(summary, o.db, {
      acknowledge: (id, comment, user) => atServer(id, (s, c) => s.acknowledge(c, comment ?? '', user ?? '')),
      comment: (id, text, user) => atServer(id, (s, c) => s.addComment(c, text, user ?? '')),
      shelve: (id, minutes) => atServer(id, (s, c) => s.shelve(c, 'timed', minutes * 60_000)),
      unshelve: (id) => atServer(id, (s, c) => s.unshelve(c))
    }),
    useServerConditions(conditions) {
      server = conditions
      return conditions.onCondition((c) => {
        if (disposed) return
        summary.batch(() => {
          const condition = fromServer(c)
          summary.set(condition, c.active)
          const listed = summary.get(condition.id)
          // Acknowledged at the server (another client, the server's own HMI): so it is here.
          if (c.acked && listed && (listed.state === 'unacknowledged' || listed.state === 'returned-unacknowledged')) summary.acknowledge([condition.id], null, 'acknowledged at the OPC UA server')
        })
      })
    },
    useTags(tags, equipment, map) {
      tagsNow = tags
      const names = new Set(tags.map((t) => t.name))
      summary.forget((a) => a.kind !== 'system' && a.kind !== 'server-condition' && !names.has(a.tag), 'the tag left the tag map')
      suppression = createDesignSuppression(tags, equipment, () => connection, (name) => map.equipment?.[name]?.settleS)
      limits = createLimitAlarms(tags, summary, clock)
    },
    onBatch(batch) {
      if (disposed) return
      summary.batch(() => {
        if (suppression?.update(batch, clock())) summary.reviewSuppression()
        limits?.(batch)
      })
    },
    onEngineEvents(events) {
      if (disposed) return
      applyAnomalyEvents(summary, events)
    },
    onConnection(state) {
      if (disposed) return
      connection = state
      const lost = state.status === 'reconnecting' || state.status === 'failed'
      summary.batch(() => {
        summary.set(
          system('system:connection', 'opcua', `No data from ${state.endpoint}: ${state.status}${state.reason ? ` (${state.reason})` : ''}`, connectionAction(state)),
          lost
        )
        summary.reviewSuppression()
      })
    },
    onHistorian(ok, message) {
      if (disposed) return
      summary.set(system('system:historian', 'historian', message, 'free disk space or check the data folder; recording resumes by itself'), !ok)
    },
    dispose() {
      disposed = true
      clearInterval(timer)
      toConsoles.cancel()
    }
  }
}
