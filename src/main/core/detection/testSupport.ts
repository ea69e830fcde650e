import type { AnomalyEvent } from '../../../shared/anomaly'
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
