import { DataType, StatusCodes, type UAVariable } from 'node-opcua'
import { buildModel } from './addressSpace'
import { installAlarms, type PlantAlarms } from './alarms'
import { addExtraTags, MAX_EXTRA_TAGS } from './extraTags'
import { RingHistorian } from './history'
import { NAMESPACE_URI, TAGS } from './model'
import { createPlant } from './plant'
import { PLANT_TIME_CALENDAR, wallClockCalendar } from './plantCalendar'
import { createScenarioRunner, loadScenarioFile, type Scenario } from './scenario'
import type { ProductionSchedule } from './schedule'
import { createPlantServer, type PlantServer } from './server'
import { isolateListeners } from './valueListeners'

export { AREAS, EQUIPMENT, NAMESPACE_URI, TAGS, type EquipmentDef, type TagDef, type VariableDef } from './model'
export { FAULT_KINDS, FaultError, type FaultKind } from './faults'
export { DEFAULT_PRODUCTION_SCHEDULE, type ProductionSchedule } from './schedule'

/** Options of {@link startDemoPlant}. */
export interface DemoPlantOptions {
  /** Address to bind and to advertise; default '127.0.0.1'. */
  host?: string
  /** TCP port; default 4840; 0 picks a free port. */
  port?: number
  /** Server PKI root folder (own certificate, trusted/rejected client certificates). Never defaults to ~. */
  pkiDir: string
  /** Seed of the deterministic physics; default 1. */
  seed?: number
  /** Simulated seconds per real second; default 1. Source timestamps stay wall-clock time. */
  speed?: number
  /** How often values change (ms); default 100. */
  updateIntervalMs?: number
  /** Synthetic Double tags `s=Extra.T00001`… for load tests, changing every updateIntervalMs. */
  extraTags?: number
  /** Path of a scenario JSON file (scheduled faults); rejected at start with file, position and reason. */
  scenario?: string
  /**
   * The production schedule conveyors and the crusher follow (handover stops at 07:00 and
   * 19:00 local time, night and Saturday throughput, an idle Sunday, short trips), or null:
   * they run around the clock. Default null, so a test's plant does not depend on the day and
   * hour it runs at. A scenario's `"schedule"` (an object, or null) takes precedence.
   * With a schedule, the plant's calendar is the local wall clock: plant time at start is now,
   * so at speed 1 the 07:00 stop is at 07:00 of the source timestamps; a sped-up plant starts
   * at the wall clock's time of day and its days pass at its speed. Without one, plant time 0
   * is a Monday midnight, whatever the wall clock says (the ambient day and the lube round too).
   */
  schedule?: ProductionSchedule | null
  /** Drop the None endpoint and anonymous access. */
  secureOnly?: boolean
  /** Username/password users; default one user `operator` / `operator`. */
  users?: Array<{ username: string; password: string }>
  logger?: { info(msg: string): void; warn(msg: string): void }
  /**
   * Accept client certificates the PKI does not trust yet (default false: an unknown
   * certificate is refused and lands in `<pkiDir>/rejected`; trust it by moving it to
   * `<pkiDir>/trusted/certs` or with {@link DemoPlant.trustClientCertificate}).
   */
  autoAcceptClientCertificates?: boolean
}

/** A running demo plant. */
export interface DemoPlant {
  /** e.g. `opc.tcp://127.0.0.1:4840/plantwatch`. */
  endpointUrl: string
  namespaceUri: 'urn:plantwatch:demo-mine'
  /**
   * Start a fault now; throws an Error naming the bad equipment, fault or parameter.
   *
   * Degrading faults (`bearing-wear`, `lube-leak`, `cooling-failure`, `pressure-surge`,
   * `belt-overload`) take `{ timeToFailureS?: number, trip?: boolean }`; by default they
   * reach failure in 5–10 simulated hours. **Fast alarm for demos and e2e tests:**
   * `injectFault('CV-101', 'bearing-wear', { timeToFailureS: 3, trip: false })` makes
   * CV-101.Vibration cross 7.1 mm/s (H) after ~2.4 s and 11 mm/s (HH) after ~2.9 s at
   * speed 1, then keep rising to ~19.5 mm/s until cleared; with `trip` left true the conveyor
   * trips at 11 mm/s and Vibration drops to ~0.
   * Sensor faults (`sensor-stuck`, `sensor-drift`, `sensor-noise`) take
   * `{ variable?, ratePerHour?, amplitude? }`; `motor-trip` and `comms-loss` take none.
   */
  injectFault(equipment: string, fault: string, params?: Record<string, unknown>): void
  /** End a fault; throws for an unknown equipment or fault. */
  clearFault(equipment: string, fault: string): void
  /** Maintenance done: clear every fault and the trip, top up lubricant. */
  resetEquipment(equipment: string): void
  /** Trust a client certificate (DER) for the secure endpoints. */
  trustClientCertificate(certificateDer: Buffer): Promise<void>
  /** Simulated seconds since start. */
  simTimeS(): number
  /** The production schedule the plant follows (see {@link DemoPlantOptions.schedule}); null: around the clock. */
  readonly schedule: ProductionSchedule | null
  stop(): Promise<void>
}

