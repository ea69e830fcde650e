import { describe, expect, it } from 'vitest'
import { decimalsFor, formatDateTime, formatTime, formatValue } from './format'

describe('format', () => {
  it('writes 24-hour local times and ISO dates', () => {
    const t = new Date(2026, 10, 5, 14, 3, 9).getTime()
    expect(formatTime(t)).toBe('14:03:09')
    expect(formatDateTime(t)).toBe('2026-11-05 14:03:09')
  })

  it('picks decimals from the EU span', () => {
    expect(decimalsFor({ low: 0, high: 1 })).toBe(2)
    expect(decimalsFor({ low: 0, high: 150 })).toBe(1)
    expect(decimalsFor({ low: 0, high: 5000 })).toBe(0)
    expect(formatValue(7.126, { low: 0, high: 20 }, 'mm/s')).toBe('7.1 mm/s')
    expect(formatValue(Number.NaN, { low: 0, high: 20 })).toBe('—')
  })
})
