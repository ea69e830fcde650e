import { describe, expect, it } from 'vitest'
import { SampleBatchSchema, type SampleBatch } from '../../../shared/contract'
import { createSampleBatcher } from './sampleBatcher'

describe('sample batcher', () => {
  it('coalesces one turn of values into one columnar batch that matches the contract', async () => {
    const batches: SampleBatch[] = []
    const batcher = createSampleBatcher((b) => batches.push(b))
    for (let i = 0; i < 1000; i++) batcher.push(i % 7, 1_000 + i, i * 0.5, 0)
    expect(batches).toHaveLength(0)
    await new Promise((resolve) => setImmediate(resolve))
    expect(batches).toHaveLength(1)
    const batch = SampleBatchSchema.parse(batches[0])
    expect(batch.value.length).toBe(1000)
    expect(batch.value[999]).toBe(499.5)
    expect(batch.tagIndex[8]).toBe(1)
    batcher.push(3, 5, 6, 0)
    batcher.flush()
    expect(batches[1]).toMatchObject({ seq: 1 })
    expect(Array.from(batches[1]!.value)).toEqual([6])
  })
})