/** Fastest time compression: 100,000 s per second is 10,000 one-second physics steps per 100 ms tick. */
export const MAX_SPEED = 100_000
/** Values the thinned history keeps per tag; the backfill fills at most this many. */
const COARSE_CAPACITY = 20_000

/**
 * Simulated history created at start, so HistoryRead serves at once at least a day of
 * plant time and, on a sped-up plant, the two and a half hours of wall time that a
 * client's warm start reads (capped at a week: a faster plant starts with less).
 * Steps of ten simulated seconds or more keep the samples a client learns from.
 */
export function backfillPlan(speed: number): { spanS: number; stepS: number } {
  const spanS = Math.min(7 * 86_400, Math.max(86_400, Math.ceil(speed * 9_000)))
  return { spanS, stepS: Math.max(10, Math.ceil(spanS / COARSE_CAPACITY)) }
}

function checkOptions(o: DemoPlantOptions): void {
  const bad = (m: string): never => {
    throw new Error(`demo plant: ${m}`)
  }
  if (!o.pkiDir) bad('pkiDir is required')
  if (o.port !== undefined && (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535)) bad(`bad port ${o.port}`)
  if (o.speed !== undefined && !(o.speed > 0 && o.speed <= MAX_SPEED)) bad(`speed must be in (0, ${MAX_SPEED}], got ${o.speed}`)
  if (o.updateIntervalMs !== undefined && !(o.updateIntervalMs >= 10 && o.updateIntervalMs <= 60_000)) bad('updateIntervalMs must be 10…60000')
  const n = o.extraTags ?? 0
  if (!Number.isInteger(n) || n < 0 || n > MAX_EXTRA_TAGS) bad(`extraTags must be an integer 0…${MAX_EXTRA_TAGS}`)
}

/** Start the embedded OPC UA demo plant. Resolves once it listens. */
export async function startDemoPlant(options: DemoPlantOptions): Promise<DemoPlant> {
  checkOptions(options)
  const log = options.logger ?? { info: () => {}, warn: () => {} }
  const host = options.host ?? '127.0.0.1'
  const scenario: Scenario | undefined = options.scenario ? await loadScenarioFile(options.scenario) : undefined
  const users = options.users ?? [{ username: 'operator', password: 'operator' }]
  const secureOnly = options.secureOnly ?? false
  const ps = await createPlantServer({
    host,
    port: options.port ?? 4840,
    pkiDir: options.pkiDir,
    secureOnly,
    users,
    autoAcceptClientCertificates: options.autoAcceptClientCertificates ?? false
  })
  try {
    return await assemble(ps, options, log, scenario)
  } catch (err) {
    await ps.dispose()
    const message = err instanceof Error ? err.message : String(err)
    if (/EADDRINUSE/.test(message)) throw new Error(`demo plant: cannot listen on ${ps.endpointUrl}: the port is in use`)
    throw err
  }
}

type Logger = NonNullable<DemoPlantOptions['logger']>

