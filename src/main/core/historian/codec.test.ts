import { describe, expect, it } from 'vitest'
import { decodeChunk, encodeChunk } from './codec'
import { QUANTUM_BITS } from './quantized'
import { rng } from './testSupport'

describe('chunk codec', () => {
  it('round-trips times, noisy and decimal values, NaN and statuses exactly', () => {
    const random = rng(7)
    const n = 5000
    const t = new Float64Array(n)
    const noisy = new Float64Array(n)
    const decimal = new Float64Array(n)
    const status = new Float64Array(n)
    let time = 1_767_225_600_000
    for (let i = 0; i < n; i++) {
      time += i % 100 < 50 ? 1000 : Math.floor(random() * 5000) + 1
      t[i] = time
      noisy[i] = i % 333 === 0 ? NaN : 20 + Math.sin(i / 50) + random() * 1e-3
      decimal[i] = (Math.round(random() * 10_000) - 5_000) / 100
      status[i] = i % 700 < 20 ? 0x80ac0000 : i % 900 < 5 ? 0x40000000 : 0
    }
    const kinds = ['time', 'f64', 'f64', 'status'] as const
    const blob = encodeChunk(kinds, [t, noisy, decimal, status], n)
    const [t2, noisy2, decimal2, status2] = decodeChunk(kinds, blob)
    expect(Array.from(t2!)).toEqual(Array.from(t))
    expect(Array.from(noisy2!)).toEqual(Array.from(noisy))
    expect(Array.from(decimal2!)).toEqual(Array.from(decimal))
    expect(Array.from(status2!)).toEqual(Array.from(status))
    // Decimal values and steady times pack far below 8 bytes a value.
    const decimalOnly = encodeChunk(['f64'], [decimal], n)
    expect(decimalOnly.length / n).toBeLessThan(3)
    const steady = encodeChunk(['time'], [Float64Array.from({ length: n }, (_, i) => 1e12 + i * 1000)], n)
    expect(steady.length).toBeLessThan(20)
  })

  it('stores values that repeat an earlier column of their row as references, and runs of equal integers in a few bytes', () => {
    const random = rng(11)
    const n = 1441
    const count = Float64Array.from({ length: n }, (_, i) => (i % 300 < 290 ? 60 : i % 7))
    const min = Float64Array.from({ length: n }, (_, i) => (i % 500 === 0 ? NaN : random() * 100))
    const max = Float64Array.from(min, (x, i) => (i % 3 === 0 ? x : x + random()))
    const first = Float64Array.from({ length: n }, (_, i) => (i % 4 === 0 ? min[i]! : i % 4 === 1 ? max[i]! : i % 4 === 2 ? -0 : random()))
    const kinds = ['f64', 'f64', 'f64-ref', 'f64-ref'] as const
    const blob = encodeChunk(kinds, [count, min, max, first], n)
    const out = decodeChunk(kinds, blob)
    ;[count, min, max, first].forEach((col, c) => col.forEach((x, i) => expect(Object.is(out[c]![i], x), `column ${c} row ${i}`).toBe(true)))
    // A reference costs half a byte, a repeated count next to nothing.
    const plain = encodeChunk(['f64', 'f64', 'f64', 'f64'], [count, min, max, first], n)
    expect(blob.length).toBeLessThan(plain.length * 0.8)
    expect(encodeChunk(['f64'], [count], n).length).toBeLessThan(100)
  })

  it('reads chunks of the first format', () => {
    // Format 1, 3 rows: times 1000, 2000, 3000; values 1.5, 1.5, 2 as scaled integers (1 decimal).
    const blob = Uint8Array.from([1, 3, 0xd0, 0x0f, 0xd0, 0x0f, 0, 1, 2, 30, 0, 10])
    const [t, v] = decodeChunk(['time', 'f64-ref'], blob)
    expect(Array.from(t!)).toEqual([1000, 2000, 3000])
    expect(Array.from(v!)).toEqual([1.5, 1.5, 2])
  })

  it('keeps -0, infinities and huge values exactly', () => {
    const v = Float64Array.from([0, -0, Infinity, -Infinity, 1e300, -1e-300, 2 ** 60, 0.1 + 0.2])
    const [out] = decodeChunk(['f64'], encodeChunk(['f64'], [v], v.length))
    v.forEach((x, i) => expect(Object.is(out![i], x)).toBe(true))
  })

  it('rejects a damaged blob with a clear error', () => {
    const blob = encodeChunk(['time', 'f64'], [Float64Array.from([1, 2, 3]), Float64Array.from([1.5, 2.25, Math.PI])], 3)
    expect(() => decodeChunk(['time', 'f64'], blob.subarray(0, blob.length - 3))).toThrow(/truncated/)
  })

  it('keeps rollup values to binary32 precision of the chunk, exact decimals exactly, and min ≤ first, last ≤ max', () => {
    const random = rng(5)
    const n = 1440
    const min = Float64Array.from({ length: n }, (_, i) => (i % 97 === 0 ? NaN : 40 + 20 * Math.sin(i / 100) + random()))
    const max = Float64Array.from(min, (x, i) => (i % 3 === 0 ? x : x + random()))
    const first = Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? min[i]! : min[i]! + (max[i]! - min[i]!) * random()))
    const held = Float64Array.from({ length: n }, (_, i) => (i % 50 === 0 ? 0 : i % 7 === 0 ? 1 : 60_000))
    const area = Float64Array.from(held, (h, i) => (h > 0 && Number.isFinite(min[i]!) ? h * (min[i]! + max[i]!) / 2 : 0))
    const decimal = Float64Array.from({ length: n }, () => Math.round(random() * 1000) / 10)
    const kinds = ['q', 'q-ref', 'q-ref', 'q-mean', 'f64', 'q'] as const
    const blob = encodeChunk(kinds, [min, max, first, area, held, decimal], n)
    const [min2, max2, first2, area2, held2, decimal2] = decodeChunk(kinds, blob)
    // One quantum for the chunk's value columns, from the largest of them (the decimals reach 100).
    const quantum = 2 ** (Math.ceil(Math.log2(100)) - QUANTUM_BITS)
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(min[i]!)) {
        expect(min2![i]).toBeNaN()
        continue
      }
      for (const [a, b] of [[min2, min], [max2, max], [first2, first]] as const) expect(Math.abs(a![i]! - b[i]!)).toBeLessThanOrEqual(quantum / 2)
      expect(min2![i]!).toBeLessThanOrEqual(first2![i]!)
      expect(first2![i]!).toBeLessThanOrEqual(max2![i]!)
      // The area is kept as its mean: the same precision whether held 1 ms or a minute.
      if (held[i]! > 0) expect(Math.abs(area2![i]! / held[i]! - area[i]! / held[i]!)).toBeLessThanOrEqual(quantum / 2)
      else expect(area2![i]).toBe(0)
    }
    expect(Array.from(held2!)).toEqual(Array.from(held))
    expect(Array.from(decimal2!)).toEqual(Array.from(decimal))
    // Noisy doubles cost 6–8 bytes under XOR; quantized, about 3.
    const lossless = encodeChunk(['f64', 'f64-ref', 'f64-ref', 'f64', 'f64'], [min, max, first, area, held], n)
    expect(blob.length).toBeLessThan(lossless.length * 0.6)
  })

  it('reads rollup chunks of format 2 (lossless) with the quantized kinds', () => {
    const v = Float64Array.from([Math.PI, Math.E, 1 / 3])
    const format2 = encodeChunk(['f64', 'f64'], [v, v], 3)
    format2[0] = 2
    const [a, b] = decodeChunk(['q', 'q-mean'], format2)
    expect(Array.from(a!)).toEqual(Array.from(v))
    expect(Array.from(b!)).toEqual(Array.from(v))
  })
})
