import type { SampleBatch } from '../../../shared/contract'
import type { Historian } from './types'

/**
 * Long memory at connect (issue 9): the anomaly engine relearns what it has not seen from
 * the embedded historian (up to its learning window) rather than from the server's last
 * two hours. The window is read in chunks of `chunkMs`, every tag at once, and handed on
 * as time-ordered batches of `sliceMs`, so memory holds one chunk, never the window.
 */
export interface LearningReplayOptions {
  historian: Pick<Historian, 'has' | 'queryRaw' | 'rollups'>
  /** The tag map in force: batch index i is `tags[i]`. */
  tags: readonly string[]
  /** Epoch ms: replay [from, to). */
  from: number
  to: number
  /** Batch length, ms (the engine steps each machine once per batch): the publishing interval. */
  sliceMs: number
  /** Read this much of every tag at once, ms. Default {@link DEFAULT_REPLAY_CHUNK_MS}. */
  chunkMs?: number
  /**
   * At most this many values in all: when the window holds more, its start moves later (the
   * newest data matters most). Counted from the 1-h rollups, so the hour in progress (not
   * rolled up yet) comes on top. Bounds the connect's wait: the replay runs at about
   * 200,000-300,000 values/s for a 16-tag machine (`bench: long_memory_replay_values_per_s`;
   * the engine's per-slice multivariate step dominates). Default {@link DEFAULT_REPLAY_MAX_VALUES}.
   */
  maxValues?: number
  /** A batch of many slices: `ends` are the exclusive end indices of its slices, one per `sliceMs`. */
  replay(batch: SampleBatch, ends: Uint32Array): void
  /** Resolves once everything replayed so far is processed: one chunk in flight at most. */
  drain(): Promise<void>
}

/** What a replay fed: per tag index, the newest time replayed (-Infinity: none); totals. */
export interface LearningReplayResult {
  until: Float64Array
  from: number
  values: number
  /** Chunks where a tag's raw values were gone and its 1-min rollups stood in. */
  rollupChunks: number
}

/** One hour of every tag per read. */
export const DEFAULT_REPLAY_CHUNK_MS = 3_600_000
/** 5 M values (about 25 s): 14 days of 4 tags at 1 Hz, of 67 tags changing every 15 s, or of 250 tags once a minute. */
export const DEFAULT_REPLAY_MAX_VALUES = 5_000_000
const VALUES_PER_MESSAGE = 20_000
const HOUR_MS = 3_600_000
const MINUTE_MS = 60_000
const GOOD = 0
const BAD = 0x80000000

// Without an hour rolled up yet, only the newest hours can hold data: read no further back.
const UNROLLED_MS = 6 * HOUR_MS

/**
 * Moves `from` later to where the stored data begins, and further until the window's
 * values (counted from the 1-h rollups) fit `max`: an empty or young historian costs
 * no reads of the days it does not hold.
 */
function cappedStart(h: LearningReplayOptions['historian'], tags: readonly string[], from: number, to: number, max: number): number {
  const perHour = new Map<number, number>()
  for (const tag of tags) {
    if (!h.has(tag)) continue
    const r = h.rollups(tag, '1h', from - HOUR_MS, to)
    r.t.forEach((t, i) => perHour.set(t, (perHour.get(t) ?? 0) + r.n[i]!))
  }
  const hours = [...perHour.keys()].sort((a, b) => b - a)
  if (hours.length === 0) return Math.max(from, to - UNROLLED_MS)
  let total = 0
  for (const t of hours) {
    total += perHour.get(t)!
    if (total > max) return Math.max(from, t + HOUR_MS)
  }
  return Math.max(from, hours[hours.length - 1]!)
}

/**
 * Replays the historian's record of `tags` over [from, to) through `replay`: raw values,
 * or a tag's 1-min rollup averages (one per minute, mid-bucket) where its raw values are
 * gone. Returns what it fed, for fencing the server's history and live values after it.
 */
