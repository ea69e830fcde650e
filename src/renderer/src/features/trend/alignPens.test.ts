import { describe, expect, it } from 'vitest'
import type { PenPoints, Quality } from './penPoints'
import { alignPens, plotColumns } from './alignPens'

const pen = (time: number[], value: (number | null)[], quality: Quality[] = time.map((): Quality => 'good')): PenPoints => ({ time, value, quality })

describe('alignPens', () => {
  it('merges pens onto one x axis, undefined where a pen has no point, holding values for the readout', () => {
    const aligned = alignPens([pen([1, 3], [10, 30]), pen([2, 4], [200, 400])])
    expect(aligned.x).toEqual([1, 2, 3, 4])
    expect(aligned.value).toEqual([
      [10, undefined, 30, undefined],
      [undefined, 200, undefined, 400]
    ])
    expect(aligned.held[0]).toEqual([10, 10, 30, 30])
    expect(aligned.held[1]).toEqual([null, 200, 200, 400])
    expect(aligned.quality[1]).toEqual([null, 'good', 'good', 'good'])
  })

  it('keeps a pen broken for its whole gap, not just up to the next x of another pen', () => {
    const aligned = alignPens([pen([1, 2, 3, 4], [1, 2, 3, 4]), pen([1, 2, 4], [5, null, 6])])
    expect(aligned.value[1]).toEqual([5, null, null, 6])
    expect(aligned.quality[1]).toEqual(['good', null, null, 'good'])
  })

  it('collapses duplicate times within a pen to the last', () => {
    expect(alignPens([pen([1, 1, 2], [5, 6, 7])]).value).toEqual([[6, 7]])
  })

  it('handles no pens and empty pens', () => {
    expect(alignPens([]).x).toEqual([])
    expect(alignPens([pen([], [])]).value).toEqual([[]])
  })
})

describe('plotColumns', () => {
  it('splits a pen into Good and doubtful series that meet at the handover', () => {
    const aligned = alignPens([pen([1, 2, 3, 4, 5], [1, 2, 3, null, 5], ['good', 'uncertain', 'good', 'bad', 'good'])])
    const [x, good, doubtful] = plotColumns(aligned)
    expect(x).toEqual([1, 2, 3, 4, 5])
    expect(good).toEqual([1, 2, 3, null, 5])
    expect(doubtful).toEqual([null, 2, 3, null, null])
  })
})
