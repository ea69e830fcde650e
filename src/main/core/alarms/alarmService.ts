import type { Alarm, AlarmTransition } from '../../../shared/alarms'
import type { AnomalyEvent } from '../../../shared/anomaly'
import type { CommandHandlers, SampleBatch } from '../../../shared/contract'
import type { ConnectionState, EquipmentInfo, TagInfo } from '../../../shared/domain'
import type { TagMap } from '../../../shared/tagMap'
import type { EventHub } from '../eventHub'
import type { Logger } from '../logger'
import type { PlantDatabase } from '../storage/plantDatabase'
import { createAlarmHandlers } from './alarmHandlers'
import { createAlarmStore } from './alarmStore'
import { createAlarmSummary, type AlarmCondition, type AlarmSummary } from './alarmSummary'
import { applyAnomalyEvents } from './anomalyAlarms'
import { createDesignSuppression, type DesignSuppression } from './designSuppression'
import { createLimitAlarms, type LimitAlarms } from './limitAlarms'

/** Shortest interval between two `alarms:changed` events. */
export const ALARM_EMIT_MIN_MS = 250
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
  dispose(): void
}

/**
 * The alarm half of the core, assembled: one summary fed by the limit alarms, the engine,
 * sensor health and system conditions, persisted and journaled in `db`, with designed
 * suppression from the plant's running states. Emits `alarms:changed` and
 * `alarms:transitions` on `hub`.
 */
export function createAlarmService(o: { db: PlantDatabase; clock: () => number; logger: Logger; hub: EventHub }): AlarmService {
  const { clock, logger, hub } = o
  let suppression: DesignSuppression | undefined
  let connection: ConnectionState = { status: 'connecting', endpoint: '', since: clock() }
  // After dispose the database closes: late events (a link going down as it is closed, the
  // engine's last words) must not write to it.
  let disposed = false
  const store = createAlarmStore(o.db, logger)
  const summary = createAlarmSummary({
    store: { load: store.load, save: (...args) => (disposed ? undefined : store.save(...args)) },
    clock,
    suppression: (alarm) => suppression?.reason(alarm),
    onError: (error) => logger.error(error.message)
  })
  // Consoles get the list at most every ALARM_EMIT_MIN_MS: in a flood it changes every publish
  // cycle, and a thousand alarms sent ten times a second would freeze every screen (the first
  // change after a quiet spell still goes out at once).
  let queued: AlarmTransition[] = []
  let latest: readonly Alarm[] | undefined
  let emitTimer: ReturnType<typeof setTimeout> | undefined
  let lastEmit = Number.NEGATIVE_INFINITY
  const emit = (): void => {
    emitTimer = undefined
    lastEmit = Date.now()
    if (queued.length > 0) hub.emit('alarms:transitions', queued)
    if (latest) hub.emit('alarms:changed', [...latest])
    queued = []
    latest = undefined
  }
  summary.onChange((transitions, list) => {
    queued.push(...transitions)
    latest = list
    emitTimer ??= setTimeout(emit, Math.max(0, lastEmit + ALARM_EMIT_MIN_MS - Date.now()))
  })
  summary.expectConfirmation((a) => a.kind === 'predictive' || a.kind === 'anomaly' || a.kind === 'sensor-health', clock() + RECONFIRM_AFTER_RESTART_MS)
  let limits: LimitAlarms | undefined
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

  return {
    summary,
    handlers: createAlarmHandlers(summary, o.db),
    useTags(tags, equipment, map) {
      const names = new Set(tags.map((t) => t.name))
      summary.forget((a) => a.kind !== 'system' && !names.has(a.tag), 'the tag left the tag map')
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
          system('system:connection', 'opcua', `No data from ${state.endpoint}: ${state.status}${state.reason ? ` (${state.reason})` : ''}`, 'check the server and the network; values are marked stale meanwhile'),
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
      clearTimeout(emitTimer)
    }
  }
}
