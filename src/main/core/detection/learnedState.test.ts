import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serialize } from 'node:v8'
import { afterAll, describe, expect, it } from 'vitest'
import type { AnomalyEvent } from '../../../shared/anomaly'
import type { DetectionTag } from './config'
import { DEFAULT_MIN_RUNNING_S } from './config'
import { createEngineState, type EngineState } from './engine'
import { LEARNED_STATE_VERSION, learnedSummaries, loadLearnedState, resetEquipmentLearning, saveLearnedState } from './learnedState'
import { gauss, replay, rng, testTag } from './testSupport'

const T0 = Date.UTC(2026, 5, 1)
const dir = mkdtempSync(join(tmpdir(), 'pw-learned-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const tags: DetectionTag[] = [
  testTag({ name: 'CV.Run', index: 0, signal: 'state', euRange: { low: 0, high: 1 }, limits: {} }),
  testTag({ name: 'CV.Throughput', index: 1, signal: 'flow', euRange: { low: 0, high: 3000 }, limits: {} }),
  testTag({ name: 'CV.Vibration', index: 2, signal: 'vibration', unit: 'mm/s', euRange: { low: 0, high: 50 }, limits: { H: 7.1, HH: 11 } })
]

/** A conveyor by the minute: day at 2,000 t/h, night at 1,300, a stop at each shift change; `extra` adds to vibration. */
function shifts(fromH: number, hours: number, seed: number, extra = (_h: number) => 0): Array<{ t: number; values: number[] }> {
  const r = rng(seed)
  return Array.from({ length: hours * 60 }, (_, k) => {
    const h = fromH + k / 60
    const hod = h % 24
    const run = hod % 12 >= 7 && hod % 12 < 7.75 ? 0 : 1
    const load = run ? (hod >= 7 && hod < 19 ? 2000 : 1300) + 30 * gauss(r) : 0
    return { t: T0 + h * 3600_000, values: [run, load, run ? 1 + load / 1000 + 0.1 * gauss(r) + extra(h) : 0.1] }
  })
}

const anomalies = (es: AnomalyEvent[]): AnomalyEvent[] => es.filter((e) => e.active && (e.kind === 'anomaly' || e.kind === 'predictive'))

describe('learned state', () => {
  const learn = (): EngineState => {
    const st = createEngineState(tags, {})
    replay(tags, shifts(0, 48, 1), {}, st)
    return st
  }

  it('learns the regimes, says so, and stays silent on the healthy machine', () => {
    const st = createEngineState(tags, {})
    const events = replay(tags, shifts(0, 72, 1), {}, st)
    expect(anomalies(events)).toEqual([])
    const info = events.filter((e) => e.kind === 'info')
    expect(info[0]!.message).toMatch(/CV-1: learning this machine/)
    const [cv] = learnedSummaries(st)
    expect(cv!.regimes.map((g) => Math.round(g.load / 100) * 100)).toEqual([1300, 2000])
    expect(cv!.regimes.every((g) => g.familiar && g.hours > 20)).toBe(true)
  })

  it('survives a restart: a restored engine judges at once and catches a creep', () => {
    const path = join(dir, 'learned.bin')
    saveLearnedState(path, learn())
    const st = createEngineState(tags, {})
    const lines: string[] = []
    expect(loadLearnedState(path, st, (l) => lines.push(l))).toBe(true)
    expect(lines).toEqual([])
    const creep = anomalies(replay(tags, shifts(48, 24, 2, (h) => Math.max(0, h - 52) * 0.15), {}, st))
    expect(creep.length).toBeGreaterThan(0)
    expect(creep[0]!.tag).toBe('CV.Vibration')
    // A fresh engine has not learned the machine: it stays quiet on the same data.
    expect(anomalies(replay(tags, shifts(48, 24, 2, (h) => Math.max(0, h - 52) * 0.15), { minRunningS: DEFAULT_MIN_RUNNING_S }))).toEqual([])
  })

  it('discards a corrupt, older or foreign file with a log line and learns afresh', () => {
    const good = join(dir, 'good.bin')
    saveLearnedState(good, learn())
    const corrupt = join(dir, 'corrupt.bin')
    writeFileSync(corrupt, 'not a learned state')
    const lines: string[] = []
    expect(loadLearnedState(corrupt, createEngineState(tags, {}), (l) => lines.push(l))).toBe(false)
    const older = join(dir, 'older.bin')
    writeFileSync(older, serialize({ version: LEARNED_STATE_VERSION - 1, fingerprint: '', tags: [], modes: [], equipment: [] }))
    expect(loadLearnedState(older, createEngineState(tags, {}), (l) => lines.push(l))).toBe(false)
    const other = [...tags.slice(0, 2), { ...tags[2]!, name: 'CV.Other' }]
    expect(loadLearnedState(good, createEngineState(other, {}), (l) => lines.push(l))).toBe(false)
    expect(loadLearnedState(join(dir, 'missing.bin'), createEngineState(tags, {}), (l) => lines.push(l))).toBe(false)
    expect(lines).toHaveLength(3)
    expect(lines[0]).toMatch(/corrupt\.bin discarded, learning restarts: unreadable/)
    expect(lines[1]).toMatch(new RegExp(`older\\.bin discarded, learning restarts: version ${LEARNED_STATE_VERSION - 1} is not ${LEARNED_STATE_VERSION}`))
    expect(lines[2]).toMatch(/another tag map/)
    expect(LEARNED_STATE_VERSION).toBeGreaterThan(0)
  })

  it('resets one machine after a repair: learned conditions clear and it learns again', () => {
    const st = learn()
    const raised = anomalies(replay(tags, shifts(48, 10, 3, (h) => Math.max(0, h - 50) * 0.3), {}, st))
    expect(raised.length).toBeGreaterThan(0)
    const out: AnomalyEvent[] = []
    expect(resetEquipmentLearning(st, 'CV-1', T0 + 58 * 3600_000, out)).toBe(true)
    expect(out.length).toBeGreaterThan(0)
    expect(out.every((e) => !e.active && e.detail === 'learning restarted by an engineer')).toBe(true)
    expect(learnedSummaries(st)[0]!.regimes).toEqual([])
    const after = replay(tags, shifts(58, 2, 4), {}, st)
    expect(after.find((e) => e.kind === 'info' && e.active)?.message).toMatch(/learning this machine/)
    expect(resetEquipmentLearning(st, 'nope', 0, out)).toBe(false)
  })
})
