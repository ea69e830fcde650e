import { join } from 'node:path'
import type { CommandHandlers, EventName, EventPayload, SampleBatch } from '../../shared/contract'
import type { ConnectionState, EquipmentInfo, TagHealth, TagInfo } from '../../shared/domain'
import type { TagMap } from '../../shared/tagMap'
import { createAlarmBook } from './alarms/alarmBook'
import { applyAnomalyEvents } from './alarms/anomalyAlarms'
import { createLimitAlarms, type LimitAlarms } from './alarms/limitAlarms'
import { DEFAULT_LEARNING_WINDOW_S, type DetectionOptions } from './detection/config'
import { startDetectionWorker, type DetectionWorker } from './detection/worker'
import { createAlarmHandlers } from './alarms/alarmHandlers'
import { createAuditHandlers } from './audit/auditHandlers'
import { createAuditTrail, type AuditTrail } from './audit/auditTrail'
import { createDetectionHandlers } from './detection/detectionHandlers'
import { createDispatcher, type Dispatch } from './contractDispatch'
import { createMaintenanceHandlers } from './maintenance/maintenanceHandlers'
import { createSampleHandlers } from './samples/sampleHandlers'
import { createSessions, type Sessions } from './users/sessions'
import { createUserHandlers } from './users/userHandlers'
import { createUserStore, type UserStore } from './users/userStore'
import { createEventHub } from './eventHub'
import type { Logger } from './logger'
import { createMaintenanceLog } from './maintenance/maintenanceLog'
import { scheduleMaintenance } from './maintenance/maintenanceScheduler'
import { connectPlant, type PlantConnection } from './opcua/plantClient'
import type { PlantEndpointSettings, PlantUser } from './settings/settings'
import { createReplayFence, historyToBatches } from './samples/historyBatches'
import { createLatestValues, type LatestValues } from './samples/latestValues'
import { startRecorder } from './historian/recorder'
import { replayLongMemory } from './historian/longMemory'
import type { RetentionPolicy } from './historian/types'
import { createPenSetHandlers, createPenSetStore } from './penSets/penSets'
import { openPlantDatabase, type PlantDatabase } from './storage/plantDatabase'
import { loadTagMap } from './tagmap/loadTagMap'
import { createHandoverFeature, maintenanceIn } from './reports/handoverFeature'
import type { ShiftCalendar } from '../../shared/handover'

export interface CoreOptions {
  /** Where the database and the client PKI live. */
  dataDir: string
  plant: Omit<PlantEndpointSettings, 'user'> & { endpoint: string; user?: PlantUser }
  tagMap: TagMap
  logger: Logger
  clock?: () => number
  /** Options of the anomaly engine on its worker thread; false runs without it. */
  detection?: DetectionOptions | false
  /** Console locking and how secrets are kept, for the session state the renderer shows. */
  security?: { idleLockMs?: number; secretsUnencrypted?: boolean }
  /** How much of the server's history warms up the engine and trends at connect; 0: none. */
  warmStartMs?: number
  /** How long the historian keeps each tier, and its disk budget; defaults: DEFAULT_RETENTION. */
  historianRetention?: Partial<RetentionPolicy>
  /** The shift calendar of the settings (issue 13); default: 06:00/14:00/22:00 in this machine's zone. */
  shifts?: ShiftCalendar
}

/** A console locks after 15 minutes without input unless the settings say otherwise. */
export const DEFAULT_IDLE_LOCK_MS = 15 * 60_000

/**
 * Two hours of history cover the engine's learning period (30 min plus settling) with
 * room to spare, so a restarted Plantwatch judges at once instead of relearning.
 */
export const DEFAULT_WARM_START_MS = 2 * 3_600_000
/**
 * History values read at connect, over all tags and per tag: decoded OPC UA values
 * are heavy (a few hundred bytes each until they are columns), so a large map reads
 * fewer per tag. 10,000 values are 2.8 h at 1 Hz, or 33 min at 5 Hz.
 */
/** How often pending limit-alarm delays are checked against the clock. */
const LIMIT_TICK_MS = 1_000
const LEARNED_FILE = 'learned-state.bin'
const WARM_START_BUDGET_VALUES = 500_000
const WARM_START_MAX_PER_TAG = 10_000

export interface Core {
  handlers: CommandHandlers
  /** The one entry point for hosts: checks contract, access and audits (see `createDispatcher`). */
  dispatch: Dispatch
  /** One per desktop window or browser session; hosts open and close them. */
  sessions: Sessions
  users: UserStore
  audit: AuditTrail
  /** The plant database, for changes that must share a transaction with their audit record. */
  db: PlantDatabase
  on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void
  tags(): readonly TagInfo[]
  connection(): ConnectionState
  /**
   * Loads and applies another tag map. On any validation error the current map
   * stays in force and the error (naming file, tag and field) is thrown.
   */
  reloadTagMap(file: string): Promise<void>
  dispose(): Promise<void>
}

