import { describe, expect, it } from 'vitest'
import type { SampleBatch } from '../../../shared/contract'
import type { TagHistory } from '../opcua/readHistory'
import { createReplayFence, historyToBatches } from './historyBatches'

const history = (points: Array<[number, number]>): TagHistory => ({
  time: Float64Array.from(points, ([t]) => t),
  value: Float64Array.from(points, ([, v]) => v),
  status: new Uint32Array(points.length)
})

const batch = (samples: Array<[number, number]>): SampleBatch => ({
  seq: 7,
  tagIndex: Uint32Array.from(samples, ([tag]) => tag),
  sourceTime: Float64Array.from(samples, ([, t]) => t),
  value: Float64Array.from(samples, ([, t]) => t / 10),
  status: new Uint32Array(samples.length)
})

describe('historyToBatches', () => {
  it('replays tags interleaved in time, one batch per slice that holds data', () => {
    const batches = historyToBatches([history([[0, 1], [100, 2], [5000, 3]]), history([]), history([[50, 9], [5100, 8]])], 1000)
    expect(batches.map((b) => [Array.from(b.tagIndex), Array.from(b.sourceTime)])).toEqual([
      [[0, 0, 2], [0, 100, 50]],
      [[0, 2], [5000, 5100]]
    ])
    expect(Array.from(batches[1]!.value)).toEqual([3, 8])
  })

  it('gives nothing for no history', () => {
    expect(historyToBatches([history([]), history([])], 100)).toEqual([])
  })
})

describe('createReplayFence', () => {
  it('drops a live repeat of the replayed past, then lets every batch through untouched', () => {
    const fence = createReplayFence([history([[100, 1]]), history([[200, 2]]), history([])])
    const first = fence(batch([[0, 100], [1, 150], [2, 120], [0, 110]]))
    expect(Array.from(first.tagIndex)).toEqual([2, 0])
    expect(Array.from(first.sourceTime)).toEqual([120, 110])
    expect(Array.from(first.value)).toEqual([12, 11])
    const second = fence(batch([[1, 250]]))
    expect(Array.from(second.sourceTime)).toEqual([250])
    const later = batch([[0, 50], [1, 60]])
    expect(fence(later)).toBe(later)
  })
})