async function assemble(ps: PlantServer, options: DemoPlantOptions, log: Logger, scenario: Scenario | undefined): Promise<DemoPlant> {
  const { server, endpointUrl } = ps
  const speed = options.speed ?? 1
  const updateIntervalMs = options.updateIntervalMs ?? 100
  const addressSpace = server.engine.addressSpace
  if (!addressSpace) throw new Error('demo plant: address space missing after initialize')

  // The time before start: run the physics through it and keep it as history.
  const t0Ms = Date.now()
  const { spanS: backfillS, stepS: backfillStepS } = backfillPlan(speed)
  const wallOf = (simS: number): number => t0Ms + ((simS - backfillS) * 1000) / speed
  const schedule = scenario?.schedule !== undefined ? scenario.schedule : (options.schedule ?? null)
  // Plant time backfillS is now, as in wallOf; the calendar then counts simulated seconds.
  const calendar = schedule === null ? PLANT_TIME_CALENDAR : wallClockCalendar(t0Ms, backfillS)
  const plant = createPlant({ seed: options.seed ?? 1, schedule, calendar })
  const built = buildModel(addressSpace, {
    inject: (e, f, p) => plant.injectFault(e, f, p),
    clear: (e, f) => plant.clearFault(e, f),
    reset: (e) => plant.resetEquipment(e)
  })

  const values = new Float64Array(TAGS.length)
  const bad = new Uint8Array(TAGS.length)
  const wasBad = new Uint8Array(TAGS.length)
  const historians = TAGS.map((tag) => {
    return new RingHistorian({
      fineCapacity: 6000,
      coarseCapacity: COARSE_CAPACITY,
      coarseIntervalMs: Math.max(updateIntervalMs, 5000),
      boolean: tag.variable.boolean === true
    })
  })
  for (let s = backfillStepS; s <= backfillS; s += backfillStepS) {
    plant.advance(s)
    plant.read(values, bad)
    historians.forEach((h, i) => h.backfill(wallOf(s), values[i]!))
  }
  const runner = createScenarioRunner(plant, scenario?.events ?? [], backfillS)

  const equipmentById = new Map(plant.state.equipment.map((e) => [e.def.id, e]))
  const tripped = (id: string): boolean => equipmentById.get(id)?.tripped ?? false
  const publish = (nowMs: number): void => {
    plant.read(values, bad)
    const ts = new Date(nowMs)
    for (let i = 0; i < TAGS.length; i++) {
      // Lost comms means no new samples: the node keeps its last value with a Bad status, set once
      // (a change of status, with its own source timestamp, that subscribers are notified of).
      if (bad[i] && wasBad[i]) continue
      wasBad[i] = bad[i]!
      const v = built.variables[i]!
      const isBool = TAGS[i]!.variable.boolean === true
      const status = bad[i] ? StatusCodes.BadCommunicationError : StatusCodes.Good
      try {
        v.setValueFromSource(
          isBool ? { dataType: DataType.Boolean, value: values[i] !== 0 } : { dataType: DataType.Double, value: values[i]! },
          status,
          ts
        )
      } catch (err) {
        log.warn(`demo plant: ${TAGS[i]!.name}: ${err instanceof Error ? err.message : String(err)}`)
      }
    }
    alarms?.update(tripped)
  }
  let alarms: PlantAlarms | undefined
  publish(t0Ms)
  built.variables.forEach((v: UAVariable, i) => addressSpace.installHistoricalDataNode(v, { historian: historians[i]! }))
  alarms = installAlarms(addressSpace, built, tripped)
  built.variables.forEach((v, i) => isolateListeners(v, (m) => log.warn(`demo plant: ${TAGS[i]!.name}: ${m}`)))
  const extra = addExtraTags(built.namespace, built.site, options.extraTags ?? 0)
  extra.tick(t0Ms)

  await server.start()
  const timer = setInterval(() => {
    const now = Date.now()
    try {
      runner.runTo(backfillS + ((now - t0Ms) / 1000) * speed, (m) => log.info(m))
      publish(now)
      extra.tick(now)
    } catch (err) {
      // A bug in one tick must not take the server down; the next tick tries again.
      log.warn(`demo plant tick failed: ${err instanceof Error ? err.message : String(err)}`)
    }
  }, updateIntervalMs)
  log.info(`demo plant listening on ${endpointUrl} (seed ${options.seed ?? 1}, speed ${speed}x${schedule ? ', production schedule on local time' : ''}${options.secureOnly ? ', secure only' : ''})`)

  let stopped: Promise<void> | undefined
  return {
    endpointUrl,
    namespaceUri: NAMESPACE_URI,
    injectFault: (e, f, p) => plant.injectFault(e, f, p ?? {}),
    clearFault: (e, f) => plant.clearFault(e, f),
    resetEquipment: (e) => plant.resetEquipment(e),
    trustClientCertificate: (der) => ps.serverCertificateManager.trustCertificate(der),
    simTimeS: () => plant.timeS() - backfillS,
    schedule,
    stop: () => {
      stopped ??= (async () => {
        clearInterval(timer)
        alarms?.dispose()
        await ps.dispose()
      })()
      return stopped
    }
  }
}
