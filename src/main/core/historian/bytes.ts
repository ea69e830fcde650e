/** Byte buffers of the chunk codec: growable writing, bounds-checked reading, varints. */

/** A growable byte buffer. */
export class Bytes {
  buf = new Uint8Array(256)
  length = 0
  push(byte: number): void {
    if (this.length === this.buf.length) {
      const grown = new Uint8Array(this.buf.length * 2)
      grown.set(this.buf)
      this.buf = grown
    }
    this.buf[this.length++] = byte
  }
  /** Unsigned varint of an integer up to 2^53 (arithmetic, not 32-bit bit ops). */
  uvar(n: number): void {
    while (n >= 128) {
      this.push((n % 128) | 128)
      n = Math.floor(n / 128)
    }
    this.push(n)
  }
  svar(n: number): void {
    this.uvar(n >= 0 ? n * 2 : -n * 2 - 1)
  }
}

/** Reads what {@link Bytes} wrote. */
export class Reader {
  pos = 0
  constructor(readonly buf: Uint8Array) {}
  byte(): number {
    if (this.pos >= this.buf.length) throw new Error('historian chunk: truncated')
    return this.buf[this.pos++]!
  }
  uvar(): number {
    let n = 0
    let scale = 1
    for (;;) {
      const b = this.byte()
      n += (b & 127) * scale
      if (b < 128) return n
      scale *= 128
    }
  }
  svar(): number {
    const z = this.uvar()
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2
  }
}
