import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { AnomalyEvent } from '../../../shared/anomaly'
import { anomalyEvent } from '../alarms/testFixtures'
import { createMaintenanceLog } from '../maintenance/maintenanceLog'
import { scheduleMaintenance } from '../maintenance/maintenanceScheduler'
import { openPlantDatabase } from '../storage/plantDatabase'
import { groupRootCauses, newRootCauseState, ROOT_CAUSE_WINDOW_S } from './rootCause'

const dir = mkdtempSync(join(tmpdir(), 'pw-rootcause-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const WINDOW_MS = ROOT_CAUSE_WINDOW_S * 1000

// The DR-201 lube leak as the engine reports it: the level first, then the bearing heats, then the machine's model.
const leak = (): AnomalyEvent[] => [
  anomalyEvent({ id: 'baseline:DR-201.LubeLevel@1', condition: 'baseline:DR-201.LubeLevel', tag: 'DR-201.LubeLevel', equipment: 'DR-201', detector: 'baseline', kind: 'anomaly', action: 'check lube system for leaks', time: 1_000 }),
  anomalyEvent({ id: 'drift:DR-201.MotorTemp@2', condition: 'drift:DR-201.MotorTemp', tag: 'DR-201.MotorTemp', equipment: 'DR-201', detector: 'drift', kind: 'anomaly', action: 'check motor cooling', time: 11_000 }),
  anomalyEvent({ id: 'multivariate:DR-201@3', condition: 'multivariate:DR-201', tag: 'DR-201.Vibration', equipment: 'DR-201', detector: 'multivariate', kind: 'anomaly', action: 'inspect drill drive', time: 29_000 })
]

describe('root-cause grouping', () => {
  it('makes the first raise on a machine the lead and later ones within the window its evidence', () => {
    const s = newRootCauseState()
    const events = leak()
    groupRootCauses(s, events, 0, WINDOW_MS)
    expect(events.map((e) => e.evidenceFor)).toEqual([undefined, 'baseline:DR-201.LubeLevel@1', 'baseline:DR-201.LubeLevel@1'])
    // Another machine and a raise long after the window each lead on their own.
    const other = [anomalyEvent({ id: 'x@1', equipment: 'CV-101', time: 2_000 }), anomalyEvent({ id: 'late@1', condition: 'rate:DR-201.Pressure', equipment: 'DR-201', detector: 'rate', kind: 'anomaly', time: 1_000 + WINDOW_MS + 1 })]
    groupRootCauses(s, other, 0, WINDOW_MS)
    expect(other.map((e) => e.evidenceFor)).toEqual([undefined, undefined])
  })

  it('lets the most specific detector lead among raises of the same instant, and forgets a cleared lead', () => {
    const s = newRootCauseState()
    const same = [
      anomalyEvent({ id: 'mv@5', equipment: 'CR-301', detector: 'multivariate', kind: 'anomaly', time: 5_000 }),
      anomalyEvent({ id: 'drift@5', equipment: 'CR-301', detector: 'drift', kind: 'anomaly', time: 5_000 })
    ]
    groupRootCauses(s, same, 0, WINDOW_MS)
    expect(same.map((e) => e.evidenceFor)).toEqual(['drift@5', undefined])
    const cleared = [anomalyEvent({ id: 'drift@5', equipment: 'CR-301', detector: 'drift', kind: 'anomaly', time: 6_000, active: false })]
    groupRootCauses(s, cleared, 0, WINDOW_MS)
    const next = [anomalyEvent({ id: 'rate@7', equipment: 'CR-301', detector: 'rate', kind: 'anomaly', time: 7_000 })]
    groupRootCauses(s, next, 0, WINDOW_MS)
    expect(next[0]!.evidenceFor).toBeUndefined()
  })

  it('books one work order for the DR-201 lube leak, not three', () => {
    const log = createMaintenanceLog(openPlantDatabase(join(dir, 'plant.db')), () => 0)
    const ungrouped = scheduleMaintenance(log, leak(), 0)
    expect(ungrouped).toHaveLength(3)
    const log2 = createMaintenanceLog(openPlantDatabase(join(dir, 'plant2.db')), () => 0)
    const events = leak()
    groupRootCauses(newRootCauseState(), events, 0, WINDOW_MS)
    const booked = scheduleMaintenance(log2, events, 0)
    expect(booked.map((e) => [e.equipment, e.text])).toEqual([['DR-201', expect.stringContaining('check lube system for leaks')]])
  })
})
