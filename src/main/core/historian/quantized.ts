/**
 * Rollup values as scaled integers: each value rounded to a multiple of a power-of-two
 * quantum, then stored as varint deltas. Raw samples never come here (they stay lossless).
 *
 * A noisy double costs 6–7 bytes under XOR, and a 1-minute rollup holds five of them
 * (min, max, first, last and the time-weighted area) for as few as 6 raw samples at a
 * 10 s rate; rollups cost more than raw. The quantum is 2^-{@link QUANTUM_BITS} of the
 * column's largest magnitude in the chunk: the precision of a 32-bit float (IEEE 754
 * binary32 has a 24-bit significand), which is what most OPC UA analog values are sent as
 * (DataType Float). Values that are all exact decimals of few places stay exact.
 */
import { Bytes, Reader } from './bytes'

/** Significant bits kept of a column's largest magnitude (binary32's 24-bit significand). */
export const QUANTUM_BITS = 24
/** More decimals than this is sensor noise, not a decimal value (the lossless codec then uses XOR). */
const MAX_DECIMALS = 6
/** Scaled integers stay well inside doubles' 2^53 so their deltas stay exact. */
const MAX_SCALED = 2 ** 50

/** The exponent e of the quantum 2^e for values whose largest magnitude is `maxAbs`. */
export function quantumExponent(maxAbs: number): number {
  if (!(maxAbs > 0) || !Number.isFinite(maxAbs)) return 0
  return Math.ceil(Math.log2(maxAbs)) - QUANTUM_BITS
}

/** The largest finite magnitude over the first `n` values of `columns`. */
export function maxMagnitude(columns: readonly ArrayLike<number>[], n: number): number {
  let max = 0
  for (const column of columns) {
    for (let i = 0; i < n; i++) {
      const x = Math.abs(column[i]!)
      if (x > max && x !== Infinity) max = x
    }
  }
  return max
}

/** The fewest decimals (≤ {@link MAX_DECIMALS}) that store each of the first `n` values exactly as a scaled integer, or -1 when none do. */
export function exactDecimals(v: ArrayLike<number>, n: number): number {
  let k = 0
  let scale = 1
  for (let i = 0; i < n; i++) {
    const x = v[i]!
    if (!Number.isFinite(x) || Object.is(x, -0)) return -1
    while (Math.round(x * scale) / scale !== x || Math.abs(x * scale) > MAX_SCALED) {
      if (++k > MAX_DECIMALS) return -1
      scale *= 10
    }
  }
  return k
}

/**
 * Writes `n` values quantized to 2^`exponent` (NaN kept as NaN, infinities as NaN: a rollup
 * holds only finite values), or exactly when they are all decimals of at most six places.
 */
export function encodeQuantized(out: Bytes, v: ArrayLike<number>, n: number, exponent: number): void {
  const k = exactDecimals(v, n)
  // Mode: 0 quantized, k + 1 exact with k decimals.
  out.push(k + 1)
  const scale = k >= 0 ? 10 ** k : 2 ** -exponent
  if (k < 0) out.svar(exponent)
  let prev = 0
  for (let i = 0; i < n; i++) {
    const x = v[i]!
    if (!Number.isFinite(x)) {
      out.uvar(0)
      continue
    }
    const q = Math.round(x * scale)
    const d = q - prev
    prev = q
    // Token 0 is NaN; a delta d is 1 + its zigzag code.
    out.uvar(1 + (d >= 0 ? d * 2 : -d * 2 - 1))
  }
}

/** Reads what {@link encodeQuantized} wrote. */
export function decodeQuantized(r: Reader, out: Float64Array, n: number): void {
  const mode = r.byte()
  const divide = mode > 0
  const factor = divide ? 10 ** (mode - 1) : 2 ** r.svar()
  let q = 0
  for (let i = 0; i < n; i++) {
    const token = r.uvar()
    if (token === 0) {
      out[i] = NaN
      continue
    }
    const z = token - 1
    q += z % 2 === 0 ? z / 2 : -(z + 1) / 2
    out[i] = divide ? q / factor : q * factor
  }
}
