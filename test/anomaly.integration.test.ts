import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Alarm } from '../src/shared/domain'
import type { WorkOrder } from '../src/shared/workOrders'
import type { Core } from '../src/main/core/createCore'
import type { DemoPlant } from '../src/main/demo-plant'
import { compressedTimeTagMap, startPlantAtSpeed } from './support/plantAtSpeed'
import { tempDir, waitFor } from './support/tempDir'

describe('the anomaly engine in the core, on a live plant fault', () => {
  let plant: DemoPlant
  let core: Core
  const alarms: Alarm[][] = []
  const orders: WorkOrder[] = []
  const dataDir = tempDir('anomaly')

  beforeAll(async () => {
    ;({ plant, core } = await startPlantAtSpeed({ dataDir, tagMap: await compressedTimeTagMap(['CV-101'], 5), alarms, workOrders: orders }))
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
