import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Tag, TagMap } from '../../../shared/tagMap'
import { openHistorian } from '../historian/historian'
import { openPlantDatabase } from '../storage/plantDatabase'
import { planningMap } from './planner'
import { runtimeCounters } from './runtimeCounters'
import { checkRuntimeRules } from './runtimeRules'
import { createWorkOrderStore } from './workOrderStore'

const HOUR_MS = 3_600_000
const T0 = Date.parse('2026-11-30T00:00:00Z')
const tag = (name: string, signal: Tag['signal']): Tag => ({ name, nodeId: `ns=2;s=${name}`, equipment: 'CV-101', signal, unit: '', euRange: { low: 0, high: 1e9 }, limits: {} })
const TAGS = [tag('CV-101.Running', 'state'), tag('CV-101.Energy', 'energy'), tag('CV-101.Power', 'power')]

/**
 * Twelve hours at one sample a minute: the conveyor runs 02:00–06:00 and 08:00–10:00 (two
 * starts, six run hours) at 300 kW; the kWh register counts it and rolls over once.
 */
function recordedShift(file: string) {
  const h = openHistorian({ file, flushIntervalMs: 0, clock: () => T0 + 12 * HOUR_MS })
  h.useTags(TAGS.map((t) => t.name))
  let kwh = 999_000
  for (let t = T0; t < T0 + 12 * HOUR_MS; t += 60_000) {
    const hour = (t - T0) / HOUR_MS
    const running = (hour >= 2 && hour < 6) || (hour >= 8 && hour < 10) ? 1 : 0
    const power = running * 300
    h.append({ tagIndex: [0, 1, 2], sourceTime: [t, t, t], value: [running, kwh, power], status: [0, 0, 0] })
    kwh += power / 60
    if (kwh >= 1_000_000) kwh -= 1_000_000
  }
  h.flush()
  return h
}

describe('runtime counters from the historian', () => {
  it('counts run hours, starts and kWh (across a counter rollover), in plant hours on a fast plant', () => {
    const h = recordedShift(join(mkdtempSync(join(tmpdir(), 'pw-rt-')), 'historian.db'))
    const c = runtimeCounters(h, 'CV-101', TAGS, T0, T0 + 12 * HOUR_MS)
    expect(c.runHours).toBeCloseTo(6, 1)
    expect(c.starts).toBe(2)
    // 6 h at 300 kW; the rollover loses the one step it falls in (5 kWh), never counts as a fall.
    expect(c.energyKWh).toBeGreaterThanOrEqual(1795)
    expect(c.energyKWh).toBeLessThanOrEqual(1800)
    // Without the register: the power integral, the same energy.
    expect(runtimeCounters(h, 'CV-101', TAGS.filter((t) => t.signal !== 'energy'), T0, T0 + 12 * HOUR_MS).energyKWh).toBeCloseTo(1800, -1)
    // On a plant running 60× fast, an hour recorded is 60 plant hours.
    expect(runtimeCounters(h, 'CV-101', TAGS, T0, T0 + 12 * HOUR_MS, 60).runHours).toBeCloseTo(360, 0)
    // From 07:00: one start, two hours.
    const later = runtimeCounters(h, 'CV-101', TAGS, T0 + 7 * HOUR_MS, T0 + 12 * HOUR_MS)
    expect(later.starts).toBe(1)
    expect(later.runHours).toBeCloseTo(2, 1)
    expect(runtimeCounters(h, 'CV-101', [], T0, T0 + HOUR_MS)).toMatchObject({ runHours: null, starts: null, energyKWh: null })
    h.close()
  })

  it('raises a runtime work order once the counter passes the rule, once per counting period', () => {
    const h = recordedShift(join(mkdtempSync(join(tmpdir(), 'pw-rt-')), 'historian.db'))
    const map: TagMap = {
      version: 1,
      publishingIntervalMs: 100,
      tags: TAGS,
      equipment: { 'CV-101': { type: 'conveyor' } },
      maintenanceRules: {
        conveyor: [
          { failureMode: 'lubrication', action: 'Lube gearbox', priority: 'medium', craft: 'lubrication', leadMarginH: 0, durationH: 1, dueWithinH: 48, runtime: { counter: 'runHours', every: 5 } },
          { failureMode: 'electrical', action: 'Check starter', priority: 'low', craft: 'electrical', leadMarginH: 0, durationH: 1, dueWithinH: 48, runtime: { counter: 'starts', every: 3 } }
        ]
      }
    }
    const store = createWorkOrderStore(openPlantDatabase(join(mkdtempSync(join(tmpdir(), 'pw-rt-')), 'plant.db')))
    const now = T0 + 12 * HOUR_MS
    const counters = (equipment: string, from: number) => runtimeCounters(h, equipment, TAGS, from, now)
    const [order] = checkRuntimeRules(store, planningMap(map), ['CV-101'], counters, now)
    expect(order).toMatchObject({ failureMode: 'lubrication', source: 'runtime', action: 'Lube gearbox', dueAt: now + 48 * HOUR_MS })
    expect(order!.evidence[0]).toMatchObject({ kind: 'runtime', alarmId: null, explanation: '6 run hours since recording began (rule: every 5 run hours)' })
    // Two starts are not yet three; checking again adds nothing.
    expect(checkRuntimeRules(store, planningMap(map), ['CV-101'], counters, now + 1)).toEqual([])
    // Done at 07:00: counting restarts there (two run hours since), so nothing is due.
    store.transition(order!.id, 'done', { user: 'greaser', note: 'lubed', at: T0 + 7 * HOUR_MS })
    expect(checkRuntimeRules(store, planningMap(map), ['CV-101'], counters, now + 2)).toEqual([])
    h.close()
  })
})
