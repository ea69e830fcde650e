import { describe, expect, it } from 'vitest'
import { formatTimestamp } from '../../lib/format'
import { serverTimeText } from './latestValue'

const T = Date.UTC(2026, 11, 1, 6)

describe("a faceplate's server time", () => {
  it('shows the server time and how far the source time lies from it, or why there is none', () => {
    expect(serverTimeText({ tag: 'A', value: 1, status: 0, sourceTime: T - 30_000, serverTime: T })).toEqual({ time: T, offset: '30.000 s after its source timestamp' })
    expect(serverTimeText({ tag: 'A', value: 1, status: 0, sourceTime: T, serverTime: T })).toEqual({ time: T, offset: 'same as its source timestamp' })
    expect(serverTimeText({ tag: 'A', value: 1, status: 0, sourceTime: T, serverTime: null })).toBe('not sent by the server')
    expect(serverTimeText({ tag: 'A', value: null, status: null, sourceTime: null, serverTime: null })).toBe('no value yet')
    expect(serverTimeText(undefined)).toBe('asking the server…')
    // The value row shows a newer value than the one the server timestamp was asked for.
    expect(serverTimeText({ tag: 'A', value: 1, status: 0, sourceTime: T, serverTime: T }, T + 500)).toEqual({ time: T, offset: `same as its source timestamp, of the value stamped ${formatTimestamp(T)}` })
    expect(serverTimeText({ tag: 'A', value: 1, status: 0, sourceTime: T, serverTime: T }, T)).toEqual({ time: T, offset: 'same as its source timestamp' })
  })
})
