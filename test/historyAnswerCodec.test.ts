import { describe, expect, it } from 'vitest'
import { commands, type HistorySeries } from '../src/shared/contract'
import { decodeHistoryAnswer, encodeHistoryAnswer, historyAnswerId } from '../src/shared/historyAnswerCodec'
import { encodeSampleBatch } from '../src/shared/sampleBatchCodec'

const raw: HistorySeries = {
  mode: 'raw',
  tag: 'CV-101.Vibration',
  t: Float64Array.of(1_000, 2_000, 3_000),
  value: Float64Array.of(1.5, Number.NaN, -0),
  status: Uint32Array.of(0, 0x80310000, 0x40000000),
  gaps: [{ start: 2_500, end: null, reason: 'link-lost' }]
}

const decimated: HistorySeries = {
  mode: 'decimated',
  tag: 'Motor "M-1", °C',
  source: '1m',
  bucketMs: 60_000,
  t: Float64Array.of(0, 60_000),
  n: Uint32Array.of(60, 0),
  good: Uint32Array.of(58, 0),
  min: Float64Array.of(1, Number.NaN),
  max: Float64Array.of(9, Number.NaN),
  first: Float64Array.of(2, Number.NaN),
  last: Float64Array.of(8, Number.NaN),
  avg: Float64Array.of(5.25, 8),
  gaps: [
    { start: 30_000, end: 45_000, reason: 'not-running' },
    { start: 90_000, end: null, reason: 'link-lost' }
  ]
}

const empty: HistorySeries = { mode: 'raw', tag: 'Quiet', t: new Float64Array(0), value: new Float64Array(0), status: new Uint32Array(0), gaps: [] }

describe('the history:query answer frame', () => {
  it('round-trips raw and decimated series, NaN (no value) and gaps included, as views of the frame', () => {
    const frame = encodeHistoryAnswer(42, [raw, decimated, empty])
    expect(historyAnswerId(frame)).toBe(42)
    const { id, series } = decodeHistoryAnswer(frame)
    expect(id).toBe(42)
    expect(series).toEqual([raw, decimated, empty])
    const [first] = series
    if (first?.mode !== 'raw') throw new Error('a raw series first')
    expect(Number.isNaN(first.value[1])).toBe(true)
    expect(Object.is(first.value[2], -0)).toBe(true)
    // No copy: the columns are views of the received frame.
    expect(series[1]!.t.buffer).toBe(frame)
    // What the renderer's client checks it against: the contract's own output schema.
    expect(commands['history:query'].output.safeParse(series).success).toBe(true)
  })

  it('round-trips an answer with no series, and the largest invoke id', () => {
    expect(decodeHistoryAnswer(encodeHistoryAnswer(0xffff_ffff, []))).toEqual({ id: 0xffff_ffff, series: [] })
    expect(() => encodeHistoryAnswer(2 ** 32, [])).toThrow(/does not fit 32 bits/)
  })

  it('keeps a thousand raw samples smaller than their JSON', () => {
    const n = 1024
    const big: HistorySeries = { ...raw, t: Float64Array.from({ length: n }, (_, i) => 1.7e12 + i * 1000), value: Float64Array.from({ length: n }, () => Math.random()), status: new Uint32Array(n) }
    const asJson = JSON.stringify({ ...big, t: Array.from(big.t), value: Array.from(big.value), status: Array.from(big.status) })
    expect(encodeHistoryAnswer(1, [big]).byteLength).toBeLessThan(asJson.length)
  })

  it('tells a sample batch frame from an answer', () => {
    const batch = encodeSampleBatch({ seq: 1, tagIndex: Uint32Array.of(0), sourceTime: Float64Array.of(1), value: Float64Array.of(2), status: Uint32Array.of(0) })
    expect(historyAnswerId(batch)).toBeUndefined()
    expect(historyAnswerId(new ArrayBuffer(4))).toBeUndefined()
    expect(() => decodeHistoryAnswer(batch)).toThrow('history answer has a bad magic number')
  })

  it('refuses a truncated or overlong frame, or a broken header, saying what is wrong', () => {
    const frame = encodeHistoryAnswer(7, [raw, decimated])
    expect(() => decodeHistoryAnswer(frame.slice(0, 10))).toThrow('history answer too short: 10 bytes')
    expect(() => decodeHistoryAnswer(frame.slice(0, 30))).toThrow(/history answer truncated: its header needs \d+ bytes, 18 are there/)
    expect(() => decodeHistoryAnswer(frame.slice(0, frame.byteLength - 8))).toThrow(
      `history answer of 2 series should be ${frame.byteLength} bytes, got ${frame.byteLength - 8} (truncated)`
    )
    const longer = new Uint8Array(frame.byteLength + 8)
    longer.set(new Uint8Array(frame))
    expect(() => decodeHistoryAnswer(longer.buffer)).toThrow(`should be ${frame.byteLength} bytes, got ${frame.byteLength + 8}`)

    const badJson = frame.slice(0)
    new Uint8Array(badJson, 12, 1)[0] = 0x7b + 1 // '{' becomes '|'
    expect(() => decodeHistoryAnswer(badJson)).toThrow(/history answer header is not JSON/)
    const wrongShape = encodeHistoryAnswer(7, [{ ...raw, tag: 'X' }])
    const header = new Uint8Array(wrongShape, 12, new DataView(wrongShape).getUint32(8, true))
    header.set(new TextEncoder().encode(new TextDecoder().decode(header).replace('"raw"', '"fft"')))
    expect(() => decodeHistoryAnswer(wrongShape)).toThrow(/history answer header is malformed/)
  })

  it('refuses to encode a series whose columns differ in length', () => {
    expect(() => encodeHistoryAnswer(1, [{ ...raw, status: Uint32Array.of(0) }])).toThrow('history answer: "CV-101.Vibration" has 3 times but 1 status values')
  })
})
