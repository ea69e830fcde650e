import { join } from 'node:path'
import { applyAlarmListChange, type Alarm } from '../../src/shared/alarms'
import type { Tag, TagMap } from '../../src/shared/tagMap'
import type { WorkOrder } from '../../src/shared/workOrders'
import { createCore, type Core } from '../../src/main/core/createCore'
import { loadTagMap } from '../../src/main/core/tagmap/loadTagMap'
import { startDemoPlant, type DemoPlant } from '../../src/main/demo-plant'
import { appPaths } from '../../src/main/hosting/appPaths'
import { waitFor } from './tempDir'

/**
 * The rig of the integration tests that watch a fault develop on the demo plant: the plant at
 * 600× (eight simulated hours of bearing wear pass in under a minute) and a core whose engine
 * learns in a minute, so only the warm start from the plant's history (a day of simulated
 * time, 144 s of wall time here) lets the engine warn in time.
 */

/** Simulated seconds per real second. */
export const PLANT_SPEED = 600
/** Seconds of data before the engine may judge: longer than a fault takes to trip HH at this speed. */
export const LEARNING_S = 60

/**
 * A machine's detectors tuned the way an engineer would for a plant whose hours pass in
 * seconds: windows and learning scaled down by the plant's speed. Normal rates of change are per
 * second of plant time, 600 times too slow here: rate is off. `settleS`: how long a start settles.
 */
export function compressedDetectors(settleS: number): NonNullable<Tag['detectors']> {
  return { disable: ['rate'], learningSamples: 100, learningS: LEARNING_S, settleS, baselineTauS: 30, trendWindowS: 20, predictHorizonS: 600, onDelayS: 1, offDelayS: 1 }
}

/** The shipped tag map with the tags of `equipment` given {@link compressedDetectors}. */
export async function compressedTimeTagMap(equipment: readonly string[], settleS: number): Promise<TagMap> {
  const map = await loadTagMap(appPaths().defaultTagMap)
  for (const tag of map.tags) if (equipment.includes(tag.equipment)) tag.detectors = compressedDetectors(settleS)
  return map
}

/** Pushes the core's whole alarm list onto `lists` after each change it emits (the console's view). */
export function recordAlarmLists(core: Pick<Core, 'on'>, lists: Alarm[][]): void {
  const list = new Map<string, Alarm>()
  core.on('alarms:changed', (change) => lists.push([...applyAlarmListChange(list, change).values()]))
}

export interface PlantAtSpeedOptions {
  /** The core's data dir; the plant's PKI goes in `pki/plant` under it. */
  dataDir: string
  tagMap: TagMap
  /** Every alarm list the core announces is pushed here. */
  alarms?: Alarm[][]
  /** Every work-order change the core announces is pushed here. */
  workOrders?: WorkOrder[]
  /** Connecting includes the warm start (the plant's sped-up history through the engine); default 60 s. */
  connectTimeoutMs?: number
}

/**
 * Starts the demo plant at {@link PLANT_SPEED} and a core connected to it, with the engine's
 * learning shortened to {@link LEARNING_S}; resolves once the core is connected. The plant runs
 * around the clock (no production schedule): a handover stop would hide the fault under test.
 * The caller disposes the core, then stops the plant.
 */
export async function startPlantAtSpeed(options: PlantAtSpeedOptions): Promise<{ plant: DemoPlant; core: Core }> {
  const { dataDir } = options
  const plant = await startDemoPlant({ port: 0, pkiDir: join(dataDir, 'pki', 'plant'), speed: PLANT_SPEED, schedule: null })
  let core: Core | undefined
  try {
    core = await createCore({
      dataDir,
      tagMap: options.tagMap,
      logger: { info: () => undefined, warn: () => undefined, error: (m) => console.log('ERR', m) },
      plant: { securityMode: 'None', securityPolicy: 'None', endpoint: plant.endpointUrl },
      detection: { learningSamples: 100, learningS: LEARNING_S, multivariateLearningS: LEARNING_S, multivariateLearningFrames: 100, minRunningS: LEARNING_S, regimeLearnS: LEARNING_S }
    })
    const { alarms, workOrders } = options
    if (alarms) recordAlarmLists(core, alarms)
    if (workOrders) core.on('workorders:changed', (order) => workOrders.push(order))
    const connected = core
    await waitFor('connected', () => (connected.connection().status === 'connected' ? true : undefined), options.connectTimeoutMs ?? 60_000)
    return { plant, core }
  } catch (error) {
    await core?.dispose()
    await plant.stop()
    throw error
  }
}
