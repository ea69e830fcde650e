import { describe, expect, it } from 'vitest'
import { indicatorScale, percentOf } from './indicatorScale'

describe('indicatorScale', () => {
  it('places the normal band between L and H', () => {
    const scale = indicatorScale({ euRange: { low: 0, high: 150 }, limits: { HH: 105, H: 90, L: 5 } })
    expect(scale.normal.from).toBeCloseTo(3.33, 2)
    expect(scale.normal.to).toBe(60)
    expect(scale.limits.map((l) => l.name)).toEqual(['L', 'H', 'HH'])
  })

  it('falls back to LL/HH, then to the range ends', () => {
    expect(indicatorScale({ euRange: { low: 0, high: 100 }, limits: { LL: 15 } }).normal).toEqual({ from: 15, to: 100 })
    expect(indicatorScale({ euRange: { low: 0, high: 100 }, limits: {} }).normal).toEqual({ from: 0, to: 100 })
  })

  it('clamps values outside the range to the bar', () => {
    expect(percentOf({ euRange: { low: 0, high: 20 } }, 25)).toBe(100)
    expect(percentOf({ euRange: { low: 0, high: 20 } }, -1)).toBe(0)
  })
})
