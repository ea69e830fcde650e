import { CHUNK_MAX_ROWS, CHUNK_SPAN_MS, RAW, type ChunkStore } from './chunkStore'
import { Rows } from './rows'

/**
 * Merges samples that arrived out of order (an OPC UA backfill after a reconnect, or
 * the server's history at connect) into the stored raw chunks. A sample whose time (ms)
 * is already stored is a duplicate and is dropped: what was recorded live stays.
 * Samples outside every chunk form new chunks, split so no two chunks overlap in time.
 * Returns the earliest time that changed, from where the rollups must be rebuilt.
 */
export function mergeLate(store: ChunkStore, tag: { id: number }, late: Array<[number, number, number]>): number {
  late.sort((a, b) => a[0] - b[0])
  const minT = late[0]![0]
  const maxT = late[late.length - 1]![0]
  const chunks = store.read(tag.id, RAW, minT, maxT + 1, false)
  const leftovers: Array<{ slot: number; sample: [number, number, number] }> = []
  let c = 0
  let i = 0
  while (i < late.length) {
    const t = late[i]![0]
    while (c < chunks.length && chunks[c]!.end < t) c++
    const chunk = chunks[c]
    if (!chunk || t < chunk.start) {
      if (i === 0 || late[i - 1]![0] !== t) leftovers.push({ slot: c, sample: late[i]! })
      i++
      continue
    }
    // Every late sample inside this chunk's span, merged into it at once.
    let j = i
    while (j < late.length && late[j]![0] <= chunk.end) j++
    store.put(tag.id, RAW, ...merged(chunk.columns, late.slice(i, j)))
    i = j
  }
  let rows: Rows | undefined
  let slot = -1
  const close = (): void => {
    if (rows && rows.n > 0) store.put(tag.id, RAW, rows.columns, rows.n)
    rows = undefined
  }
  for (const { slot: s, sample } of leftovers) {
    if (!rows || s !== slot || rows.n >= CHUNK_MAX_ROWS[RAW]! || sample[0] >= rows.start + CHUNK_SPAN_MS[RAW]!) {
      close()
      rows = new Rows(3)
      slot = s
    }
    rows.push3(sample[0], sample[1], sample[2])
  }
  close()
  return minT
}

/** A chunk's columns with `extra` merged in by time; stored samples win over extra ones at the same ms. */
function merged(columns: Float64Array[], extra: Array<[number, number, number]>): [Float64Array[], number] {
  const [t, v, s] = columns as [Float64Array, Float64Array, Float64Array]
  const out = new Rows(3, t.length + extra.length)
  let a = 0
  let b = 0
  while (a < t.length || b < extra.length) {
    const e = extra[b]
    if (a < t.length && (!e || t[a]! <= e[0])) {
      if (e && t[a] === e[0]) b++
      out.push3(t[a]!, v[a]!, s[a]!)
      a++
    } else {
      if (out.n === 0 || out.last !== e![0]) out.push3(e![0], e![1], e![2])
      b++
    }
  }
  return [out.columns, out.n]
}
