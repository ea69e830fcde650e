/**
 * Columns stored as references to earlier columns of the same row: a rollup's first or
 * last value is often its min or max (always, with one sample), so it costs a 4-bit
 * reference instead of its bytes. The values no reference covers go to the column's own codec.
 */
import type { Bytes, Reader } from './bytes'

/** Columns a reference may point back over (4 bits, 0 meaning none). */
const MAX_REF = 15

const a64 = new Float64Array(2)
const a32 = new Uint32Array(a64.buffer)
const sameBits = (x: number, y: number): boolean => {
  a64[0] = x
  a64[1] = y
  return a32[0] === a32[2] && a32[1] === a32[3]
}

/** Column `c` as a 4-bit reference per row (two a byte), then the values no reference covers, written by `values`. */
export function encodeRefs(
  out: Bytes,
  columns: readonly ArrayLike<number>[],
  c: number,
  n: number,
  values: (out: Bytes, v: ArrayLike<number>, n: number) => void
): void {
  const column = columns[c]!
  const rest: number[] = []
  let packed = 0
  for (let i = 0; i < n; i++) {
    let ref = 0
    for (let back = 1; back <= Math.min(MAX_REF, c); back++) {
      if (sameBits(column[i]!, columns[c - back]![i]!)) {
        ref = back
        break
      }
    }
    if (ref === 0) rest.push(column[i]!)
    if (i % 2 === 0) packed = ref
    else out.push(packed | (ref << 4))
  }
  if (n % 2 === 1) out.push(packed)
  out.uvar(rest.length)
  values(out, rest, rest.length)
}

/** Reads what {@link encodeRefs} wrote; `columns` before `c` are already decoded. */
export function decodeRefs(
  r: Reader,
  columns: readonly Float64Array[],
  c: number,
  n: number,
  values: (r: Reader, out: Float64Array, n: number) => void
): void {
  const refs = new Uint8Array(n)
  for (let i = 0; i < n; i += 2) {
    const b = r.byte()
    refs[i] = b & 15
    if (i + 1 < n) refs[i + 1] = b >> 4
  }
  const rest = new Float64Array(r.uvar())
  values(r, rest, rest.length)
  const out = columns[c]!
  let k = 0
  for (let i = 0; i < n; i++) {
    const ref = refs[i]!
    if (ref > c) throw new Error('historian chunk: damaged reference')
    if (ref > 0) out[i] = columns[c - ref]![i]!
    else if (k < rest.length) out[i] = rest[k++]!
    else throw new Error('historian chunk: truncated')
  }
}
