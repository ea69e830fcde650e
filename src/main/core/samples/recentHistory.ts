import type { Output, SampleBatch } from '../../../shared/contract'

type SampleColumns = Output<'samples:history'>

/** Samples kept over all tags: about 40 MB, whatever the size of the tag map. */
const HISTORY_BUDGET_SAMPLES = 2_000_000
/** 3.4 minutes at the default 100 ms publishing interval: a trend's window. */
const MAX_SAMPLES_PER_TAG = 2048
const MIN_SAMPLES_PER_TAG = 16

/** How many samples each tag keeps, so that big tag maps stay within the budget. */
export const samplesPerTag = (tagCount: number): number =>
  Math.max(MIN_SAMPLES_PER_TAG, Math.min(MAX_SAMPLES_PER_TAG, Math.floor(HISTORY_BUDGET_SAMPLES / Math.max(1, tagCount))))

/**
 * The last few minutes of every tag, so a trend opened (or reopened) now starts
 * full instead of empty. One fixed ring per tag, allocated on its first value;
 * older samples are overwritten, never reallocated.
 */
export interface RecentHistory {
  update(batch: SampleBatch): void
  /**
   * The samples of `tags` at or after `since` (epoch ms), oldest first per tag, and
   * always each tag's newest: `since = Infinity` gives the last value of every tag.
   */
  read(tags: Iterable<number>, since: number): SampleColumns
}

interface Ring {
  time: Float64Array
  value: Float64Array
  status: Uint32Array
  /** Next slot to write. */
  head: number
  count: number
}

export function createRecentHistory(tagCount: number, samplesPerTag: number): RecentHistory {
  const rings: (Ring | undefined)[] = new Array(tagCount)
  const ringOf = (index: number): Ring =>
    (rings[index] ??= {
      time: new Float64Array(samplesPerTag),
      value: new Float64Array(samplesPerTag),
      status: new Uint32Array(samplesPerTag),
      head: 0,
      count: 0
    })

  return {
    update(batch) {
      for (let i = 0; i < batch.tagIndex.length; i++) {
        const index = batch.tagIndex[i]!
        if (index >= tagCount) continue
        const ring = ringOf(index)
        ring.time[ring.head] = batch.sourceTime[i]!
        ring.value[ring.head] = batch.value[i]!
        ring.status[ring.head] = batch.status[i]!
        ring.head = (ring.head + 1) % samplesPerTag
        ring.count = Math.min(ring.count + 1, samplesPerTag)
      }
    },
    read(tags, since) {
      const out: SampleColumns = { tagIndex: [], sourceTime: [], value: [], status: [] }
      for (const index of tags) {
        const ring = rings[index]
        if (!ring) continue
        const oldest = (ring.head - ring.count + samplesPerTag) % samplesPerTag
        for (let k = 0; k < ring.count; k++) {
          const slot = (oldest + k) % samplesPerTag
          // The newest sample always goes: a tag that holds still has nothing newer.
          if (ring.time[slot]! < since && k < ring.count - 1) continue
          out.tagIndex.push(index)
          out.sourceTime.push(ring.time[slot]!)
          out.value.push(Number.isFinite(ring.value[slot]!) ? ring.value[slot]! : null)
          out.status.push(ring.status[slot]!)
        }
      }
      return out
    }
  }
}
