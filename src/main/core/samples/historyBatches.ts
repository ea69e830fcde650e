import type { SampleBatch } from '../../../shared/contract'
import type { TagHistory } from '../opcua/readHistory'

/**
 * Turns per-tag histories into time-ordered batches, one per `sliceMs` of data that
 * holds any, as if the values had arrived live: the anomaly engine steps each
 * equipment once per batch, so a replay must not hand it hours in one piece.
 * `histories[i]` belongs to tag index i.
 */
export function historyToBatches(histories: readonly TagHistory[], sliceMs: number): SampleBatch[] {
  const next = new Int32Array(histories.length)
  const batches: SampleBatch[] = []
  const tagIndex: number[] = []
  const sourceTime: number[] = []
  const value: number[] = []
  const status: number[] = []
  for (;;) {
    let start = Number.POSITIVE_INFINITY
    histories.forEach((h, i) => {
      if (next[i]! < h.time.length) start = Math.min(start, h.time[next[i]!]!)
    })
    if (start === Number.POSITIVE_INFINITY) return batches
    const end = start + sliceMs
    histories.forEach((h, i) => {
      let k = next[i]!
      for (; k < h.time.length && h.time[k]! < end; k++) {
        tagIndex.push(i)
        sourceTime.push(h.time[k]!)
        value.push(h.value[k]!)
        status.push(h.status[k]!)
      }
      next[i] = k
    })
    batches.push({
      seq: batches.length,
      tagIndex: Uint32Array.from(tagIndex),
      sourceTime: Float64Array.from(sourceTime),
      value: Float64Array.from(value),
      status: Uint32Array.from(status)
    })
    tagIndex.length = sourceTime.length = value.length = status.length = 0
  }
}

/**
 * After a replay, the live stream's first value of a tag (OPC UA's initial value) may
 * repeat the history's last one. Returns a filter that drops such a repeat, so each
 * sample reaches the engine once. A tag is checked only until its first live value,
 * which the server sends for every monitored item, so after the first publish cycles
 * batches pass through untouched.
 */
export function createReplayFence(histories: readonly TagHistory[]): (batch: SampleBatch) => SampleBatch {
  const until = Float64Array.from(histories, (h) => (h.time.length > 0 ? h.time[h.time.length - 1]! : Number.NEGATIVE_INFINITY))
  let open = until.filter((t) => t > Number.NEGATIVE_INFINITY).length
  return (batch) => {
    if (open === 0) return batch
    const keep: number[] = []
    batch.tagIndex.forEach((tag, k) => {
      const fence = tag < until.length ? until[tag]! : Number.NEGATIVE_INFINITY
      if (fence > Number.NEGATIVE_INFINITY) {
        until[tag] = Number.NEGATIVE_INFINITY
        open--
        if (batch.sourceTime[k]! <= fence) return
      }
      keep.push(k)
    })
    if (keep.length === batch.tagIndex.length) return batch
    const pick = <T extends Uint32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const out = make(keep.length)
      keep.forEach((k, j) => (out[j] = a[k]!))
      return out
    }
    return {
      seq: batch.seq,
      tagIndex: pick(batch.tagIndex, (n) => new Uint32Array(n)),
      sourceTime: pick(batch.sourceTime, (n) => new Float64Array(n)),
      value: pick(batch.value, (n) => new Float64Array(n)),
      status: pick(batch.status, (n) => new Uint32Array(n))
    }
  }
}
