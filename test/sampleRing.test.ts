import { describe, expect, it } from 'vitest'
import { SampleRing } from '../src/shared/sampleRing'
import { STATUS_NO_COMMUNICATION } from '../src/shared/domain'

/** The ring's logical content, oldest first. */
const contentsOf = (ring: SampleRing): Array<[number, number, number]> =>
  Array.from({ length: ring.length }, (_, i) => [ring.timeAt(i), ring.valueAt(i), ring.statusAt(i)])
const times = (ring: SampleRing): number[] => Array.from({ length: ring.length }, (_, i) => ring.timeAt(i))

describe('SampleRing', () => {
  it('keeps samples in push order while it grows', () => {
    const ring = new SampleRing(16, 2)
    for (let t = 0; t < 10; t++) ring.push(t, t * 10, t % 2)
    expect(ring.length).toBe(10)
    expect(ring.capacity).toBe(16)
    expect(times(ring)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(ring.valueAt(9)).toBe(90)
    expect(ring.statusAt(3)).toBe(1)
  })

  it('drops the oldest samples once full', () => {
    const ring = new SampleRing(4, 4)
    for (let t = 0; t < 7; t++) ring.push(t, t, 0)
    expect(ring.length).toBe(4)
    expect(times(ring)).toEqual([3, 4, 5, 6])
    expect(ring.version).toBe(7)
  })

  it('grows correctly after wrapping', () => {
    const ring = new SampleRing(8, 2)
    ring.push(1, 1, 0)
    ring.push(2, 2, 0)
    ring.push(3, 3, 0)
    ring.push(4, 4, 0)
    ring.push(5, 5, 0)
    expect(times(ring)).toEqual([1, 2, 3, 4, 5])
  })

  it('keeps full status codes (32-bit unsigned)', () => {
    const ring = new SampleRing(2)
    ring.push(0, 0, STATUS_NO_COMMUNICATION)
    expect(ring.statusAt(0)).toBe(STATUS_NO_COMMUNICATION)
  })

  it('finds the first sample at or after a time', () => {
    const ring = new SampleRing(4, 4)
    for (let t = 0; t < 6; t++) ring.push(t * 100, t, 0)
    expect(times(ring)).toEqual([200, 300, 400, 500])
    expect(ring.lowerBound(0)).toBe(0)
    expect(ring.lowerBound(300)).toBe(1)
    expect(ring.lowerBound(301)).toBe(2)
    expect(ring.lowerBound(999)).toBe(4)
  })

  it('clears but keeps counting versions', () => {
    const ring = new SampleRing(4)
    ring.push(1, 1, 0)
    ring.clear()
    expect(ring.length).toBe(0)
    expect(ring.version).toBe(2)
    ring.push(2, 2, 0)
    expect(times(ring)).toEqual([2])
  })

  it('prepends older samples into an empty ring', () => {
    const ring = new SampleRing(16, 2)
    expect(ring.prependOlder([1, 2, 3], [10, 20, 30], [0, 1, 0])).toBe(3)
    expect(times(ring)).toEqual([1, 2, 3])
    expect(ring.valueAt(1)).toBe(20)
    expect(ring.statusAt(1)).toBe(1)
    expect(ring.version).toBe(3)
    ring.push(4, 40, 0)
    expect(times(ring)).toEqual([1, 2, 3, 4])
  })

  it('takes only samples older than the oldest it holds, in order', () => {
    const ring = new SampleRing(16, 4)
    for (let t = 5; t <= 8; t++) ring.push(t, t * 10, 0)
    const version = ring.version
    expect(ring.prependOlder([2, 3, 4, 5, 6], [-2, -3, -4, -5, -6], [0, 0, 0, 0, 0])).toBe(3)
    expect(times(ring)).toEqual([2, 3, 4, 5, 6, 7, 8])
    // Where history and live data overlap, live data wins.
    expect(Array.from({ length: ring.length }, (_, i) => ring.valueAt(i))).toEqual([-2, -3, -4, 50, 60, 70, 80])
    expect(ring.version).toBeGreaterThan(version)
    expect(ring.lowerBound(5)).toBe(3)
  })

  it('changes nothing when no sample is older', () => {
    const ring = new SampleRing(8)
    ring.push(5, 5, 0)
    const version = ring.version
    expect(ring.prependOlder([5, 6], [0, 0], [0, 0])).toBe(0)
    expect(ring.prependOlder([], [], [])).toBe(0)
    expect(times(ring)).toEqual([5])
    expect(ring.version).toBe(version)
  })

  it('keeps the newest maxCapacity samples when older ones overflow it', () => {
    const ring = new SampleRing(5, 2)
    ring.push(10, 10, 0)
    ring.push(11, 11, 0)
    expect(ring.prependOlder([1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [0, 0, 0, 0, 0])).toBe(3)
    expect(times(ring)).toEqual([3, 4, 5, 10, 11])
    expect(ring.capacity).toBe(5)
    ring.push(12, 12, 0)
    expect(times(ring)).toEqual([4, 5, 10, 11, 12])

    const full = new SampleRing(2, 2)
    full.push(10, 10, 0)
    full.push(11, 11, 0)
    expect(full.prependOlder([1], [1], [0])).toBe(0)
    expect(times(full)).toEqual([10, 11])
  })

  it('shrinks to the newest samples, wrapped or not, and grows again to a larger maximum', () => {
    const ring = new SampleRing(8, 8)
    for (let t = 1; t <= 11; t++) ring.push(t, t * 10, 0)
    const version = ring.version
    ring.setMaxCapacity(3)
    expect(times(ring)).toEqual([9, 10, 11])
    expect(ring.valueAt(0)).toBe(90)
    expect(ring.capacity).toBe(3)
    expect(ring.version).toBeGreaterThan(version)
    ring.push(12, 120, 0)
    expect(times(ring)).toEqual([10, 11, 12])
    ring.setMaxCapacity(6)
    for (let t = 13; t <= 17; t++) ring.push(t, t * 10, 0)
    expect(times(ring)).toEqual([12, 13, 14, 15, 16, 17])
    expect(() => ring.setMaxCapacity(0)).toThrow(RangeError)
  })

  it('rejects a zero capacity', () => {
    expect(() => new SampleRing(0)).toThrow(RangeError)
  })

  it('keeps every sample in order while it grows, then the newest maxCapacity once full', () => {
    const ring = new SampleRing(300, 4)
    const model: Array<[number, number, number]> = []
    for (let k = 0; k < 1000; k++) {
      ring.push(k * 100, Math.sin(k), k % 3)
      model.push([k * 100, Math.sin(k), k % 3])
      if (model.length > 300) model.shift()
      // Check at every growth step and around the wrap.
      if (k < 10 || (k & (k - 1)) === 0 || k % 97 === 0) expect(contentsOf(ring)).toEqual(model)
    }
    expect(ring.capacity).toBe(300)
    expect(contentsOf(ring)).toEqual(model)
  })

  it('grows from a wrapped state after older samples were prepended', () => {
    const ring = new SampleRing(64, 4)
    for (let k = 10; k < 14; k++) ring.push(k, k, 0)
    ring.prependOlder([7, 8, 9], [7, 8, 9], [0, 0, 0])
    for (let k = 14; k < 40; k++) ring.push(k, k, 0)
    expect(contentsOf(ring).map(([t]) => t)).toEqual(Array.from({ length: 33 }, (_, i) => i + 7))
  })
})