/**
 * Assembles the Electron-free core: the OPC UA link, limit alarms and the
 * maintenance log, behind the contract's handlers and events. Only hosts call this.
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  const { logger, dataDir } = options
  const clock = options.clock ?? Date.now
  const hub = createEventHub((event, error) => logger.error(`listener of ${event} failed: ${String(error)}`))
  const db = openPlantDatabase(join(dataDir, 'plantwatch.db'))
  const log = createMaintenanceLog(db, clock)

  const book = createAlarmBook(clock)
  const recorder = startRecorder({
    file: join(dataDir, 'historian.db'),
    logger,
    clock,
    retention: options.historianRetention,
    onStatus(status) {
      if (status.state === 'ok') logger.info(`historian: ${status.message}`)
      else logger.error(`historian: ${status.message}`)
      if (book.set(historianAlarm(status.message), status.state !== 'ok')) hub.emit('alarms:changed', book.list())
    }
  })
  let tags: TagInfo[] = []
  let equipment: EquipmentInfo[] = []
  let evaluateLimits: LimitAlarms
  let detection: DetectionWorker | undefined
  let latest: LatestValues
  let connection: PlantConnection | undefined
  // Until every tag's live values have moved past its history, repeats are dropped before the engine.
  let pastHistory = (batch: SampleBatch): SampleBatch => batch
  const stats = { valuesReceived: 0, batchesEmitted: 0, startedAt: clock() }
  let state: ConnectionState = { status: 'connecting', endpoint: options.plant.endpoint, since: clock() }
  let health: TagHealth[] = []
  // Limit alarm off-delays run on time too: a value that stops changing inside its limit must still clear.
  const alarmTimer = setInterval(() => evaluateLimits?.tick(clock()) && hub.emit('alarms:changed', book.list()), LIMIT_TICK_MS)

  async function apply(map: TagMap): Promise<void> {
    await connection?.dispose()
    await stopDetection()
    tags = map.tags.map((tag, index) => ({ ...tag, index }))
    equipment = equipmentOf(map)
    pastHistory = (batch) => batch
    // Alarms of tags that left the map can never clear: drop them with the old map.
    const names = new Set(tags.map((t) => t.name))
    book.forget((alarm) => !names.has(alarm.tag))
    evaluateLimits = createLimitAlarms(tags, book, clock)
    latest = createLatestValues(tags.length)
    recorder.useTags(tags.map((t) => t.name))
    detection = options.detection === false ? undefined : startDetection({ ...options.detection, equipment: map.equipment })
    // Long memory (issue 9): what the engine has not learned yet comes from the historian first.
    const replayed = detection
      ? await replayLongMemory({ historian: recorder.reader(), worker: detection, tags: tags.map((t) => t.name), learnedPath: join(dataDir, LEARNED_FILE), now: clock(), windowS: DEFAULT_LEARNING_WINDOW_S, sliceMs: map.publishingIntervalMs, logger })
      : (batch: SampleBatch) => batch
    hub.emit('tags:changed', tags)
    hub.emit('alarms:changed', book.list())
    connection = await connectPlant({
      ...options.plant,
      pkiDir: join(dataDir, 'pki', 'client'),
      publishingIntervalMs: map.publishingIntervalMs,
      tags,
      logger,
      history: {
        windowMs: options.warmStartMs ?? DEFAULT_WARM_START_MS,
        maxValuesPerTag: Math.max(1, Math.min(WARM_START_MAX_PER_TAG, Math.floor(WARM_START_BUDGET_VALUES / Math.max(1, tags.length)))),
        onHistory(histories) {
          // The engine sees the past as if live, one publishing interval per batch; alarms
          // come only from what is still abnormal at the end, and limits judge live values.
          for (const batch of historyToBatches(histories, map.publishingIntervalMs)) {
            latest.update(batch)
            recorder.record(batch)
            detection?.replay(replayed(batch))
          }
          detection?.endReplay()
          pastHistory = createReplayFence(histories)
        }
      },
      onState(next) {
        state = next
        recorder.connectionChanged(next)
        hub.emit('connection:changed', next)
      },
      onHealth(next) {
        health = next
        hub.emit('tags:health', next)
      },
      onBatch(batch) {
        stats.valuesReceived += batch.value.length
        stats.batchesEmitted++
        const fresh = pastHistory(batch)
        latest.update(fresh)
        recorder.record(batch)
        hub.emit('samples:batch', batch)
        if (evaluateLimits(batch)) hub.emit('alarms:changed', book.list())
        detection?.push(replayed(fresh))
      }
    })
  }

  /** Keeps what the engine learned (issue 9), then stops it. */
  async function stopDetection(): Promise<void> {
    await detection?.save().catch((error: Error) => logger.warn(`anomaly engine: learned state not saved: ${error.message}`))
    await detection?.dispose()
  }

  /** The anomaly engine off the main thread; without it Plantwatch still runs, on limit alarms alone. */
  function startDetection(detectionOptions: DetectionOptions): DetectionWorker | undefined {
    try {
      const worker = startDetectionWorker(tags, {
        ...detectionOptions,
        clock,
        // OPC UA reports changes only: a value that holds still sends nothing, so silence is
        // not staleness. A lost link is marked stale by the client with a Bad status instead.
        tickIntervalMs: 0,
        // The same batch goes to the transports too: copy rather than move its buffers.
        transfer: false,
        onError: (error) => logger.error(`anomaly engine: ${error.message}`),
        learnedPath: join(dataDir, LEARNED_FILE),
        onLog: (line) => logger.info(line)
      })
      worker.onEvents((events) => {
        if (applyAnomalyEvents(book, events)) hub.emit('alarms:changed', book.list())
        for (const entry of scheduleMaintenance(log, events, clock(), detectionOptions.timeScale)) {
          logger.info(`maintenance scheduled for ${entry.equipment}: ${entry.text}`)
          hub.emit('maintenance:added', entry)
        }
      })
      return worker
    } catch (error) {
      logger.error(`anomaly engine not started, limit alarms only: ${(error as Error).message}`)
      return undefined
    }
  }

  await apply(options.tagMap)

  const users = createUserStore(db, clock)
  const audit = createAuditTrail(db, clock)
  const sessions = createSessions({
    clock,
    idleLockMs: options.security?.idleLockMs ?? DEFAULT_IDLE_LOCK_MS,
    ...(options.security?.secretsUnencrypted === undefined ? {} : { secretsUnencrypted: options.security.secretsUnencrypted })
  })
  // Shift handover (issue 13): the report reads these sources; the alarm journal, KPIs and work orders join when they exist.
  const reports = createHandoverFeature({
    db,
    audit,
    clock,
    logger,
    dataDir,
    calendar: options.shifts,
    sources: {
      equipment: () => equipment,
      tags: () => tags,
      historian: () => recorder.reader(),
      maintenance: maintenanceIn((limit) => log.list(limit)),
      audit: (from, to) => audit.range(from, to - 1),
      alarms: () => book.list(),
      learned: async () => (detection ? await detection.learned() : [])
    }
  })
  const handlers: CommandHandlers = {
    ...createSampleHandlers({ tags: () => tags, equipment: () => equipment, health: () => health, connection: () => state, latest: () => latest, stats: () => stats }),
    ...createAlarmHandlers(book, hub),
    ...createMaintenanceHandlers(log, hub, () => new Set(tags.map((t) => t.equipment))),
    ...createUserHandlers({ users, sessions, clock, logger }),
    ...createAuditHandlers(audit),
    ...createPenSetHandlers(createPenSetStore(db, clock)),
    ...createDetectionHandlers({ detection: () => detection, equipmentNames: () => new Set(tags.map((t) => t.equipment)), clock }),
    ...recorder.handlers,
    ...reports.handlers
  }
  const dispatch = createDispatcher({ handlers, sessions, db, audit, logger })

  return {
    handlers,
    dispatch,
    sessions,
    users,
    audit,
    db,
    on: hub.on,
    tags: () => tags,
    connection: () => state,
    async reloadTagMap(file) {
      const map = await loadTagMap(file)
      await apply(map)
      logger.info(`tag map ${file} applied: ${map.tags.length} tags`)
    },
    async dispose() {
      clearInterval(alarmTimer)
      await connection?.dispose()
      await stopDetection()
      recorder.dispose()
      db.close()
    }
  }
}

/** A system alarm: Plantwatch itself cannot record (disk full, read-only, corrupted file replaced). */
const historianAlarm = (message: string) =>
  ({
    id: 'system:historian',
    tag: 'historian',
    equipment: 'Plantwatch',
    kind: 'system',
    limit: null,
    priority: 2,
    message,
    value: null,
    threshold: null,
    unit: '',
    action: 'free disk space or check the data folder; recording resumes by itself'
  }) as const

/** The map's machines in the order their first tag appears, with their descriptive settings. */
function equipmentOf(map: TagMap): EquipmentInfo[] {
  const names = [...new Set(map.tags.map((t) => t.equipment))]
  return names.map((name) => {
    const { type, area, description, upstream } = map.equipment?.[name] ?? {}
    return { name, ...(type ? { type } : {}), ...(area ? { area } : {}), ...(description ? { description } : {}), ...(upstream ? { upstream } : {}) }
  })
}
