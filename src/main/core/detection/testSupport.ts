import type { AnomalyEvent } from '../../../shared/anomaly'
import { anomalyEvent } from '../alarms/testFixtures'
import type { DetectionOptions, DetectionTag } from './config'
import type { EngineState } from './engine'
import { createEngineState, stepEngine } from './engine'

/** A tag for tests: CV-1 temperature-like defaults, overridable. */
export function testTag(partial: Partial<DetectionTag> & { name: string; index: number }): DetectionTag {
  return {
    nodeId: `s=${partial.name}`,
    equipment: 'CV-1',
    signal: 'temperature',
    unit: '°C',
    euRange: { low: 0, high: 200 },
    limits: { H: 90, HH: 105 },
    ...partial
  }
}

/**
 * Detector tests watch minutes, not days: they switch off the 24 h of running a live engine
 * learns before its learned detectors raise (`minRunningS`), unless a test sets it.
 */
export const SHORT_LEARNING: DetectionOptions = { minRunningS: 0 }

/** Feeds `rows` (time ms → one value per tag, NaN allowed) as one batch per row; returns all events. */
export function replay(tags: DetectionTag[], rows: Array<{ t: number; values: number[]; status?: number[] }>, options: DetectionOptions = {}, state?: EngineState): AnomalyEvent[] {
  const st = state ?? createEngineState(tags, { ...SHORT_LEARNING, ...options })
  const out: AnomalyEvent[] = []
  for (const row of rows) {
    const n = row.values.length
    const [, events] = stepEngine(st, {
      seq: 0,
      tagIndex: Uint32Array.from(tags.slice(0, n), (t) => t.index),
      sourceTime: new Float64Array(n).fill(row.t),
      value: Float64Array.from(row.values),
      status: Uint32Array.from(row.status ?? new Array<number>(n).fill(0))
    })
    out.push(...events)
  }
  return out
}

/** Deterministic pseudo-random numbers (mulberry32) so tests replay exactly. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Standard normal from a uniform source (Box–Muller). */
export function gauss(r: () => number): number {
  return Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r())
}

/** The DR-201 lube leak as the engine reports it: the level first, then the bearing heats, then the machine's model (root-cause grouping and work-order tests). */
export const lubeLeakEvents = (): AnomalyEvent[] => [
  anomalyEvent({ id: 'baseline:DR-201.LubeLevel@1', condition: 'baseline:DR-201.LubeLevel', tag: 'DR-201.LubeLevel', equipment: 'DR-201', detector: 'baseline', kind: 'anomaly', action: 'check lube system for leaks', time: 1_000 }),
  anomalyEvent({ id: 'drift:DR-201.MotorTemp@2', condition: 'drift:DR-201.MotorTemp', tag: 'DR-201.MotorTemp', equipment: 'DR-201', detector: 'drift', kind: 'anomaly', action: 'check motor cooling', time: 11_000 }),
  anomalyEvent({ id: 'multivariate:DR-201@3', condition: 'multivariate:DR-201', tag: 'DR-201.Vibration', equipment: 'DR-201', detector: 'multivariate', kind: 'anomaly', action: 'inspect drill drive', time: 29_000 })
]
