import type { Output, SampleBatch } from '../../../shared/contract'
import { isGoodStatus, STATUS_NO_COMMUNICATION } from '../../../shared/domain'
import { createLatencyRecorder, type LatencyRecorder } from './latencyRecorder'
import { SampleRing } from '../../../shared/sampleRing'

/**
 * A trended tag's live tail: 2,048 samples is 3.4 minutes at the default 100 ms publishing
 * interval, enough for the trend window (older samples come from the historian).
 */
export const SAMPLES_PER_TAG = 2048

/**
 * Any other tag's: enough for its value, quality and last good value. Kept at 2,048, a
 * 10,000-tag site's rings took 400 MB, and each doubling of them all was a long task.
 */
export const LIVE_SAMPLES_PER_TAG = 64

/**
 * Live plant values outside React: one {@link SampleRing} per tag index, fed by
 * `samples:batch`. Components subscribe and read what they need; the trend
 * reads whole rings once per animation frame.
 */
export interface SampleStore {
  ingest(batch: SampleBatch): void
  /**
   * Seeds the rings from a `samples:snapshot` (each tag's last value) without
   * counting it as received: these values are old news, not latency. A value we
   * already have something newer for is skipped; one that supersedes our own
   * stale mark (the host is back and says the value is current) is stamped `now`,
   * so the trend shows the outage as a gap.
   */
  restore(snapshot: Output<'samples:snapshot'>, now: number): void
  /**
   * Puts history from the historian (a raw `history:query` answer's columns, oldest first, one
   * entry per tag) in front of what each ring holds, keeping only samples older than its
   * oldest: live values win where they overlap. Not counted as received, since history is
   * not a live arrival.
   */
  backfill(history: readonly TagHistory[]): void
  /**
   * The tags (by index) whose rings keep a trend window ({@link SAMPLES_PER_TAG}); every
   * other ring keeps its newest {@link LIVE_SAMPLES_PER_TAG}. Replaces the last call's list.
   */
  keep(tagIndexes: readonly number[]): void
  /** The ring of one tag (by `TagInfo.index`), if it ever received a value. */
  series(tagIndex: number): SampleRing | undefined
  /**
   * Marks every tag's latest value as stale at `time` (the link to the host is
   * gone, so nobody will tell us); core does the same when the plant link drops.
   */
  markStale(time: number): void
  /** Drops all history, e.g. when the tag list changes and indexes move. */
  clear(): void
  /** Called once per ingested batch, restore, backfill, stale mark or clear. */
  subscribe(listener: () => void): () => void
  readonly latency: LatencyRecorder
}

/** One tag's samples, oldest first; a value that is not finite is no value. */
export interface TagHistory {
  tagIndex: number
  t: ArrayLike<number>
  value: ArrayLike<number>
  status: ArrayLike<number>
}

export function createSampleStore(options: { now?: () => number } = {}): SampleStore {
  let kept = new Set<number>()
  const capacityOf = (index: number): number => (kept.has(index) ? SAMPLES_PER_TAG : LIVE_SAMPLES_PER_TAG)
  const now = options.now ?? Date.now
  const rings: (SampleRing | undefined)[] = []
  const listeners = new Set<() => void>()
  const latency = createLatencyRecorder()
  const notify = (): void => {
    for (const listener of [...listeners]) listener()
  }
  const ringOf = (index: number): SampleRing => {
    let ring = rings[index]
    if (!ring) {
      ring = new SampleRing(capacityOf(index))
      rings[index] = ring
    }
    return ring
  }

  return {
    latency,
    keep(tagIndexes) {
      kept = new Set(tagIndexes)
      rings.forEach((ring, index) => ring?.setMaxCapacity(capacityOf(index)))
    },
    ingest(batch) {
      // One arrival time per batch: every value in it reached the renderer together.
      latency.record(batch.sourceTime, now())
      const { tagIndex, sourceTime, value, status } = batch
      for (let i = 0; i < tagIndex.length; i++) {
        ringOf(tagIndex[i]!).push(sourceTime[i]!, value[i]!, status[i]!)
      }
      notify()
    },
    restore(snapshot, at) {
      for (let i = 0; i < snapshot.tagIndex.length; i++) {
        const index = snapshot.tagIndex[i]!
        const time = snapshot.sourceTime[i]!
        const status = snapshot.status[i]!
        const value = snapshot.value[i] ?? Number.NaN
        const ring = ringOf(index)
        const last = ring.length - 1
        if (last < 0 || time > ring.timeAt(last)) ring.push(time, value, status)
        else if (!isGoodStatus(ring.statusAt(last)) && isGoodStatus(status)) ring.push(Math.max(at, ring.timeAt(last)), value, status)
      }
      notify()
    },
    backfill(history) {
      let changed = false
      for (const { tagIndex, t, value, status } of history) {
        if (ringOf(tagIndex).prependOlder(t, value, status) > 0) changed = true
      }
      if (changed) notify()
    },
    series: (tagIndex) => rings[tagIndex],
    markStale(time) {
      let changed = false
      for (const ring of rings) {
        if (!ring || ring.length === 0 || !isGoodStatus(ring.statusAt(ring.length - 1))) continue
        ring.push(Math.max(time, ring.timeAt(ring.length - 1)), Number.NaN, STATUS_NO_COMMUNICATION)
        changed = true
      }
      if (changed) notify()
    },
    clear() {
      // Cleared in place so each ring's version keeps rising and readers notice.
      for (const ring of rings) ring?.clear()
      notify()
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    }
  }
}
