import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Alarm } from '../src/shared/domain'
import type { WorkOrder } from '../src/shared/workOrders'
import { createCore, type Core } from '../src/main/core/createCore'
import { silentLogger } from '../src/main/core/logger'
import { loadTagMap } from '../src/main/core/tagmap/loadTagMap'
import { appPaths } from '../src/main/hosting/appPaths'
import { startDemoPlant, type DemoPlant } from '../src/main/demo-plant'
import { tempDir, waitFor } from './support/tempDir'

// Eight simulated hours of bearing wear pass in under a minute at this speed.
const PLANT_SPEED = 600
/**
 * A minute of data before the engine may judge: longer than the fault takes to trip
 * HH at this speed, so only the warm start from the plant's history (a day of
 * simulated time, 144 s of wall time here) lets the engine warn in time.
 */
const LEARNING_S = 60

/**
 * The shipped map with CV-101's detectors tuned the way an engineer would for a plant
 * whose hours pass in seconds: windows and learning scaled down by the plant's speed.
 */
async function compressedTimeTagMap() {
  const map = await loadTagMap(appPaths().defaultTagMap)
  for (const tag of map.tags) {
    if (tag.equipment !== 'CV-101') continue
    // Normal rates of change are per second of plant time, 600 times too slow here: rate is off.
    tag.detectors = { disable: ['rate'], learningSamples: 100, learningS: LEARNING_S, settleS: 5, baselineTauS: 30, trendWindowS: 20, predictHorizonS: 600, onDelayS: 1, offDelayS: 1 }
  }
  return map
}

describe('the anomaly engine in the core, on a live plant fault', () => {
  let plant: DemoPlant
  let core: Core
  const alarms: Alarm[][] = []
  const orders: WorkOrder[] = []
  const dataDir = tempDir('anomaly')

  beforeAll(async () => {
    plant = await startDemoPlant({ port: 0, pkiDir: join(dataDir, 'pki', 'plant'), speed: PLANT_SPEED })
    core = await createCore({
      dataDir,
      tagMap: await compressedTimeTagMap(),
      logger: { info: () => undefined, warn: () => undefined, error: (m) => console.log('ERR', m) },
      plant: { securityMode: 'None', securityPolicy: 'None', endpoint: plant.endpointUrl },
      detection: { learningSamples: 100, learningS: LEARNING_S, multivariateLearningS: LEARNING_S, multivariateLearningFrames: 100, minRunningS: LEARNING_S, regimeLearnS: LEARNING_S }
    })
    core.on('alarms:changed', (list) => alarms.push(list))
    core.on('workorders:changed', (order) => orders.push(order))
    // Connecting includes the warm start: hours of sped-up server history replayed through the engine.
    await waitFor('connected', () => (core.connection().status === 'connected' ? true : undefined), 60_000)
  }, 120_000)
  afterAll(async () => {
    await core?.dispose()
    await plant?.stop()
  })

  it('warns of the coming failure before the HH limit trips, and schedules the maintenance', async () => {
    // The engine learned healthy behaviour from the plant's history, and that replay raised nothing.
    await new Promise((resolve) => setTimeout(resolve, 3_000))
    expect(alarms.flat().filter((a) => a.equipment === 'CV-101' && a.kind !== 'limit')).toEqual([])
    plant.injectFault('CV-101', 'bearing-wear', {})
    // Bearing wear shows first in vibration: the engine must point at it.
    const aboutVibration = (a: Alarm): boolean => a.tag === 'CV-101.Vibration' || a.contributions?.[0]?.tag === 'CV-101.Vibration'
    const early = await waitFor(
      'an engine alarm on CV-101 vibration',
      () => alarms.flat().find((a) => a.kind !== 'limit' && aboutVibration(a)),
      90_000
    )
    const hhTripped = alarms.flat().some((a) => a.id === 'limit:CV-101.Vibration:HH')
    expect(hhTripped, 'the engine spoke only after the HH limit had already tripped').toBe(false)
    expect(early.message.length).toBeGreaterThan(0)
    const order = await waitFor('a work order for CV-101', () => orders.find((o) => o.equipment === 'CV-101'), 30_000)
    expect(order.dueAt).toBeGreaterThanOrEqual(order.createdAt)
    expect(order).toMatchObject({ failureMode: 'bearing-wear', state: 'open' })
  }, 180_000)
})
