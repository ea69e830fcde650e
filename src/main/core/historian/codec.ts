/**
 * Byte codecs of the historian's chunks: columns of one tag, encoded together in one
 * blob. Times are integer epoch ms, stored as delta-of-delta varints with runs of a
 * steady interval collapsed to a count (Gorilla's idea, byte-aligned so JS stays fast).
 * Values are lossless: a column whose values are all exact decimals of at most
 * six places (see `exactDecimals`) is stored as varint deltas of scaled integers
 * (TimescaleDB/Canary's trick); any other column as the XOR of each double with the
 * previous one, keeping only its non-zero bytes. Statuses are run-length encoded.
 * Format 2 (format 1 still reads) collapses runs of equal scaled integers (a rollup's
 * count, Good count and held time barely change), and adds 'f64-ref' columns: a value
 * that equals one of the previous columns of its row (a rollup's first or last value
 * is often its min or max) is stored as a 4-bit reference instead of its bytes.
 * Format 3 adds the quantized kinds of rollup values (see quantized.ts); chunks of
 * formats 1 and 2 read their 'q' columns as the lossless 'f64' they were written as.
 */

import { Bytes, Reader } from './bytes'
import { decodeQuantized, encodeQuantized, exactDecimals, maxMagnitude, quantumExponent } from './quantized'
import { decodeRefs, encodeRefs } from './refColumns'

/**
 * A column's kind, and so its codec. 'f64-ref': like 'f64', for values that often repeat
 * one of the up to 15 columns before it in the same row (bit for bit). Rollup values are
 * quantized and share one quantum (so min ≤ first ≤ max stays true after rounding): 'q',
 * 'q-ref', and 'q-mean', an integral over the held time in the next column, stored as its
 * mean (so a bucket held for 1 ms has the same precision as one held for an hour).
 */
export type ColumnKind = 'time' | 'f64' | 'f64-ref' | 'status' | 'q' | 'q-ref' | 'q-mean'

const CHUNK_FORMAT = 3

const f64 = new Float64Array(1)
const u32 = new Uint32Array(f64.buffer)
// Little-endian hosts keep the high word second; every platform Electron ships on is.
const HI = 1
const LO = 0

function encodeTimes(out: Bytes, t: ArrayLike<number>, n: number): void {
  if (n === 0) return
  out.svar(t[0]!)
  if (n === 1) return
  let delta = t[1]! - t[0]!
  out.svar(delta)
  let zeros = 0
  for (let i = 2; i < n; i++) {
    const d = t[i]! - t[i - 1]!
    const dod = d - delta
    delta = d
    if (dod === 0) {
      zeros++
      continue
    }
    if (zeros > 0) {
      out.uvar(0)
      out.uvar(zeros)
      zeros = 0
    }
    out.svar(dod)
  }
  if (zeros > 0) {
    out.uvar(0)
    out.uvar(zeros)
  }
}

function decodeTimes(r: Reader, out: Float64Array, n: number): void {
  if (n === 0) return
  out[0] = r.svar()
  if (n === 1) return
  let delta = r.svar()
  out[1] = out[0]! + delta
  let i = 2
  while (i < n) {
    const dod = r.svar()
    if (dod === 0) {
      const run = r.uvar()
      for (let k = 0; k < run; k++, i++) out[i] = out[i - 1]! + delta
    } else {
      delta += dod
      out[i] = out[i - 1]! + delta
      i++
    }
  }
}

function encodeValues(out: Bytes, v: ArrayLike<number>, n: number): void {
  const k = exactDecimals(v, n)
  out.push(k + 1)
  if (k >= 0) {
    const scale = 10 ** k
    let prev = 0
    for (let i = 0; i < n; i++) {
      const x = Math.round(v[i]! * scale)
      const delta = x - prev
      out.svar(delta)
      prev = x
      if (delta !== 0) continue
      let run = 0
      while (i + 1 < n && Math.round(v[i + 1]! * scale) === x) {
        run++
        i++
      }
      out.uvar(run)
    }
    return
  }
  let prevHi = 0
  let prevLo = 0
  const word = new Uint8Array(8)
  for (let i = 0; i < n; i++) {
    f64[0] = v[i]!
    const hi = u32[HI]!
    const lo = u32[LO]!
    const xh = (hi ^ prevHi) >>> 0
    const xl = (lo ^ prevLo) >>> 0
    prevHi = hi
    prevLo = lo
    if (xh === 0 && xl === 0) {
      out.push(0)
      continue
    }
    // The 64-bit XOR big-endian; keep only the span between its zero bytes.
    word[0] = xh >>> 24
    word[1] = (xh >>> 16) & 255
    word[2] = (xh >>> 8) & 255
    word[3] = xh & 255
    word[4] = xl >>> 24
    word[5] = (xl >>> 16) & 255
    word[6] = (xl >>> 8) & 255
    word[7] = xl & 255
    let lead = 0
    while (word[lead] === 0) lead++
    let last = 7
    while (word[last] === 0) last--
    out.push((lead << 4) | (last - lead + 1))
    for (let j = lead; j <= last; j++) out.push(word[j]!)
  }
}

