import { describe, expect, it } from 'vitest'
import { alignSeries } from './alignSeries'

describe('alignSeries', () => {
  it('merges pens onto one x axis with undefined where a pen has no point', () => {
    const data = alignSeries([
      { time: [1, 3, 5], value: [10, 30, 50], samplesInWindow: 3 },
      { time: [2, 4, 6], value: [200, 400, 600], samplesInWindow: 3 }
    ])
    expect(data).toEqual([
      [1, 2, 3, 4, 5, 6],
      [10, undefined, 30, undefined, 50, undefined],
      [undefined, 200, undefined, 400, undefined, 600]
    ])
  })

  it('keeps a pen broken for its whole bad-quality gap', () => {
    const data = alignSeries([
      { time: [1, 3, 5, 7], value: [10, 30, 50, 70], samplesInWindow: 4 },
      { time: [2, 6], value: [null, 600], samplesInWindow: 2 }
    ])
    expect(data[2]).toEqual([undefined, null, null, null, 600, undefined])
  })

  it('collapses duplicate times within a pen', () => {
    expect(alignSeries([{ time: [1, 1, 2], value: [5, 6, 7], samplesInWindow: 3 }])).toEqual([
      [1, 2],
      [5, 7]
    ])
  })

  it('handles no pens and empty pens', () => {
    expect(alignSeries([])).toEqual([[]])
    expect(alignSeries([{ time: [], value: [], samplesInWindow: 0 }])).toEqual([[], []])
  })
})
