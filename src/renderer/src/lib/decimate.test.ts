import { describe, expect, it } from 'vitest'
import { STATUS_STALE } from '../../../shared/domain'
import { decimateMinMax } from './decimate'
import { SampleRing } from './ringBuffer'

function ringOf(samples: [number, number, number?][]): SampleRing {
  const ring = new SampleRing(1024)
  for (const [t, v, s] of samples) ring.push(t, v, s ?? 0)
  return ring
}

describe('decimateMinMax', () => {
  it('keeps at most a min and a max per column, in time order', () => {
    // Column width 10 ms: samples 0..9 in column 0, 10..19 in column 1.
    const ring = ringOf([
      [0, 5],
      [2, 9],
      [4, 1],
      [6, 4],
      [10, 3],
      [12, 2],
      [14, 8]
    ])
    const out = decimateMinMax(ring, 0, 20, 2)
    expect(out.time).toEqual([2, 4, 12, 14, 20])
    expect(out.value).toEqual([9, 1, 2, 8, 8])
    expect(out.samplesInWindow).toBe(7)
  })

  it('holds the last good value to the end of the window', () => {
    const out = decimateMinMax(ringOf([[5, 1]]), 0, 10, 10)
    expect(out.time).toEqual([5, 10])
    expect(out.value).toEqual([1, 1])
  })

  it('does not hold a value past a bad-quality sample', () => {
    const out = decimateMinMax(ringOf([[1, 1], [2, 0, STATUS_STALE]]), 0, 10, 10)
    expect(out.time).toEqual([1, 2])
    expect(out.value).toEqual([1, null])
  })

  it('never returns more than two points per column for dense data', () => {
    const ring = new SampleRing(20_000)
    for (let t = 0; t < 10_000; t++) ring.push(t, Math.sin(t / 50), 0)
    const out = decimateMinMax(ring, 0, 10_000, 100)
    expect(out.time.length).toBeLessThanOrEqual(2 * 100 + 1)
    expect(out.samplesInWindow).toBe(10_000)
    expect(Math.max(...(out.value as number[]))).toBeCloseTo(1, 3)
    expect(Math.min(...(out.value as number[]))).toBeCloseTo(-1, 3)
  })

  it('carries the last sample before the window so the line starts at the edge', () => {
    const out = decimateMinMax(ringOf([[-50, 7], [-5, 3], [5, 4]]), 0, 10, 10)
    expect(out.time).toEqual([-5, 5, 10])
    expect(out.samplesInWindow).toBe(1)
  })

  it('stops at the end of the window', () => {
    const out = decimateMinMax(ringOf([[1, 1], [30, 2]]), 0, 10, 10)
    expect(out.time).toEqual([1, 10])
    expect(out.value).toEqual([1, 1])
  })

  it('turns bad-quality samples into a single gap', () => {
    const ring = ringOf([
      [0, 1],
      [1, 2],
      [2, 0, STATUS_STALE],
      [3, 0, STATUS_STALE],
      [4, 3]
    ])
    const out = decimateMinMax(ring, 0, 10, 1)
    expect(out.value).toEqual([1, 2, null, 3, 3])
    expect(out.time).toEqual([0, 1, 2, 4, 10])
  })

  it('returns nothing for an empty series or an empty window', () => {
    expect(decimateMinMax(new SampleRing(4), 0, 10, 10).time).toEqual([])
    expect(decimateMinMax(ringOf([[1, 1]]), 10, 10, 10).time).toEqual([])
  })
})
