import { describe, expect, it } from 'vitest'
import { parseLimits } from './backtest'
import { CsvError, parseTagCsv, parseTimestamp } from './csv'

describe('csv input', () => {
  it('reads ISO, space-separated and epoch-ms timestamps and non-finite cells', () => {
    const t = parseTagCsv('timestamp,A,B\n2026-01-01 00:00:00,1,\n2026-01-01T00:00:01Z,NaN,2\n1767225602000,inf,-3.5e1\n')
    expect(Array.from(t.times)).toEqual([1767225600000, 1767225601000, 1767225602000])
    expect(t.names).toEqual(['A', 'B'])
    expect(Array.from(t.columns[0]!)).toEqual([1, Number.NaN, Infinity])
    expect(Array.from(t.columns[1]!)).toEqual([Number.NaN, 2, -35])
    expect(parseTimestamp('not a time')).toBeNaN()
  })

  it.each([
    ['timestamp,A\n2026-01-01 00:00:00,1\n2026-01-01 00:00:01,abc\n', 3, 2, 'not a number'],
    ['timestamp,A\nyesterday,1\n', 2, 1, 'not a timestamp'],
    ['timestamp,A\n2026-01-01 00:00:00,1,2\n', 2, 3, 'expected 2 fields'],
    ['time_of_day,A\n1,2\n', 1, 1, 'no timestamp column'],
    ['timestamp,A,A\n', 1, 3, 'duplicate column']
  ])('rejects malformed input with line and column (%#)', (text, line, column, reason) => {
    try {
      parseTagCsv(text, 'x.csv')
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(CsvError)
      const err = e as CsvError
      expect([err.line, err.column]).toEqual([line, column])
      expect(err.message).toContain(reason)
      expect(err.message).toContain(`x.csv:line ${line}, column ${column}`)
    }
  })

  it('parses --limits and points at the bad character', () => {
    expect(parseLimits('Vibration:H=7.1,HH=11;MotorTemp:H=90,HH=105')).toEqual(
      new Map([
        ['Vibration', { H: 7.1, HH: 11 }],
        ['MotorTemp', { H: 90, HH: 105 }]
      ])
    )
    expect(() => parseLimits('Vibration:H=7.1,HX=11')).toThrow(/column 17: expected HH, H, L or LL/)
    expect(() => parseLimits('Vibration')).toThrow(/column 1/)
    expect(() => parseLimits('V:H=5,HH=4')).toThrow(/HH must be|H must be below HH/)
  })
})
