import { isGoodStatus } from '../../../shared/domain'
import { isUsable, type Bucket } from './rollup'

/** A sample for tests: time (ms), value, status. */
export type Sample = [number, number, number]

/**
 * Rollup buckets straight from the definition, with no streaming: each usable sample
 * holds from its time until the next sample or the first gap start at or after it,
 * clipped to [start, end). Buckets with neither samples nor held time are left out.
 */
export function bruteBuckets(samples: readonly Sample[], gapStarts: readonly number[], start: number, end: number, width: number): Bucket[] {
  const buckets = new Map<number, Bucket>()
  const bucket = (t: number): Bucket => {
    const b0 = start + Math.floor((t - start) / width) * width
    let b = buckets.get(b0)
    if (!b) buckets.set(b0, (b = { t: b0, n: 0, good: 0, min: NaN, max: NaN, first: NaN, last: NaN, area: 0, covered: 0 }))
    return b
  }
  samples.forEach(([t, v, s], i) => {
    if (t >= start && t < end) {
      const b = bucket(t)
      b.n++
      if (isGoodStatus(s)) b.good++
      if (isUsable(v, s)) {
        b.min = Number.isNaN(b.min) ? v : Math.min(b.min, v)
        b.max = Number.isNaN(b.max) ? v : Math.max(b.max, v)
        if (Number.isNaN(b.first)) b.first = v
        b.last = v
      }
    }
    if (!isUsable(v, s)) return
    const next = samples[i + 1]?.[0] ?? Infinity
    const gap = Math.min(...gapStarts.filter((g) => g >= t))
    let from = Math.max(t, start)
    const until = Math.min(next, gap, end)
    while (from < until) {
      const b = bucket(from)
      const segEnd = Math.min(until, b.t + width)
      b.area += v * (segEnd - from)
      b.covered += segEnd - from
      from = segEnd
    }
  })
  return [...buckets.values()].filter((b) => b.n > 0 || b.covered > 0).sort((a, b) => a.t - b.t)
}

/** A seeded PRNG (mulberry32) so failures reproduce. */
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
