import { describe, expect, it } from 'vitest'
import type { AnomalyEvent } from '../../../shared/anomaly'
import { createEngineState } from './engine'
import { replay, rng, gauss, SHORT_LEARNING, testTag } from './testSupport'

const T0 = Date.UTC(2026, 0, 5)
const STEP_MS = 10_000
const AMBIENT = 25

/**
 * A conveyor motor that runs two hours at 70 °C and then stands an hour, cooling towards the
 * ambient with time constant `coolS` per stop; returns every event the engine raised.
 */
function stops(coolS: number[]): AnomalyEvent[] {
  const tags = [testTag({ name: 'CV-1.Running', index: 0, signal: 'state', unit: '', euRange: { low: 0, high: 1 }, limits: {} }), testTag({ name: 'CV-1.MotorTemp', index: 1 })]
  const st = createEngineState(tags, SHORT_LEARNING)
  const r = rng(3)
  const rows: Array<{ t: number; values: number[] }> = []
  let t = T0
  let temp = 70
  for (const tau of coolS) {
    for (let k = 0; k < 720; k++, t += STEP_MS) rows.push({ t, values: [1, 70 + 0.1 * gauss(r)] })
    temp = 70
    for (let k = 0; k < 360; k++, t += STEP_MS) {
      temp = AMBIENT + (temp - AMBIENT) * Math.exp(-STEP_MS / 1000 / tau)
      rows.push({ t, values: [0, temp + 0.1 * gauss(r)] })
    }
  }
  const all = replay(tags, rows, SHORT_LEARNING, st)
  return all.filter((e) => e.detector === 'standstill')
}

describe('standstill temperature decay', () => {
  it('learns how fast a stopped motor cools and stays quiet while it keeps that pace', () => {
    expect(stops([1800, 1700, 1900, 1800, 2000]).filter((e) => e.active)).toEqual([])
  })

  it('raises when a stopped motor cools far slower than learned, and clears once it runs again', () => {
    const events = stops([1800, 1700, 1900, 9000, 1800])
    const raised = events.filter((e) => e.active)
    expect(raised).toHaveLength(1)
    expect(raised[0]!.tag).toBe('CV-1.MotorTemp')
    expect(raised[0]!.message).toMatch(/(cooling slowly|hardly cooling) while stopped \(.*usually 3\d min\)/)
    // The fourth stop starts after three cycles of three hours; its verdict comes 25 min in.
    expect(raised[0]!.time).toBeGreaterThan(T0 + (3 * 3 * 3600 + 2 * 3600) * 1000)
    expect(events.some((e) => !e.active && e.time > raised[0]!.time)).toBe(true)
  })

  it('raises when a stopped motor does not cool at all', () => {
    const raised = stops([1800, 1800, 1800, 1e9]).filter((e) => e.active)
    expect(raised).toHaveLength(1)
    expect(raised[0]!.message).toMatch(/not cooling while stopped/)
  })
})
