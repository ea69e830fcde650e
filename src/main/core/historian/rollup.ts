import { isGoodStatus } from '../../../shared/domain'

/** Rollup tiers: bucket widths in ms. */
export const MINUTE_MS = 60_000
export const FIVE_MINUTE_MS = 300_000
export const TEN_MINUTE_MS = 600_000
export const HOUR_MS = 3_600_000

/**
 * One rollup bucket [t, t + width) of one tag. Min, max, first and last are over the
 * usable samples in it (finite value, status not Bad), NaN when it has none. `area` and
 * `covered` give the time-weighted average `area / covered`: each usable value holds from
 * its time until the next sample or the start of a gap, never across one.
 */
export interface Bucket {
  t: number
  /** Samples in the bucket, whatever their quality. */
  n: number
  /** Samples with Good status. */
  good: number
  min: number
  max: number
  first: number
  last: number
  /** ∫ value dt over the held time in the bucket (value · ms). */
  area: number
  /** Held time in the bucket (ms). */
  covered: number
}

/** The columns of a bucket, in the order a rollup chunk stores them. */
export const BUCKET_FIELDS = ['t', 'n', 'good', 'min', 'max', 'first', 'last', 'area', 'covered'] as const

export const isUsable = (value: number, status: number): boolean => Number.isFinite(value) && status >>> 30 !== 2

const emptyBucket = (t: number): Bucket => ({ t, n: 0, good: 0, min: NaN, max: NaN, first: NaN, last: NaN, area: 0, covered: 0 })

/**
 * Builds one tier's buckets of one tag as samples arrive in time order, so zooming out
 * never scans raw samples. A bucket is emitted once a later bucket starts (its hold is
 * then known). A bucket without samples is emitted when a value held through it (a tag
 * that reports by exception and held still), with n = 0 and NaN min/max/first/last.
 */
export class RollupAccumulator {
  private current: Bucket | undefined
  private lastT = -Infinity
  private lastV = NaN
  /** Whether the last sample's value still holds (usable, and no gap since). */
  private holding = false

  /** Buckets start at `originMs + k · widthMs` (epoch-aligned by default). */
  constructor(
    readonly widthMs: number,
    private readonly emit: (bucket: Bucket) => void,
    private readonly originMs = 0
  ) {}

  private bucketOf(t: number): number {
    return this.originMs + Math.floor((t - this.originMs) / this.widthMs) * this.widthMs
  }

  /** Emits the bucket being filled as it stands: the end of a read-only pass. */
  finish(): void {
    this.close()
  }

  /** Takes up a sample's hold without counting it: the last sample before a replay. */
  seed(t: number, value: number, status: number): void {
    this.lastT = t
    this.lastV = value
    this.holding = isUsable(value, status)
  }

  /** Adds a sample; `t` must be after the previous one. */
  sample(t: number, value: number, status: number): void {
    if (this.holding) this.hold(t)
    const start = this.bucketOf(t)
    if (this.current?.t !== start) {
      this.close()
      this.current = emptyBucket(start)
    }
    const b = this.current
    b.n++
    if (isGoodStatus(status)) b.good++
    const usable = isUsable(value, status)
    if (usable) {
      if (!(value >= b.min)) b.min = value
      if (!(value <= b.max)) b.max = value
      if (Number.isNaN(b.first)) b.first = value
      b.last = value
    }
    this.lastT = t
    this.lastV = value
    this.holding = usable
  }

  /**
   * A gap starts at `t`: the last value stops holding there. A gap that starts before the
   * last sample changes nothing, since that sample shows the link was up (and a replay in
   * time order, samples before gaps at equal times, sees the same).
   */
  gap(t: number): void {
    if (!(t >= this.lastT)) return
    if (this.holding) this.hold(t)
    this.holding = false
  }

  /** Time of the last sample or gap start taken in; later samples must come after it. */
  get lastTime(): number {
    return this.lastT
  }

  /** The bucket being filled, as it stands (its last value's hold not yet counted). */
  open(): Bucket | undefined {
    return this.current && (this.current.n > 0 || this.current.covered > 0) ? { ...this.current } : undefined
  }

  /** Adds the last value over [lastT, end) to the buckets it crosses. */
  private hold(end: number): void {
    let from = this.lastT
    while (from < end) {
      const start = this.bucketOf(from)
      if (this.current?.t !== start) {
        this.close()
        this.current = emptyBucket(start)
      }
      const until = Math.min(end, start + this.widthMs)
      this.current.area += this.lastV * (until - from)
      this.current.covered += until - from
      from = until
    }
    this.lastT = end
  }

  private close(): void {
    if (this.current && (this.current.n > 0 || this.current.covered > 0)) this.emit(this.current)
    this.current = undefined
  }
}
