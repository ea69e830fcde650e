import type { SampleBatch } from './contract'

/**
 * Binary framing of a {@link SampleBatch} for transports that cannot carry typed
 * arrays (WebSocket). Layout, little-endian: u32 magic, u32 seq, u32 n, then
 * f64[n] sourceTime, f64[n] value, u32[n] tagIndex, u32[n] status. Float arrays
 * come first so they stay 8-byte aligned and decode without copying.
 */
const MAGIC = 0x50574231 // "PWB1"
const HEADER_BYTES = 16

export function encodeSampleBatch(batch: SampleBatch): ArrayBuffer {
  const n = batch.value.length
  const buffer = new ArrayBuffer(HEADER_BYTES + n * 24)
  const header = new DataView(buffer, 0, HEADER_BYTES)
  header.setUint32(0, MAGIC, true)
  header.setUint32(4, batch.seq, true)
  header.setUint32(8, n, true)
  new Float64Array(buffer, HEADER_BYTES, n).set(batch.sourceTime.subarray(0, n))
  new Float64Array(buffer, HEADER_BYTES + n * 8, n).set(batch.value.subarray(0, n))
  new Uint32Array(buffer, HEADER_BYTES + n * 16, n).set(batch.tagIndex.subarray(0, n))
  new Uint32Array(buffer, HEADER_BYTES + n * 20, n).set(batch.status.subarray(0, n))
  return buffer
}

export function decodeSampleBatch(buffer: ArrayBuffer): SampleBatch {
  if (buffer.byteLength < HEADER_BYTES) throw new Error(`sample batch too short: ${buffer.byteLength} bytes`)
  const header = new DataView(buffer, 0, HEADER_BYTES)
  if (header.getUint32(0, true) !== MAGIC) throw new Error('sample batch has a bad magic number')
  const n = header.getUint32(8, true)
  if (buffer.byteLength !== HEADER_BYTES + n * 24) {
    throw new Error(`sample batch of ${n} values should be ${HEADER_BYTES + n * 24} bytes, got ${buffer.byteLength}`)
  }
  return {
    seq: header.getUint32(4, true),
    sourceTime: new Float64Array(buffer, HEADER_BYTES, n),
    value: new Float64Array(buffer, HEADER_BYTES + n * 8, n),
    tagIndex: new Uint32Array(buffer, HEADER_BYTES + n * 16, n),
    status: new Uint32Array(buffer, HEADER_BYTES + n * 20, n)
  }
}
