/** What the trend and the indicators read: a time-ordered series, e.g. a {@link SampleRing}. */
export interface SeriesView {
  readonly length: number
  timeAt(i: number): number
  valueAt(i: number): number
  statusAt(i: number): number
  /** First index whose time is at or after `time`. */
  lowerBound(time: number): number
}

/**
 * A growable ring of one tag's samples, columnar: epoch-ms time, value and
 * OPC UA status. Storage starts small and doubles up to `maxCapacity`, so a
 * thousand quiet tags cost little while a trended tag keeps its whole window.
 * Logical index 0 is the oldest retained sample.
 */
export class SampleRing {
  private times: Float64Array
  private values: Float64Array
  private statuses: Uint32Array
  /** Physical slot of the next write. */
  private head = 0
  private count = 0
  private pushes = 0

  private max: number

  constructor(maxCapacity: number, initialCapacity = 64) {
    this.max = checkedCapacity(maxCapacity)
    ;[this.times, this.values, this.statuses] = columns(Math.min(Math.max(1, initialCapacity), maxCapacity))
  }

  /** Samples currently retained. */
  get length(): number {
    return this.count
  }

  /** Rises with every change (push, prepend, clear); a cheap change counter for `useSyncExternalStore`. */
  get version(): number {
    return this.pushes
  }

  get capacity(): number {
    return this.times.length
  }

  /** The most samples the ring keeps. */
  get maxCapacity(): number {
    return this.max
  }

  /**
   * Changes the most samples kept (at least 1, else RangeError). A smaller ring keeps the
   * newest samples and gives the rest of its memory back; a larger one grows as samples come.
   */
  setMaxCapacity(maxCapacity: number): void {
    this.max = checkedCapacity(maxCapacity)
    if (this.times.length <= this.max) return
    this.relocate(this.max, Math.min(this.count, this.max))
    this.pushes++
  }

  push(time: number, value: number, status: number): void {
    if (this.count === this.times.length && this.count < this.max) this.relocate(Math.min(this.times.length * 2, this.max), this.count)
    const slot = this.head
    this.times[slot] = time
    this.values[slot] = value
    this.statuses[slot] = status
    this.head = (slot + 1) % this.times.length
    if (this.count < this.times.length) this.count++
    this.pushes++
  }

  timeAt(i: number): number {
    return this.times[this.slot(i)]!
  }

  valueAt(i: number): number {
    return this.values[this.slot(i)]!
  }

  statusAt(i: number): number {
    return this.statuses[this.slot(i)]!
  }

  /**
   * First logical index whose time is at or after `time` (`length` if none).
   * Source timestamps of one tag rise monotonically, so a binary search holds.
   */
  lowerBound(time: number): number {
    let lo = 0
    let hi = this.count
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.timeAt(mid) < time) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /**
   * Merges older samples (ascending time, e.g. history fetched after live values
   * began to arrive) in front of the retained ones. Only samples strictly older
   * than the current oldest are taken, so live data always wins where they overlap;
   * the newest `maxCapacity` of the result are kept. Returns how many were added.
   */
  prependOlder(times: ArrayLike<number>, values: ArrayLike<number>, statuses: ArrayLike<number>): number {
    const oldest = this.count > 0 ? this.timeAt(0) : Number.POSITIVE_INFINITY
    let older = 0
    while (older < times.length && times[older]! < oldest) older++
    // A full ring of newer samples has no room for any of them.
    const added = Math.min(older, this.max - this.count)
    if (added <= 0) return 0
    const skipped = older - added
    const total = this.count + added
    let capacity = this.times.length
    while (capacity < total) capacity *= 2
    capacity = Math.min(capacity, this.max)
    const [nextTimes, nextValues, nextStatuses] = columns(capacity)
    for (let i = 0; i < added; i++) {
      nextTimes[i] = times[skipped + i]!
      nextValues[i] = values[skipped + i]!
      nextStatuses[i] = statuses[skipped + i]!
    }
    for (let i = 0; i < this.count; i++) {
      const from = this.slot(i)
      nextTimes[added + i] = this.times[from]!
      nextValues[added + i] = this.values[from]!
      nextStatuses[added + i] = this.statuses[from]!
    }
    this.times = nextTimes
    this.values = nextValues
    this.statuses = nextStatuses
    this.count = total
    this.head = total % capacity
    this.pushes += added
    return added
  }

  clear(): void {
    this.head = 0
    this.count = 0
    this.pushes++
  }

  private slot(i: number): number {
    const capacity = this.times.length
    return (this.head - this.count + i + capacity) % capacity
  }

  /** Moves the newest `keep` samples, oldest first, into new columns of `capacity`. */
  private relocate(capacity: number, keep: number): void {
    const [times, values, statuses] = columns(capacity)
    // Block copies, oldest part first: thousands of tags that started together grow in the
    // same batch, and an element-wise loop there was a long task on the overview.
    const start = this.slot(this.count - keep)
    const firstPart = Math.min(keep, this.times.length - start)
    const rest = keep - firstPart
    times.set(this.times.subarray(start, start + firstPart))
    values.set(this.values.subarray(start, start + firstPart))
    statuses.set(this.statuses.subarray(start, start + firstPart))
    times.set(this.times.subarray(0, rest), firstPart)
    values.set(this.values.subarray(0, rest), firstPart)
    statuses.set(this.statuses.subarray(0, rest), firstPart)
    this.times = times
    this.values = values
    this.statuses = statuses
    this.count = keep
    this.head = keep % capacity
  }
}

/**
 * The three columns of `capacity` samples, in one buffer: thousands of tags that started together
 * grow in the same batch, and each allocation of a buffer has a fixed cost that three per ring tripled.
 */
function columns(capacity: number): [Float64Array, Float64Array, Uint32Array] {
  const buffer = new ArrayBuffer(capacity * 20)
  return [new Float64Array(buffer, 0, capacity), new Float64Array(buffer, capacity * 8, capacity), new Uint32Array(buffer, capacity * 16, capacity)]
}

function checkedCapacity(capacity: number): number {
  if (!(capacity >= 1)) throw new RangeError(`ring capacity must be at least 1, got ${capacity}`)
  return capacity
}
