import { describe, expect, it } from 'vitest'
import { STATUS_STALE } from '../../../shared/domain'
import { latestReading } from './latestReading'
import { SampleRing } from '../../../shared/sampleRing'

describe('latestReading', () => {
  it('is empty before any value', () => {
    expect(latestReading(undefined)).toEqual({ value: undefined, good: false, time: undefined })
    expect(latestReading(new SampleRing(4)).value).toBeUndefined()
  })

  it('returns the newest good value', () => {
    const ring = new SampleRing(4)
    ring.push(1, 10, 0)
    ring.push(2, 20, 0)
    expect(latestReading(ring)).toEqual({ value: 20, good: true, time: 2 })
  })

  it('keeps showing the last finite value, flagged, once quality goes bad', () => {
    const ring = new SampleRing(4)
    ring.push(1, 10, 0)
    ring.push(2, Number.NaN, STATUS_STALE)
    expect(latestReading(ring)).toEqual({ value: 10, good: false, time: 1 })
  })
})
