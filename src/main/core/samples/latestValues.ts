import type { Output, SampleBatch } from '../../../shared/contract'

/**
 * Each tag's newest value, for a screen that opens after the values arrived (a tag that
 * holds still is never sent again). The past lives in the historian, not here.
 */
export interface LatestValues {
  update(batch: SampleBatch): void
  read(): Output<'samples:snapshot'>
  /** Tag `index`'s newest value, or undefined before its first. */
  get(index: number): { sourceTime: number; value: number; status: number } | undefined
}

export function createLatestValues(tagCount: number): LatestValues {
  const time = new Float64Array(tagCount).fill(NaN)
  const value = new Float64Array(tagCount)
  const status = new Uint32Array(tagCount)
  return {
    update(batch) {
      for (let i = 0; i < batch.tagIndex.length; i++) {
        const index = batch.tagIndex[i]!
        // Replayed history can come after live values: the newest source time wins.
        if (index >= tagCount || batch.sourceTime[i]! < time[index]!) continue
        time[index] = batch.sourceTime[i]!
        value[index] = batch.value[i]!
        status[index] = batch.status[i]!
      }
    },
    get(index) {
      const t = time[index]
      return t === undefined || Number.isNaN(t) ? undefined : { sourceTime: t, value: value[index]!, status: status[index]! }
    },
    read() {
      const out: Output<'samples:snapshot'> = { tagIndex: [], sourceTime: [], value: [], status: [] }
      for (let index = 0; index < tagCount; index++) {
        if (Number.isNaN(time[index]!)) continue
        out.tagIndex.push(index)
        out.sourceTime.push(time[index]!)
        out.value.push(Number.isFinite(value[index]!) ? value[index]! : null)
        out.status.push(status[index]!)
      }
      return out
    }
  }
}
