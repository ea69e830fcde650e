import { DataType, DataValue, Variant } from 'node-opcua'
import { describe, expect, it } from 'vitest'
import type { TagInfo } from '../../../shared/domain'
import { createTagHealthTable } from './tagHealth'
import { createTagValues } from './tagValues'

const T = Date.UTC(2026, 11, 1, 6)
const tag = (index: number): TagInfo => ({ index, name: `T${index}`, nodeId: `ns=1;s=T${index}`, equipment: 'E', signal: 'other', unit: '', euRange: { low: 0, high: 10 }, limits: {} })
const dv = (value: number, source: number, server?: number) =>
  new DataValue({ value: new Variant({ dataType: DataType.Double, value }), sourceTimestamp: new Date(source), ...(server === undefined ? {} : { serverTimestamp: new Date(server) }) })

describe('tag values', () => {
  it("keeps each tag's latest server timestamp, NaN when the server sent none", () => {
    const pushed: number[] = []
    const health = createTagHealthTable([tag(0), tag(1)], () => undefined, { warn: () => undefined, info: () => undefined })
    const values = createTagValues(2, { push: (_i, t) => void pushed.push(t), flush: () => undefined }, health, () => T + 1_000)
    expect(values.serverTime(0)).toBeNaN()
    values.resume()
    values.accept(0, dv(1, T, T + 40))
    values.accept(1, dv(2, T, T + 50))
    values.accept(0, dv(3, T + 100, T + 130))
    expect(values.serverTime(0)).toBe(T + 130)
    expect(values.serverTime(1)).toBe(T + 50)
    // A server may leave it out (OPC UA Part 4 §7.7): no stale time from an earlier value then.
    values.accept(1, dv(4, T + 100))
    expect(values.serverTime(1)).toBeNaN()
    expect(pushed).toEqual([T, T, T + 100, T + 100])
  })
})