function decodeValues(r: Reader, out: Float64Array, n: number, format: number): void {
  const mode = r.byte()
  if (mode > 0) {
    const scale = 10 ** (mode - 1)
    let x = 0
    for (let i = 0; i < n; i++) {
      const delta = r.svar()
      x += delta
      out[i] = x / scale
      if (delta !== 0 || format < 2) continue
      const end = i + 1 + r.uvar()
      if (end > n) throw new Error('historian chunk: damaged run')
      out.fill(x / scale, i + 1, end)
      i = end - 1
    }
    return
  }
  // The hot loop of every zoomed-out query: bytes read inline, bounds checked once per value.
  const buf = r.buf
  let pos = r.pos
  let hi = 0
  let lo = 0
  for (let i = 0; i < n; i++) {
    if (pos >= buf.length) throw new Error('historian chunk: truncated')
    const control = buf[pos++]!
    if (control !== 0) {
      const lead = control >> 4
      const end = lead + (control & 15)
      if (pos + end - lead > buf.length) throw new Error('historian chunk: truncated')
      let xh = 0
      let xl = 0
      let j = lead
      // High word bytes, then low word bytes: no branch per byte.
      for (; j < end && j < 4; j++) xh |= buf[pos++]! << (24 - 8 * j)
      for (; j < end; j++) xl |= buf[pos++]! << (56 - 8 * j)
      hi ^= xh
      lo ^= xl
    }
    u32[HI] = hi
    u32[LO] = lo
    out[i] = f64[0]!
  }
  r.pos = pos
}

function encodeStatus(out: Bytes, s: ArrayLike<number>, n: number): void {
  let i = 0
  while (i < n) {
    let run = 1
    while (i + run < n && s[i + run] === s[i]) run++
    out.uvar(run)
    out.uvar(s[i]!)
    i += run
  }
}

function decodeStatus(r: Reader, out: Float64Array, n: number): void {
  let i = 0
  while (i < n) {
    const run = r.uvar()
    const status = r.uvar()
    out.fill(status, i, i + run)
    i += run
  }
}

/**
 * Encodes the first `n` rows of `columns` (one array per kind in `kinds`) into a chunk blob.
 * Times must be integers (ms); statuses unsigned 32-bit integers.
 */
export function encodeChunk(kinds: readonly ColumnKind[], columns: readonly ArrayLike<number>[], n: number): Uint8Array {
  const out = new Bytes()
  out.push(CHUNK_FORMAT)
  out.uvar(n)
  const means = kinds.map((kind, c) => (kind === 'q-mean' ? meanOf(columns[c]!, columns[c + 1]!, n) : columns[c]!))
  const shared = quantumExponent(maxMagnitude(means.filter((_, c) => kinds[c] === 'q' || kinds[c] === 'q-ref' || kinds[c] === 'q-mean'), n))
  const quantized = (exponent: number) => (o: Bytes, v: ArrayLike<number>, count: number) => encodeQuantized(o, v, count, exponent)
  kinds.forEach((kind, c) => {
    const column = columns[c]!
    if (kind === 'time') encodeTimes(out, column, n)
    else if (kind === 'status') encodeStatus(out, column, n)
    else if (kind === 'f64-ref') encodeRefs(out, columns, c, n, encodeValues)
    else if (kind === 'q-ref') encodeRefs(out, columns, c, n, quantized(shared))
    else if (kind === 'q') encodeQuantized(out, column, n, shared)
    else if (kind === 'q-mean') encodeQuantized(out, means[c]!, n, shared)
    else encodeValues(out, column, n)
  })
  return out.buf.slice(0, out.length)
}

/** Integral / held time per row (0 where nothing was held). */
function meanOf(integral: ArrayLike<number>, held: ArrayLike<number> | undefined, n: number): Float64Array {
  if (!held) throw new Error('historian chunk: a mean column needs its held time next')
  const mean = new Float64Array(n)
  for (let i = 0; i < n; i++) mean[i] = held[i]! > 0 ? integral[i]! / held[i]! : 0
  return mean
}

/** Decodes a chunk blob written by {@link encodeChunk} with the same kinds; throws on a damaged blob. */
export function decodeChunk(kinds: readonly ColumnKind[], blob: Uint8Array): Float64Array[] {
  const r = new Reader(blob)
  const format = r.byte()
  if (format < 1 || format > CHUNK_FORMAT) throw new Error(`historian chunk: unknown format ${format}`)
  const n = r.uvar()
  const columns: Float64Array[] = []
  const lossless = (reader: Reader, out: Float64Array, count: number) => decodeValues(reader, out, count, format)
  kinds.forEach((written, c) => {
    const kind = format >= 3 ? written : written === 'q-ref' ? 'f64-ref' : written === 'q' || written === 'q-mean' ? 'f64' : written
    const column = new Float64Array(n)
    columns.push(column)
    if (kind === 'time') decodeTimes(r, column, n)
    else if (kind === 'status') decodeStatus(r, column, n)
    else if (kind === 'f64-ref' && format >= 2) decodeRefs(r, columns, c, n, lossless)
    else if (kind === 'q-ref') decodeRefs(r, columns, c, n, decodeQuantized)
    else if (kind === 'q' || kind === 'q-mean') decodeQuantized(r, column, n)
    else decodeValues(r, column, n, format)
  })
  kinds.forEach((kind, c) => {
    if (kind !== 'q-mean' || format < 3) return
    const mean = columns[c]!
    const held = columns[c + 1]
    if (!held) throw new Error('historian chunk: a mean column needs its held time next')
    for (let i = 0; i < n; i++) mean[i] = held[i]! > 0 ? mean[i]! * held[i]! : 0
  })
  return columns
}
