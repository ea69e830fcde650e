import { describe, expect, it } from 'vitest'
import { parseLimits } from './backtest'
import { CsvError, parseTagCsv, parseTimestamp } from './csv'

describe('csv input', () => {
  it('reads ISO, space-separated and epoch-ms timestamps and non-finite cells', () => {
    const t = parseTagCsv('timestamp,A,B\n2026-01-01 00:00:00,1,\n2026-01-01T00:00:01,NaN,2\n2026-01-01 00:00:02,inf,-3.5e1\n')
    expect(Array.from(t.times)).toEqual([1767225600000, 1767225601000, 1767225602000])
    expect(t.names).toEqual(['A', 'B'])
    expect(Array.from(t.columns[0]!)).toEqual([1, Number.NaN, Infinity])
    expect(Array.from(t.columns[1]!)).toEqual([Number.NaN, 2, -35])
    expect(parseTimestamp('not a time')).toBeNaN()
  })

  it.each([
    ['timestamp,A\n2026-01-01 00:00:00,1\n2026-01-01 00:00:01,abc\n', 3, 2, 'A: text "abc" has no mapping'],
    ['timestamp,A\n2026-01-01 00:00:00,1\n2026-01-01 00:00:01,1 2\n', 3, 2, 'A: not a number: "1 2"'],
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

  it('reads CSV as users export it: quotes, BOM, CRLF, ";" with decimal commas', () => {
    const plain = parseTagCsv('timestamp,Pump.Temp,Pump.Vibration\n2024-03-01 00:00:00,49.923,2.051\n2024-03-01 00:01:00,49.966,1.968\n')
    const quoted = parseTagCsv('\uFEFF"timestamp","Pump.Temp","Pump.Vibration"\r\n"2024-03-01 00:00:00","49.923","2.051"\r\n"2024-03-01 00:01:00","49.966","1.968"\r\n')
    const semi = parseTagCsv('"timestamp";"Pump.Temp";"Pump.Vibration"\n"2024-03-01 00:00:00";"49,923";"2,051"\n"2024-03-01 00:01:00";"49,966";"1,968"\n')
    for (const t of [quoted, semi]) {
      expect(t.names).toEqual(plain.names)
      expect(Array.from(t.times)).toEqual(Array.from(plain.times))
      expect(t.columns.map((c) => Array.from(c))).toEqual(plain.columns.map((c) => Array.from(c)))
    }
    expect([semi.separator, semi.decimal]).toEqual([';', ','])
    // Told, a decimal comma is read even where detection could not see one.
    expect(Array.from(parseTagCsv('time;A\n2024-03-01 00:00:00;5\n', '', { decimal: ',' }).columns[0]!)).toEqual([5])
  })

  it('reads ISO 8601 offsets and tells epoch seconds from milliseconds by magnitude', () => {
    const iso = parseTagCsv('time,A\n2026-01-01T01:00:00+01:00,1\n2026-01-01T00:00:01Z,2\n2026-01-01T05:30:02+0530,3\n')
    expect(Array.from(iso.times)).toEqual([1767225600000, 1767225601000, 1767225602000])
    const s = parseTagCsv('timestamp,A\n1767225600,1\n1767225630,2\n')
    const ms = parseTagCsv('timestamp,A\n1767225600000,1\n1767225630000,2\n')
    expect([s.timeFormat, ms.timeFormat]).toEqual(['epoch-s', 'epoch-ms'])
    expect(Array.from(s.times)).toEqual(Array.from(ms.times))
  })

  it('decodes text states, or the tag map\'s own words, and marks the column a state', () => {
    const t = parseTagCsv('time,run,valve,A\n2026-01-01 00:00:00,RUN,open,1\n2026-01-01 00:00:30,stop,CLOSED,2\n2026-01-01 00:01:00,Running,Open,3\n')
    expect(t.columns.slice(0, 2).map((c) => Array.from(c))).toEqual([[1, 0, 1], [1, 0, 1]])
    expect(t.stateColumns).toEqual(['run', 'valve'])
    const own = parseTagCsv('time,mode\n2026-01-01 00:00:00,TRIPPED\n2026-01-01 00:00:30,PRODUCING\n', '', { states: new Map([['mode', { PRODUCING: 1, TRIPPED: 0 }]]) })
    expect(Array.from(own.columns[0]!)).toEqual([0, 1])
    expect(() => parseTagCsv('time,mode\n2026-01-01 00:00:00,RUN\n', 'm.csv', { states: new Map([['mode', { PRODUCING: 1 }]]) })).toThrow(
      /m\.csv:line 2, column 2: mode: text "RUN" is not in the tag map's "states"/
    )
  })

  it.each([
    ['time,A\n2026-01-01 00:00:00,1\n1767225601000,2\n', {}, 3, 1, 'mixed time formats: "1767225601000" is epoch milliseconds, line 2 was ISO 8601 without offset'],
    ['time,A\n2026-01-01 00:00:00,1\n2026-01-01 00:00:00,2\n', { strictTime: true }, 3, 1, 'duplicate timestamp "2026-01-01 00:00:00"'],
    ['time,A\n2026-01-01 00:00:05,1\n2026-01-01 00:00:00,2\n', { strictTime: true }, 3, 1, 'backwards timestamp'],
    ['time,A\n2026-01-01 00:00:05,"49,5"\n', {}, 2, 2, '"49,5" looks like a decimal comma (use --decimal ,)'],
    ['time,A\n2026-01-01 00:00:05,"unterminated\n', {}, 2, 2, 'malformed CSV']
  ])('names line, column and field of a bad file (%#)', (text, opts, line, column, reason) => {
    expect(() => parseTagCsv(text, 'x.csv', opts)).toThrow(`x.csv:line ${line}, column ${column}`)
    expect(() => parseTagCsv(text, 'x.csv', opts)).toThrow(reason)
  })
})
