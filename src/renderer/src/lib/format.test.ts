import { describe, expect, it } from 'vitest'
import { decimalsFor, formatDateMinute, formatDateTime, formatDuration, formatTime, formatTimestamp, formatValue } from './format'

describe('format', () => {
  it('writes 24-hour local times and ISO dates', () => {
    const t = new Date(2026, 10, 5, 14, 3, 9).getTime()
    expect(formatTime(t)).toBe('14:03:09')
    expect(formatDateTime(t)).toBe('2026-11-05 14:03:09')
    expect(formatDateMinute(t)).toBe('2026-11-05 14:03')
    expect(formatTimestamp(t + 7)).toBe('2026-11-05 14:03:09.007')
  })

  it('picks decimals from the EU span', () => {
    expect(decimalsFor({ low: 0, high: 1 })).toBe(2)
    expect(decimalsFor({ low: 0, high: 150 })).toBe(1)
    expect(decimalsFor({ low: 0, high: 5000 })).toBe(0)
    expect(formatValue(7.126, { low: 0, high: 20 }, 'mm/s')).toBe('7.1 mm/s')
    expect(formatValue(Number.NaN, { low: 0, high: 20 })).toBe('—')
  })

  it('writes spans in the largest sensible units', () => {
    expect(formatDuration(0)).toBe('0 s')
    expect(formatDuration(-5)).toBe('0 s')
    expect(formatDuration(45.4)).toBe('45 s')
    expect(formatDuration(59.6)).toBe('1 min')
    expect(formatDuration(12 * 60 + 10)).toBe('12 min')
    expect(formatDuration(3599)).toBe('1 h')
    expect(formatDuration(2 * 3600 + 41 * 60)).toBe('2 h 41 min')
    expect(formatDuration(47 * 3600 + 59 * 60 + 50)).toBe('2 d')
    expect(formatDuration(3 * 86_400 + 4 * 3600 + 20 * 60)).toBe('3 d 4 h')
  })
})
