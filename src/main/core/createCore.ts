import { join } from 'node:path'
import type { ClientSession } from 'node-opcua'
import type { CommandHandlers, EventName, EventPayload, SampleBatch } from '../../shared/contract'
import type { ConnectionInfo, ConnectionState, EquipmentInfo, TagHealth, TagInfo } from '../../shared/domain'
import { DEFAULT_CONNECTION, type TagMap } from '../../shared/tagMap'
import { createAlarmService } from './alarms/alarmService'
import { DEFAULT_LEARNING_WINDOW_S, type DetectionOptions } from './detection/config'
import { startDetectionWorker, type DetectionWorker } from './detection/worker'
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
import { createConnectionDiagnostics, type ConnectionDiagnosticsRecorder } from './opcua/connectionDiagnostics'
import { createPkiHandlers } from './opcua/pkiHandlers'
import { createServerConditions, type ServerConditions } from './opcua/serverConditions'
import { createWriteHandlers } from './opcua/writeHandlers'
import { connectPlants, type PlantConnections } from './opcua/connections'
import { createSampleBatcher } from './samples/sampleBatcher'
import { settingsFilePath, type PlantEndpointSettings, type PlantUser } from './settings/settings'
import { createReplayFence, historyToBatches } from './samples/historyBatches'
import { createLatestValues, type LatestValues } from './samples/latestValues'
import { startRecorder } from './historian/recorder'
import { replayLongMemory } from './historian/longMemory'
import type { RetentionPolicy } from './historian/types'
import { createPenSetHandlers, createPenSetStore } from './penSets/penSets'
import { openPlantDatabase, type PlantDatabase } from './storage/plantDatabase'
import { loadTagMap } from './tagmap/loadTagMap'
import { createWorkOrderService } from './workorders/workOrders'
import { createHandoverFeature, maintenanceIn } from './reports/handoverFeature'
import { alarmAndWorkOrderSources } from './reports/liveSources'
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
  /** The link as one state: the worst of all connections. */
  connection(): ConnectionState
  /** The OPC UA connections of the tag map in force (their sessions, for features that call the servers). */
  plantConnections(): PlantConnections | undefined
  /** Each connection's state and diagnostics. */
  connections(): ConnectionInfo[]
  /**
   * Calls `listener` with every new verified session of every connection, of this tag map and
   * of the maps applied later (and at once with the sessions live now). Returns the unsubscribe.
   */
  onSession(listener: (session: ClientSession, connection: string) => void | Promise<void>): () => void
  /** The server's own Alarms & Conditions (Part 9) of the settings' server, re-attached on every session; merged into the alarm list. */
  serverConditions: ServerConditions
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

  const alarms = createAlarmService({ db, clock, logger, hub })
  const recorder = startRecorder({
    file: join(dataDir, 'historian.db'),
    logger,
    clock,
    retention: options.historianRetention,
    onStatus(status) {
      if (status.state === 'ok') logger.info(`historian: ${status.message}`)
      else logger.error(`historian: ${status.message}`)
      alarms.onHistorian(status.state === 'ok', status.message)
    }
  })
  const workOrders = createWorkOrderService({
    db,
    log,
    hub,
    logger,
    clock,
    timeScale: options.detection ? options.detection.timeScale : undefined,
    historian: () => recorder.reader(),
    learningAvailable: () => detection !== undefined,
    resetLearning: async (name, at) => detection?.resetLearning(name, at)
  })
  let tags: TagInfo[] = []
  let equipment: EquipmentInfo[] = []
  let detection: DetectionWorker | undefined
  let latest: LatestValues
  let connections: PlantConnections | undefined
  // Until every tag's live values have moved past its history, repeats are dropped before the engine.
  let pastHistory = (batch: SampleBatch): SampleBatch => batch
  const stats = { valuesReceived: 0, batchesEmitted: 0, startedAt: clock() }
  let state: ConnectionState = { status: 'connecting', endpoint: options.plant.endpoint, since: clock() }
  let health: TagHealth[] = []
  const pkiDir = join(dataDir, 'pki', 'client')
  const serverConditions = createServerConditions(logger)
  const stopServerAlarms = alarms.useServerConditions(serverConditions)
  // Diagnostics per connection (issue 10): state, security, session, notifications/s.
  let diagnostics = new Map<string, ConnectionDiagnosticsRecorder>()
  let connectionOfIndex: string[] = []

  // One batcher for every connection and every tag map: one numbering of `seq` per core.
  const batcher = createSampleBatcher((batch) => onBatch(batch))
  let onBatch: (batch: SampleBatch) => void = () => undefined
  const sessionListeners = new Set<(session: ClientSession, connection: string) => void | Promise<void>>()
  // The settings' server's own alarms join the alarm list; one server's conditions at a time.
  sessionListeners.add((session, name) =>
    name === DEFAULT_CONNECTION ? serverConditions.attach(session).catch((error: Error) => logger.warn(`server conditions not subscribed: ${error.message}`)) : undefined
  )
  /** Notifications per connection, for its diagnostics. */
  function countValues(batch: SampleBatch): void {
    if (diagnostics.size === 1) return void [...diagnostics.values()][0]!.observeValues(batch.value.length)
    const counts = new Map<string, number>()
    for (const index of batch.tagIndex) {
      const name = connectionOfIndex[index] ?? DEFAULT_CONNECTION
      counts.set(name, (counts.get(name) ?? 0) + 1)
    }
    for (const [name, n] of counts) diagnostics.get(name)?.observeValues(n)
  }

  async function apply(map: TagMap): Promise<void> {
    await connections?.dispose()
    await stopDetection()
    tags = map.tags.map((tag, index) => ({ ...tag, index }))
    equipment = equipmentOf(map)
    workOrders.useMap(map)
    pastHistory = (batch) => batch
    // Alarms of tags that left the map can never clear: they leave with the old map.
    alarms.useTags(tags, equipment, map)
    connectionOfIndex = tags.map((t) => t.connection ?? DEFAULT_CONNECTION)
    const security = new Map((map.connections ?? []).map((c) => [c.name, c]))
    diagnostics = new Map(
      [...new Set(connectionOfIndex)].map((name) => {
        const c = security.get(name) ?? options.plant
        return [name, createConnectionDiagnostics({ securityMode: c.securityMode, securityPolicy: c.securityPolicy, clock })]
      })
    )
    latest = createLatestValues(tags.length)
    recorder.useTags(tags.map((t) => t.name))
    detection = options.detection === false ? undefined : startDetection({ ...options.detection, equipment: map.equipment })
    // Long memory (issue 9): what the engine has not learned yet comes from the historian first.
    const replayed = detection
      ? await replayLongMemory({ historian: recorder.reader(), worker: detection, tags: tags.map((t) => t.name), learnedPath: join(dataDir, LEARNED_FILE), now: clock(), windowS: DEFAULT_LEARNING_WINDOW_S, sliceMs: map.publishingIntervalMs, logger })
      : (batch: SampleBatch) => batch
    hub.emit('tags:changed', tags)
    onBatch = (batch) => {
      stats.valuesReceived += batch.value.length
      countValues(batch)
      stats.batchesEmitted++
      const fresh = pastHistory(batch)
      latest.update(fresh)
      recorder.record(batch)
      hub.emit('samples:batch', batch)
      alarms.onBatch(batch)
      detection?.push(replayed(fresh))
    }
    connections = await connectPlants({
      defaultConnection: options.plant,
      connections: map.connections ?? [],
      tags,
      publishingIntervalMs: map.publishingIntervalMs,
      pkiDir,
      baseDir: dataDir,
      settingsFile: settingsFilePath(dataDir),
      batcher,
      logger,
      history: {
        windowMs: options.warmStartMs ?? DEFAULT_WARM_START_MS,
        maxValuesPerTag: Math.max(1, Math.min(WARM_START_MAX_PER_TAG, Math.floor(WARM_START_BUDGET_VALUES / Math.max(1, tags.length)))),
        onHistory(name, catchUp) {
          const batches = historyToBatches(catchUp.histories, map.publishingIntervalMs)
          recorder.backfilled(name, catchUp.missing.map((m) => tags[m.index]!.name))
          if (catchUp.kind === 'backfill') {
            // A gap read back after a loss: stored and shown; the engine carries on from live values.
            for (const batch of batches) {
              latest.update(batch)
              recorder.record(batch)
            }
            const filled = tags.filter((t) => catchUp.histories[t.index]!.time.length > 0).map((t) => t.name)
            if (filled.length > 0) hub.emit('history:backfilled', { tags: filled, from: catchUp.fromMs, to: catchUp.toMs })
            return
          }
          // The engine sees the past as if live, one publishing interval per batch; alarms
          // come only from what is still abnormal at the end, and limits judge live values.
          for (const batch of batches) {
            latest.update(batch)
            recorder.record(batch)
            detection?.replay(replayed(batch))
          }
          detection?.endReplay()
          pastHistory = createReplayFence(catchUp.histories)
        }
      },
      onState(next) {
        state = next
        alarms.onConnection(next)
        hub.emit('connection:changed', next)
      },
      onConnectionState(next) {
        diagnostics.get(next.connection!)?.observeState(next)
        recorder.linkChanged(next.connection!, tagsOfConnection(tags, next.connection!), next)
        hub.emit('connections:changed', next)
      },
      onHealth(next) {
        health = next
        hub.emit('tags:health', next)
      }
    })
    // Listeners registered on the core outlive tag maps: each new connection calls them all.
    for (const c of connections.list) c.onSession(async (session) => void (await Promise.all([...sessionListeners].map((listener) => listener(session, c.name)))))
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
        alarms.onEngineEvents(events)
        workOrders.onEvents(events)
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
      alarms: () => alarms.summary.list(),
      ...alarmAndWorkOrderSources(db),
      learned: async () => (detection ? await detection.learned() : [])
    }
  })
  const handlers: CommandHandlers = {
    ...createSampleHandlers({
      tags: () => tags,
      equipment: () => equipment,
      health: () => health,
      connection: () => state,
      connections: () => connections?.info() ?? [],
      latest: () => latest,
      serverTime: (index) => connections?.serverTime(index) ?? Number.NaN,
      stats: () => stats,
      diagnostics: () => [...diagnostics].map(([name, d]) => ({ ...d.snapshot(connections?.get(name)?.session(), health), name }))
    }),
    ...createWriteHandlers({ tags: () => tags, connectionOf: (tag) => connections?.get(tag.connection ?? DEFAULT_CONNECTION), logger }),
    ...createPkiHandlers(pkiDir, logger),
    ...alarms.handlers,
    ...createMaintenanceHandlers(log, hub, () => new Set(tags.map((t) => t.equipment))),
    ...createUserHandlers({ users, sessions, clock, logger }),
    ...createAuditHandlers(audit),
    ...createPenSetHandlers(createPenSetStore(db, clock)),
    ...createDetectionHandlers({ detection: () => detection, equipmentNames: () => new Set(tags.map((t) => t.equipment)), clock }),
    ...recorder.handlers,
    ...workOrders.handlers,
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
    plantConnections: () => connections,
    connections: () => connections?.info() ?? [],
    serverConditions,
    onSession(listener) {
      sessionListeners.add(listener)
      for (const c of connections?.list ?? []) {
        const session = c.session()
        if (session) void Promise.resolve(listener(session, c.name)).catch((error: Error) => logger.warn(`a session listener of ${c.name} failed: ${error.message}`))
      }
      return () => void sessionListeners.delete(listener)
    },
    async reloadTagMap(file) {
      const map = await loadTagMap(file)
      await apply(map)
      logger.info(`tag map ${file} applied: ${map.tags.length} tags`)
    },
    async dispose() {
      alarms.dispose()
      workOrders.dispose()
      stopServerAlarms()
      await serverConditions.dispose()
      await connections?.dispose()
      await stopDetection()
      recorder.dispose()
      db.close()
    }
  }
}

/** Names of the tags a connection serves (before `connectPlants` returned, its first states arrive). */
const tagsOfConnection = (tags: readonly TagInfo[], connection: string): string[] =>
  tags.filter((t) => (t.connection ?? DEFAULT_CONNECTION) === connection).map((t) => t.name)


/** The map's machines in the order their first tag appears, with their descriptive settings. */
function equipmentOf(map: TagMap): EquipmentInfo[] {
  const names = [...new Set(map.tags.map((t) => t.equipment))]
  return names.map((name) => {
    const { type, area, description, upstream } = map.equipment?.[name] ?? {}
    return { name, ...(type ? { type } : {}), ...(area ? { area } : {}), ...(description ? { description } : {}), ...(upstream ? { upstream } : {}) }
  })
}
