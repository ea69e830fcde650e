import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { anomalyEvent } from '../alarms/testFixtures'
import { openPlantDatabase } from '../storage/plantDatabase'
import { createMaintenanceLog } from './maintenanceLog'
import { scheduleMaintenance } from './maintenanceScheduler'

const HOUR_MS = 3600_000

describe('automatic maintenance scheduling', () => {
  const setup = () => {
    let now = 10 * HOUR_MS
    const log = createMaintenanceLog(openPlantDatabase(join(mkdtempSync(join(tmpdir(), 'pw-sched-')), 'plant.db')), () => now)
    return { log, at: (t: number) => (now = t), now: () => now }
  }

  it('books the action before the predicted crossing, once per shift per condition', () => {
    const { log, at, now } = setup()
    const [entry] = scheduleMaintenance(log, [anomalyEvent()], now())
    expect(entry).toMatchObject({ source: 'engine', equipment: 'CV-101', dueAt: now() + (2400 - 300) * 1000 })
    expect(entry?.text).toBe('Scheduled: inspect bearing — CV-101.Vibration predicted to reach HH 11 mm/s in 40 min (±5 min)')
    expect(scheduleMaintenance(log, [anomalyEvent()], now())).toEqual([])
    at(now() + 9 * HOUR_MS)
    expect(scheduleMaintenance(log, [anomalyEvent()], now())).toHaveLength(1)
  })

  it('books the next shift for an anomaly, and nothing for clears, data quality or tags without an action', () => {
    const { log, now } = setup()
    const anomaly = anomalyEvent({
      condition: 'baseline:CV-101.MotorTemp',
      tag: 'CV-101.MotorTemp',
      kind: 'anomaly',
      detector: 'baseline',
      etaSeconds: null,
      etaLimit: null,
      detail: 'above its learned baseline for this load'
    })
    expect(scheduleMaintenance(log, [anomaly], now())[0]).toMatchObject({
      dueAt: now() + 8 * HOUR_MS,
      text: 'Scheduled: inspect bearing — CV-101.MotorTemp above its learned baseline for this load'
    })
    const machine = anomalyEvent({
      condition: 'multivariate:CV-101',
      kind: 'anomaly',
      detector: 'multivariate',
      etaSeconds: null,
      etaLimit: null,
      action: 'inspect conveyor drive',
      detail: 'tags no longer move together as they normally do (SPE 2.1× limit; CV-101.Vibration 71%)'
    })
    expect(scheduleMaintenance(log, [machine], now())[0]?.text).toBe(
      'Scheduled: inspect conveyor drive — CV-101: tags no longer move together as they normally do (SPE 2.1× limit; CV-101.Vibration 71%)'
    )
    // On a plant running 60× fast the next shift is eight minutes away.
    const fast = anomalyEvent({ ...anomaly, condition: 'baseline:CV-101.Power' })
    expect(scheduleMaintenance(log, [fast], now(), 60)[0]?.dueAt).toBe(now() + 8 * 60_000)
    const none = [
      anomalyEvent({ condition: 'a', active: false }),
      anomalyEvent({ condition: 'b', kind: 'data-quality', detector: 'health' }),
      anomalyEvent({ condition: 'c', action: null })
    ]
    expect(scheduleMaintenance(log, none, now())).toEqual([])
  })
})
