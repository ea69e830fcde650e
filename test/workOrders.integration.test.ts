import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Alarm } from '../src/shared/domain'
import type { WorkOrder } from '../src/shared/workOrders'
import type { Core } from '../src/main/core/createCore'
import type { DemoPlant } from '../src/main/demo-plant'
import { compressedTimeTagMap, PLANT_SPEED, startPlantAtSpeed } from './support/plantAtSpeed'
import { tempDir, waitFor } from './support/tempDir'

/** Simulated seconds from injection to failure: 8 and 6 plant hours, 48 s and 36 s here. */
const BEARING_TTF_S = 8 * 3600
const LUBE_TTF_S = 6 * 3600
const FAULTY = ['CV-101', 'DR-201']

/**
 * The shipped map with the faulty machines' detectors and work-order rules scaled the way an
 * engineer would for a plant running 600× fast: a 2 h lead margin is 12 s of wall time here,
 * and a drill that drills 35–50 plant minutes a hole (4–5 s here) settles in half a second.
 */
async function workOrderTagMap() {
  const map = await compressedTimeTagMap(FAULTY, 0.5)
  for (const tag of map.tags) {
    // A drill's trend restarts with every hole (4–5 s here): its lube level is fitted over 3 s.
    if (tag.equipment === 'DR-201' && tag.signal === 'level') Object.assign(tag.detectors!, { trendWindowS: 3, predictHorizonS: 120 })
  }
  for (const name of FAULTY) map.equipment![name]!.settleS = 0.5
  for (const rules of Object.values(map.maintenanceRules ?? {})) {
    for (const rule of rules) {
      rule.leadMarginH /= PLANT_SPEED
      rule.dueWithinH /= PLANT_SPEED
    }
  }
  return map
}

describe('automatic work orders on the demo plant at speed', () => {
  let plant: DemoPlant
  let core: Core
  const alarms: Alarm[][] = []
  const changes: WorkOrder[] = []
  const dataDir = tempDir('workorders')
  const latest = (): WorkOrder[] => [...new Map(changes.map((o) => [o.id, o])).values()]

  beforeAll(async () => {
    // Connecting includes the warm start: the plant's sped-up history replayed through the engine.
    ;({ plant, core } = await startPlantAtSpeed({ dataDir, tagMap: await workOrderTagMap(), alarms, workOrders: changes, connectTimeoutMs: 150_000 }))
  }, 240_000)
  afterAll(async () => {
    await core?.dispose()
    await plant?.stop()
  })

  it('raises one bearing work order on CV-101 dated by its prediction, and one lubrication order on DR-201 with its consequences as evidence', async () => {
    await new Promise((resolve) => setTimeout(resolve, 3_000))
    // The warm start raised nothing on the machines about to fail.
    expect(latest().filter((o) => FAULTY.includes(o.equipment))).toEqual([])
    const injectedAt = Date.now()
    plant.injectFault('CV-101', 'bearing-wear', { timeToFailureS: BEARING_TTF_S })
    plant.injectFault('DR-201', 'lube-leak', { timeToFailureS: LUBE_TTF_S })

    // The sequence: a predictive alarm, then the work order.
    await waitFor('a predictive alarm on CV-101', () => alarms.flat().find((a) => a.equipment === 'CV-101' && a.kind === 'predictive'), 90_000)
    const bearing = await waitFor('a CV-101 work order', () => latest().find((o) => o.equipment === 'CV-101'), 30_000)
    expect(bearing.failureMode).toBe('bearing-wear')
    expect(bearing.action).toBe('Inspect and replace drive-end bearing')
    expect(bearing.evidence[0]?.alarmId).toMatch(/CV-101/)
    // The failure: the HH limit trips (or, failing that, the fault's time to failure).
    const failedAt = await waitFor(
      'CV-101 vibration HH',
      () => alarms.flat().find((a) => a.id === 'limit:CV-101.Vibration:HH')?.raisedAt,
      90_000
    ).catch(() => injectedAt + (BEARING_TTF_S / PLANT_SPEED) * 1000)

    // One work order, not several, dated by the prediction (an ETA among its evidence) and due
    // before the recorded failure: the engine's updates of the standing prediction re-date it.
    const cv101 = latest().filter((o) => o.equipment === 'CV-101')
    expect(cv101.map((o) => o.failureMode)).toEqual(['bearing-wear'])
    expect(cv101[0]!.evidence.some((e) => e.etaAt !== null), JSON.stringify(cv101[0]!.evidence)).toBe(true)
    const marginH = ((failedAt - cv101[0]!.dueAt) / 1000) * PLANT_SPEED / 3600
    expect(cv101[0]!.dueAt, `due ${marginH.toFixed(2)} plant hours before the HH failure; evidence ${JSON.stringify(cv101[0]!.evidence)}`).toBeLessThan(failedAt)

    // The lube leak runs its course: the level first, then what a machine running dry does.
    const dr201 = await waitFor(
      'consequential evidence on the DR-201 lubrication order',
      () => {
        const orders = latest().filter((o) => o.equipment === 'DR-201')
        return orders.some((o) => o.evidence.some((e) => e.kind === 'consequential')) ? orders : undefined
      },
      Math.max(30_000, injectedAt + (LUBE_TTF_S / PLANT_SPEED) * 1000 + 60_000 - Date.now())
    ).catch(() => latest().filter((o) => o.equipment === 'DR-201'))
    expect(dr201.map((o) => o.failureMode)).toEqual(['lubrication'])
    expect(dr201[0]!.craft).toBe('lubrication')
    expect(dr201[0]!.evidence.filter((e) => e.kind === 'consequential').length).toBeGreaterThan(0)
    expect(latest().filter((o) => o.equipment === 'CV-101')).toHaveLength(1)
    // Every evidence alarm id is an alarm the operator saw in the alarm list.
    const seen = new Set(alarms.flat().map((a) => a.id))
    for (const e of [...latest().find((o) => o.equipment === 'CV-101')!.evidence, ...dr201[0]!.evidence]) expect(seen.has(e.alarmId!), e.alarmId!).toBe(true)
  }, 240_000)
})
