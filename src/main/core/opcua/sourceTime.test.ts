import { DataValue, Variant, DataType } from 'node-opcua'
import { describe, expect, it } from 'vitest'
import { createSourceTimeChecks, SOURCE_AHEAD_TOLERANCE_MS } from './sourceTime'

/** One tag's checks, as `{ time, code? }` per value. */
function createSourceTimeCheck() {
  const checks = createSourceTimeChecks(2)
  return (d: DataValue, value: number, receivedAt: number) => {
    const time = checks.place(1, d, value, receivedAt)
    return checks.flag ? { time, code: checks.flag.code } : { time }
  }
}

const dv = (value: number, source: number | null, server: number) =>
  new DataValue({ value: new Variant({ dataType: DataType.Double, value }), ...(source === null ? {} : { sourceTimestamp: new Date(source) }), serverTimestamp: new Date(server) })

describe('source timestamps', () => {
  const T = Date.UTC(2026, 10, 30, 12)

  it('keeps good source timestamps as they are', () => {
    const check = createSourceTimeCheck()
    expect(check(dv(1, T, T + 5), 1, T + 10)).toEqual({ time: T })
    expect(check(dv(2, T + 100, T + 105), 2, T + 110)).toEqual({ time: T + 100 })
  })

  it('flags missing, far-ahead and backwards timestamps and places the value at the server or receive time, increasing', () => {
    const check = createSourceTimeCheck()
    expect(check(dv(1, null, T), 1, T + 3)).toMatchObject({ time: T, code: 'SourceTimestampMissing' })
    expect(check(dv(2, T + SOURCE_AHEAD_TOLERANCE_MS + 60_000, T + 100), 2, T + 101)).toMatchObject({ time: T + 100, code: 'SourceTimestampAhead' })
    expect(check(dv(3, T + 200, T + 205), 3, T + 206)).toEqual({ time: T + 200 })
    expect(check(dv(4, T + 50, T + 300), 4, T + 301)).toMatchObject({ time: T + 300, code: 'SourceTimestampBackwards' })
    expect(check(dv(5, T + 400, T + 250), 5, T + 251)).toEqual({ time: T + 400 })
  })

  it('flags a source timestamp that stays frozen while the value changes', () => {
    const check = createSourceTimeCheck()
    const codes = [1, 2, 3, 4, 5].map((v) => check(dv(v, T, T + v * 100), v, T + v * 100).code)
    expect(codes.slice(0, 2)).toEqual([undefined, undefined])
    expect(codes.at(-1)).toBe('SourceTimestampFrozen')
  })
})
