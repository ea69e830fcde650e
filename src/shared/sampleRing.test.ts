import { describe, expect, it } from 'vitest'
import { SampleRing } from './sampleRing'

/** The ring's logical content, oldest first. */
const contents = (ring: SampleRing): Array<[number, number, number]> =>
  Array.from({ length: ring.length }, (_, i) => [ring.timeAt(i), ring.valueAt(i), ring.statusAt(i)])

describe('SampleRing', () => {
  it('keeps every sample in order while it grows, then the newest maxCapacity once full', () => {
    const ring = new SampleRing(300, 4)
    const model: Array<[number, number, number]> = []
    for (let k = 0; k < 1000; k++) {
      ring.push(k * 100, Math.sin(k), k % 3)
      model.push([k * 100, Math.sin(k), k % 3])
      if (model.length > 300) model.shift()
      // Check at every growth step and around the wrap.
      if (k < 10 || (k & (k - 1)) === 0 || k % 97 === 0) expect(contents(ring)).toEqual(model)
    }
    expect(ring.capacity).toBe(300)
    expect(contents(ring)).toEqual(model)
  })

  it('grows from a wrapped state after older samples were prepended', () => {
    const ring = new SampleRing(64, 4)
    for (let k = 10; k < 14; k++) ring.push(k, k, 0)
    ring.prependOlder([7, 8, 9], [7, 8, 9], [0, 0, 0])
    for (let k = 14; k < 40; k++) ring.push(k, k, 0)
    expect(contents(ring).map(([t]) => t)).toEqual(Array.from({ length: 33 }, (_, i) => i + 7))
  })
})
