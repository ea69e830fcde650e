import { RAW, ROLLUP_TIERS, type ChunkStore, type RollupTierName, type Tier } from './chunkStore'
import { replayRaw } from './replay'
import { RollupAccumulator, type Bucket } from './rollup'
import type { TagState } from './tagState'
import type { DecimatedSeries, RawSeries } from './types'

/**
 * The bucket grid of a decimated query: the coarsest tier whose buckets fit in the
 * wanted bucket width, and output buckets that are whole multiples of it, aligned to it,
 * at most `maxPoints` of them over [start, end) ⊇ [from, to).
 */
export function bucketGrid(from: number, to: number, maxPoints: number): { tierMs: number; start: number; end: number; bucketMs: number } {
  const wanted = (to - from) / maxPoints
  const tierMs = coarsestTier(wanted)?.widthMs ?? 1
  const start = Math.floor(from / tierMs) * tierMs
  const end = Math.ceil(to / tierMs) * tierMs
  const bucketMs = tierMs * Math.max(1, Math.ceil((end - start) / (maxPoints * tierMs)))
  return { tierMs, start, end, bucketMs }
}

/** The coarsest rollup tier whose buckets are no wider than `wantedMs`, if any is. */
function coarsestTier(wantedMs: number): (typeof ROLLUP_TIERS)[number] | undefined {
  let best: (typeof ROLLUP_TIERS)[number] | undefined
  for (const tier of ROLLUP_TIERS) if (tier.widthMs <= wantedMs && (!best || tier.widthMs > best.widthMs)) best = tier
  return best
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

/**
 * Buckets merged, in time order, into output buckets of `bucketMs` from `start`. The bucket
 * being merged lives in scalars; arrays grow once per output bucket, not per input row.
 */
class Merger {
  readonly out: DecimatedSeries
  private area: number[] = []
  private covered: number[] = []
  private cur = NaN
  private curEnd = -Infinity
  private cn = 0
  private cgood = 0
  private cmin = NaN
  private cmax = NaN
  private cfirst = NaN
  private clast = NaN
  private carea = 0
  private ccovered = 0

  constructor(source: DecimatedSeries['source'], start: number, end: number, bucketMs: number) {
    this.out = emptySeries(source, start, end, bucketMs)
  }
  add(b: Bucket): void {
    this.merge(b.t, b.n, b.good, b.min, b.max, b.first, b.last, b.area, b.covered)
  }
  merge(bt: number, n: number, good: number, min: number, max: number, first: number, last: number, area: number, covered: number): void {
    if (bt >= this.curEnd) {
      this.close()
      const o = this.out
      this.cur = o.start + Math.floor((bt - o.start) / o.bucketMs) * o.bucketMs
      this.curEnd = this.cur + o.bucketMs
      this.cn = n
      this.cgood = good
      this.cmin = min
      this.cmax = max
      this.cfirst = first
      this.clast = last
      this.carea = area
      this.ccovered = covered
      return
    }
    this.cn += n
    this.cgood += good
    if (min < this.cmin || this.cmin !== this.cmin) this.cmin = min
    if (max > this.cmax || this.cmax !== this.cmax) this.cmax = max
    if (this.cfirst !== this.cfirst) this.cfirst = first
    if (last === last) this.clast = last
    this.carea += area
    this.ccovered += covered
  }
  private close(): void {
    if (Number.isNaN(this.cur)) return
    const o = this.out
    o.t.push(this.cur)
    o.n.push(this.cn)
    o.good.push(this.cgood)
    o.min.push(this.cmin)
    o.max.push(this.cmax)
    o.first.push(this.cfirst)
    o.last.push(this.clast)
    this.area.push(this.carea)
    this.covered.push(this.ccovered)
    this.cur = NaN
  }
  done(): DecimatedSeries {
    this.close()
    this.out.avg = this.area.map((a, k) => (this.covered[k]! > 0 ? a / this.covered[k]! : NaN))
    return this.out
  }
}

/** Feeds the stored buckets of a tier with start in [from, to) to `merger`, straight from the decoded columns; returns the last start. */
function mergeStored(store: ChunkStore, tagId: number, tier: Tier, from: number, to: number, merger: Merger): number {
  let lastT = -Infinity
  for (const chunk of store.read(tagId, tier, from, to)) {
    const [t, n, good, min, max, first, last, area, covered] = chunk.columns as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array]
    for (let i = 0; i < t.length; i++) {
      const ti = t[i]!
      if (ti < from || ti >= to) continue
      lastT = ti
      merger.merge(ti, n[i]!, good[i]!, min[i]!, max[i]!, first[i]!, last[i]!, area[i]!, covered[i]!)
    }
  }
  return lastT
}

/** Stored buckets of one rollup tier whose start is in [from, to). */
export function readRollups(store: ChunkStore, tagId: number, name: RollupTierName, from: number, to: number): DecimatedSeries {
  const tier = ROLLUP_TIERS.find((r) => r.name === name)
  if (!tier) throw new Error(`historian: no rollup tier "${name}" (tiers: ${ROLLUP_TIERS.map((r) => r.name).join(', ')})`)
  const merger = new Merger(name, from, to, tier.widthMs)
  mergeStored(store, tagId, tier.tier, from, to, merger)
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
  const k = ROLLUP_TIERS.findIndex((r) => r.widthMs === tierMs)
  if (k >= 0) {
    const { tier, name } = ROLLUP_TIERS[k]!
    const merger = new Merger(name, start, end, bucketMs)
    const lastStored = mergeStored(store, tag.id, tier, start, end, merger)
    const open = tag.acc[k]!.open()
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