export async function replayLearningWindow(o: LearningReplayOptions): Promise<LearningReplayResult> {
  const chunkMs = o.chunkMs ?? DEFAULT_REPLAY_CHUNK_MS
  const until = new Float64Array(o.tags.length).fill(Number.NEGATIVE_INFINITY)
  const known = o.tags.map((t) => o.historian.has(t))
  const from = cappedStart(o.historian, o.tags, o.from, o.to, o.maxValues ?? DEFAULT_REPLAY_MAX_VALUES)
  let values = 0
  let rollupChunks = 0
  let seq = 0
  for (let a = from; a < o.to; a += chunkMs) {
    const b = Math.min(o.to, a + chunkMs)
    const series: Array<{ t: ArrayLike<number>; v: ArrayLike<number>; s: ArrayLike<number> }> = []
    o.tags.forEach((tag, i) => {
      if (!known[i]) return void series.push({ t: [], v: [], s: [] })
      const raw = o.historian.queryRaw(tag, a, b)
      // Raw values may begin inside this chunk (retention cuts whole raw chunks, not hours):
      // the minutes before them come from the 1-min rollups.
      const rawStart = raw.t.length > 0 ? raw.t[0]! : b
      if (rawStart - a <= MINUTE_MS) return void series.push(raw)
      const m = o.historian.rollups(tag, '1m', a, rawStart)
      const keep = m.t.flatMap((t, k) => (t + MINUTE_MS / 2 < rawStart ? [k] : []))
      if (keep.length > 0) rollupChunks++
      series.push({
        t: [...keep.map((k) => m.t[k]! + MINUTE_MS / 2), ...Array.from(raw.t)],
        v: [...keep.map((k) => m.avg[k]!), ...Array.from(raw.v)],
        s: [...keep.map((k) => (m.good[k]! > 0 ? GOOD : BAD)), ...Array.from(raw.s)]
      })
    })
    // Slices travel together, many to a message: a message per slice would cost more than the engine.
    const parts: SampleBatch[] = []
    let n = 0
    const post = (): void => {
      if (parts.length === 0) return
      const ends = new Uint32Array(parts.length)
      let at = 0
      parts.forEach((p, i) => (ends[i] = at += p.value.length))
      const cat = <T extends Uint32Array | Float64Array>(make: (n: number) => T, pick: (p: SampleBatch) => T): T => {
        const out = make(at)
        let k = 0
        for (const p of parts) {
          out.set(pick(p), k)
          k += pick(p).length
        }
        return out
      }
      o.replay({ seq: seq++, tagIndex: cat((m) => new Uint32Array(m), (p) => p.tagIndex), sourceTime: cat((m) => new Float64Array(m), (p) => p.sourceTime), value: cat((m) => new Float64Array(m), (p) => p.value), status: cat((m) => new Uint32Array(m), (p) => p.status) }, ends)
      values += at
      parts.length = 0
      n = 0
    }
    for (const batch of sliceBatches(series, a, b, o.sliceMs, until)) {
      parts.push(batch)
      n += batch.value.length
      if (n >= VALUES_PER_MESSAGE) post()
    }
    post()
    await o.drain()
  }
  return { until, from, values, rollupChunks }
}

// Time-ordered batches of `sliceMs` from per-tag series over [a, b), each starting at its
// first sample (an empty slice is skipped, not scanned); updates `until`.
function* sliceBatches(series: ReadonlyArray<{ t: ArrayLike<number>; v: ArrayLike<number>; s: ArrayLike<number> }>, a: number, b: number, sliceMs: number, until: Float64Array): Generator<SampleBatch> {
  const next = new Int32Array(series.length)
  // Only forward in time per tag, within the chunk: the engine takes a repeated time for a broken clock.
  series.forEach((x, i) => {
    let k = 0
    while (k < x.t.length && (x.t[k]! < a || x.t[k]! <= until[i]!)) k++
    next[i] = k
  })
  for (;;) {
    let start = Number.POSITIVE_INFINITY
    series.forEach((x, i) => {
      if (next[i]! < x.t.length) start = Math.min(start, x.t[next[i]!]!)
    })
    if (!(start < b)) return
    const end = Math.min(b, start + sliceMs)
    const tagIndex: number[] = []
    const sourceTime: number[] = []
    const value: number[] = []
    const status: number[] = []
    series.forEach((x, i) => {
      let k = next[i]!
      for (; k < x.t.length && x.t[k]! < end; k++) {
        tagIndex.push(i)
        sourceTime.push(x.t[k]!)
        value.push(x.v[k]!)
        status.push(x.s[k]!)
        until[i] = x.t[k]!
      }
      next[i] = k
    })
    yield { seq: 0, tagIndex: Uint32Array.from(tagIndex), sourceTime: Float64Array.from(sourceTime), value: Float64Array.from(value), status: Uint32Array.from(status) }
  }
}

/**
 * Returns a filter for later batches (the server's history, then live values) that drops
 * what the replay already fed: each tag's samples at or before its `until`. A tag's fence
 * falls at its first newer sample, so once every tag has moved on, batches pass untouched.
 */
export function createReplayedFence(replayed: Float64Array): (batch: SampleBatch) => SampleBatch {
  const until = Float64Array.from(replayed)
  let open = until.filter((t) => t > Number.NEGATIVE_INFINITY).length
  return (batch) => {
    if (open === 0) return batch
    const keep: number[] = []
    for (let k = 0; k < batch.tagIndex.length; k++) {
      const i = batch.tagIndex[k]!
      const fence = i < until.length ? until[i]! : Number.NEGATIVE_INFINITY
      if (batch.sourceTime[k]! <= fence) continue
      if (fence > Number.NEGATIVE_INFINITY) {
        until[i] = Number.NEGATIVE_INFINITY
        open--
      }
      keep.push(k)
    }
    if (keep.length === batch.tagIndex.length) return batch
    return {
      seq: batch.seq,
      tagIndex: Uint32Array.from(keep, (k) => batch.tagIndex[k]!),
      sourceTime: Float64Array.from(keep, (k) => batch.sourceTime[k]!),
      value: Float64Array.from(keep, (k) => batch.value[k]!),
      status: Uint32Array.from(keep, (k) => batch.status[k]!)
    }
  }
}
