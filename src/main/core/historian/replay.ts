import { RAW, type ChunkStore } from './chunkStore'
import { isUsable, type RollupAccumulator } from './rollup'

/**
 * Feeds a tag's stored raw samples and gap starts in [from, to) to accumulators in time
 * order (samples before gaps at equal times, as live recording sees them). The value held
 * at `from` (the last sample before it, unless a gap started since) is taken up first, at
 * `from`, so no bucket before `from` is touched. Returns the last sample time fed and the
 * newest raw chunk read.
 */
export function replayRaw(
  store: ChunkStore,
  tagId: number,
  from: number,
  to: number,
  accs: readonly RollupAccumulator[]
): { lastT: number; lastChunk: Float64Array[] | undefined } {
  const before = store.lastBefore(tagId, RAW, from)
  let lastT = -Infinity
  let lastChunk = before?.columns
  if (before) {
    const [t, v, s] = before.columns as [Float64Array, Float64Array, Float64Array]
    let k = t.length - 1
    while (k >= 0 && t[k]! >= from) k--
    if (k >= 0) {
      lastT = t[k]!
      const held = isUsable(v[k]!, s[k]!) && !store.gaps(tagId, t[k]!, from).some((g) => g.start >= t[k]! && g.start < from)
      for (const acc of accs) acc.seed(from, held ? v[k]! : NaN, held ? s[k]! : 0x80000000)
    }
  }
  const gaps = store
    .gaps(tagId, from, to)
    .map((g) => g.start)
    .filter((start) => start >= from && start < to)
    .sort((a, b) => a - b)
  let g = 0
  for (const chunk of store.read(tagId, RAW, from, to)) {
    const [t, v, s] = chunk.columns as [Float64Array, Float64Array, Float64Array]
    for (let i = 0; i < t.length; i++) {
      if (t[i]! < from || t[i]! >= to) continue
      // Every accumulator sees every gap (one index step per gap, not per accumulator).
      while (g < gaps.length && gaps[g]! < t[i]!) {
        const start = gaps[g++]!
        for (const acc of accs) acc.gap(start)
      }
      for (const acc of accs) acc.sample(t[i]!, v[i]!, s[i]!)
      lastT = t[i]!
    }
    lastChunk = chunk.columns
  }
  while (g < gaps.length) {
    const start = gaps[g++]!
    for (const acc of accs) acc.gap(start)
  }
  return { lastT, lastChunk }
}
