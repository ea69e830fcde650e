import type { Output, SampleBatch } from '../../../shared/contract'

/**
 * The last value of every tag. OPC UA reports changes only, so a tag that holds
 * still (a running flag, a full tank) would stay blank on a screen opened later;
 * a new screen starts from this snapshot instead.
 */
export interface LatestValues {
  update(batch: SampleBatch): void
  snapshot(): Output<'samples:snapshot'>
}

export function createLatestValues(tagCount: number): LatestValues {
  const time = new Float64Array(tagCount).fill(Number.NaN)
  const value = new Float64Array(tagCount).fill(Number.NaN)
  const status = new Uint32Array(tagCount)
  return {
    update(batch) {
      for (let i = 0; i < batch.tagIndex.length; i++) {
        const index = batch.tagIndex[i]!
        if (index >= tagCount) continue
        time[index] = batch.sourceTime[i]!
        value[index] = batch.value[i]!
        status[index] = batch.status[i]!
      }
    },
    snapshot() {
      const out: Output<'samples:snapshot'> = { tagIndex: [], sourceTime: [], value: [], status: [] }
      for (let index = 0; index < tagCount; index++) {
        if (Number.isNaN(time[index]!)) continue
        out.tagIndex.push(index)
        out.sourceTime.push(time[index]!)
        // JSON has no NaN: a value the plant could not give travels as null.
        out.value.push(Number.isFinite(value[index]!) ? value[index]! : null)
        out.status.push(status[index]!)
      }
      return out
    }
  }
}
