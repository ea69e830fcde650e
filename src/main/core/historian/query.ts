import { HOUR_TIER, MINUTE_TIER, RAW, type ChunkStore } from './chunkStore'
import { replayRaw } from './replay'
import { HOUR_MS, MINUTE_MS, RollupAccumulator, type Bucket } from './rollup'
import type { TagState } from './tagState'
import type { DecimatedSeries, RawSeries } from './types'

/**
 * The bucket grid of a decimated query: the coarsest tier whose buckets fit in the
 * wanted bucket width, and output buckets that are whole multiples of it, aligned to it,
 * at most `maxPoints` of them over [start, end) ⊇ [from, to).
 */
export function bucketGrid(from: number, to: number, maxPoints: number): { tierMs: number; start: number; end: number; bucketMs: number } {
  const wanted = (to - from) / maxPoints
  const tierMs = wanted >= HOUR_MS ? HOUR_MS : wanted >= MINUTE_MS ? MINUTE_MS : 1
  const start = Math.floor(from / tierMs) * tierMs
  const end = Math.ceil(to / tierMs) * tierMs
  const bucketMs = tierMs * Math.max(1, Math.ceil((end - start) / (maxPoints * tierMs)))
  return { tierMs, start, end, bucketMs }
}

const emptySeries = (source: DecimatedSeries['source'], start: number, end: number, bucketMs: number): DecimatedSeries => ({
  source,
  start,
  end,
  bucketMs,
  t: [],
  n: [],
  good: [],
  min: [],
  max: [],
  first: [],
  last: [],
  avg: []
})

/** Raw samples in [from, to), oldest first. */
export function queryRaw(store: ChunkStore, tagId: number, from: number, to: number): RawSeries {
  const chunks = store.read(tagId, RAW, from, to)
  let n = 0
  for (const c of chunks) n += c.columns[0]!.length
  const out = { t: new Float64Array(n), v: new Float64Array(n), s: new Float64Array(n) }
  let k = 0
  for (const c of chunks) {
    const [t, v, s] = c.columns as [Float64Array, Float64Array, Float64Array]
    for (let i = 0; i < t.length; i++) {
      if (t[i]! < from || t[i]! >= to) continue
      out.t[k] = t[i]!
      out.v[k] = v[i]!
      out.s[k] = s[i]!
      k++
    }
  }
  return { t: out.t.subarray(0, k), v: out.v.subarray(0, k), s: out.s.subarray(0, k) }
}

/** Buckets merged into output buckets of `bucketMs` from `start`. */
class Merger {
  readonly out: DecimatedSeries
  private area: number[] = []
  private covered: number[] = []
  constructor(source: DecimatedSeries['source'], start: number, end: number, bucketMs: number) {
    this.out = emptySeries(source, start, end, bucketMs)
  }
  add(b: Bucket): void {
    this.merge(b.t, b.n, b.good, b.min, b.max, b.first, b.last, b.area, b.covered)
  }
  /** Row `i` of a rollup chunk's columns (in {@link BUCKET_FIELDS} order). */
  addAt(c: readonly Float64Array[], i: number): void {
    this.merge(c[0]![i]!, c[1]![i]!, c[2]![i]!, c[3]![i]!, c[4]![i]!, c[5]![i]!, c[6]![i]!, c[7]![i]!, c[8]![i]!)
  }
  private merge(bt: number, n: number, good: number, min: number, max: number, first: number, last: number, area: number, covered: number): void {
    const o = this.out
    const t = o.start + Math.floor((bt - o.start) / o.bucketMs) * o.bucketMs
    const k = o.t.length - 1
    if (k < 0 || o.t[k] !== t) {
      o.t.push(t)
      o.n.push(n)
      o.good.push(good)
      o.min.push(min)
      o.max.push(max)
      o.first.push(first)
      o.last.push(last)
      this.area.push(area)
      this.covered.push(covered)
      return
    }
    o.n[k]! += n
    o.good[k]! += good
    if (min < o.min[k]! || Number.isNaN(o.min[k]!)) o.min[k] = min
    if (max > o.max[k]! || Number.isNaN(o.max[k]!)) o.max[k] = max
    if (Number.isNaN(o.first[k]!)) o.first[k] = first
    if (!Number.isNaN(last)) o.last[k] = last
    this.area[k]! += area
    this.covered[k]! += covered
  }
  done(): DecimatedSeries {
    this.out.avg = this.area.map((a, k) => (this.covered[k]! > 0 ? a / this.covered[k]! : NaN))
    return this.out
  }
}

/** Feeds the stored buckets of a tier with start in [from, to) to `merger`, straight from the decoded columns; returns the last start. */
function mergeStored(store: ChunkStore, tagId: number, tier: typeof MINUTE_TIER | typeof HOUR_TIER, from: number, to: number, merger: Merger): number {
  let lastT = -Infinity
  for (const chunk of store.read(tagId, tier, from, to)) {
    const columns = chunk.columns as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array]
    const t = columns[0]
    for (let i = 0; i < t.length; i++) {
      if (t[i]! < from || t[i]! >= to) continue
      lastT = t[i]!
      merger.addAt(columns, i)
    }
  }
  return lastT
}

/** Stored buckets of one rollup tier whose start is in [from, to). */
export function readRollups(store: ChunkStore, tagId: number, tier: '1m' | '1h', from: number, to: number): DecimatedSeries {
  const width = tier === '1m' ? MINUTE_MS : HOUR_MS
  const merger = new Merger(tier, from, to, width)
  mergeStored(store, tagId, tier === '1m' ? MINUTE_TIER : HOUR_TIER, from, to, merger)
  const out = merger.done()
  // Buckets are listed by their own start, not snapped to a grid from `from`.
  return out
}

/**
 * One tag over [from, to) in at most `maxPoints` buckets (see {@link bucketGrid}). Zoomed
 * out it reads only rollups, plus the bucket still being filled; zoomed in it decimates
 * raw samples, with the value before `from` and the gaps so holds match the rollups.
 */
export function queryDecimated(store: ChunkStore, tag: TagState, from: number, to: number, maxPoints: number): DecimatedSeries {
  const { tierMs, start, end, bucketMs } = bucketGrid(from, to, maxPoints)
  if (tierMs > 1) {
    const merger = new Merger(tierMs === HOUR_MS ? '1h' : '1m', start, end, bucketMs)
    const tier = tierMs === HOUR_MS ? HOUR_TIER : MINUTE_TIER
    const lastStored = mergeStored(store, tag.id, tier, start, end, merger)
    const open = tag.acc[tier === HOUR_TIER ? 1 : 0].open()
    if (open && open.t > lastStored && open.t >= start && open.t < end) merger.add(open)
    return merger.done()
  }
  const merger = new Merger('raw', start, end, bucketMs)
  const acc = new RollupAccumulator(bucketMs, (b) => merger.add(b), start)
  replayRaw(store, tag.id, start, end, [acc])
  // The view ends at `end`: holds are cut there, as a rollup bucket's are at its end.
  acc.gap(end)
  acc.finish()
  return merger.done()
}
