/**
 * Seeded pseudo-random numbers. The plant must replay exactly for a given seed
 * (tests, ground-truth datasets), so nothing in the physics may call Math.random.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number
  /** Standard normal (mean 0, sd 1). */
  normal(): number
}

/** mulberry32: tiny, fast, and good enough for process noise (not for crypto). */
export function createRng(seed: number): Rng {
  let a = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0
  let spare: number | null = null
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const normal = (): number => {
    if (spare !== null) {
      const s = spare
      spare = null
      return s
    }
    // Box–Muller yields two values; keeping the second halves the cost.
    let u = next()
    while (u === 0) u = next()
    const v = next()
    const r = Math.sqrt(-2 * Math.log(u))
    spare = r * Math.sin(2 * Math.PI * v)
    return r * Math.cos(2 * Math.PI * v)
  }
  return { next, normal }
}

/** Derive an independent stream for a sub-system so adding one stream never shifts another. */
export function deriveSeed(seed: number, salt: string): number {
  let h = (Math.trunc(seed) ^ 0x811c9dc5) >>> 0
  for (let i = 0; i < salt.length; i++) {
    h ^= salt.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h
}
