import { describe, expect, it } from 'vitest'
import { commands } from '../../../shared/contract'
import { createRecentHistory } from './recentHistory'

const batch = (rows: Array<[number, number, number]>) => ({
  seq: 0,
  tagIndex: Uint32Array.from(rows.map(([i]) => i)),
  sourceTime: Float64Array.from(rows.map(([, t]) => t)),
  value: Float64Array.from(rows.map(([, , v]) => v)),
  status: new Uint32Array(rows.length)
})

describe('recent history', () => {
  it('keeps the newest samples per tag, oldest first, within the capacity', () => {
    const history = createRecentHistory(3, 4)
    history.update(batch([[0, 1, 10], [1, 1, 5], [0, 2, 11], [0, 3, 12], [0, 4, 13], [0, 5, 14]]))
    const read = history.read([0], 0)
    expect(read.sourceTime).toEqual([2, 3, 4, 5])
    expect(read.value).toEqual([11, 12, 13, 14])
    expect(commands['samples:history'].output.parse(read)).toEqual(read)
  })

  it('returns samples since a time, but always the newest one of a tag that holds still', () => {
    const history = createRecentHistory(3, 8)
    history.update(batch([[0, 1, 10], [0, 20, 11], [1, 2, 1], [2, 3, Number.NaN]]))
    expect(history.read([0, 1, 2], 10)).toEqual({
      tagIndex: [0, 1, 2],
      sourceTime: [20, 2, 3],
      value: [11, 1, null],
      status: [0, 0, 0]
    })
    expect(history.read([7], 0).tagIndex).toEqual([])
  })
})
