import { CHUNK_SPAN_MS, RAW, ROLLUP_TIERS, type ChunkStore } from './chunkStore'
import { replayRaw } from './replay'
import { BUCKET_FIELDS, HOUR_MS, RollupAccumulator, type Bucket } from './rollup'
import { OpenChunk, type SealedChunk } from './openChunk'
import type { StagingBlob } from './staging'

const FAR_FUTURE_MS = Number.MAX_SAFE_INTEGER

/**
 * One tag's write side: its open raw chunk, its open rollup chunks and the
 * accumulators feeding them. Closed chunks go to `seal`.
 */
export class TagState {
  raw: OpenChunk
  /** Per rollup tier, in {@link ROLLUP_TIERS} order. */
  roll: OpenChunk[]
  acc: RollupAccumulator[]
  /** The raw chunk and the rollup chunks: every write-side step goes through each. */
  private readonly chunks: OpenChunk[]
  /** Newest sample time taken in order (ms). */
  lastT = -Infinity
  dirty = false
  /** Samples that came older than lastT, merged in at the next flush. */
  late: Array<[number, number, number]> = []
  /** Created in this session with no data yet: its first sample closes a 'tag-added' gap. */
  fresh = false

  constructor(
    readonly id: number,
    readonly name: string,
    seal: (chunk: SealedChunk) => void
  ) {
    this.raw = new OpenChunk(id, RAW, 3, seal)
    this.roll = ROLLUP_TIERS.map(({ tier }) => new OpenChunk(id, tier, BUCKET_FIELDS.length, seal))
    this.chunks = [this.raw, ...this.roll]
    const row = new Float64Array(BUCKET_FIELDS.length)
    const rollTo = (chunk: OpenChunk) => (b: Bucket) => {
      BUCKET_FIELDS.forEach((f, i) => (row[i] = b[f]))
      chunk.push(row)
    }
    this.acc = ROLLUP_TIERS.map(({ widthMs }, i) => new RollupAccumulator(widthMs, rollTo(this.roll[i]!)))
  }

  /** Whether a sample at `t` extends the tag in time order (else it is backfill or a duplicate). */
  inOrder(t: number): boolean {
    if (!(t > this.lastT)) return false
    for (const acc of this.acc) if (!(t > acc.lastTime)) return false
    return true
  }

  add(t: number, v: number, s: number): void {
    this.raw.push3(t, v, s)
    for (let i = 0; i < this.acc.length; i++) this.acc[i]!.sample(t, v, s)
    this.lastT = t
    this.dirty = true
  }

  gap(t: number): void {
    for (const acc of this.acc) acc.gap(t)
    this.dirty = true
  }

  /** Stores what arrived since the last flush (or the staging of it). */
  write(store: ChunkStore): void {
    for (const chunk of this.chunks) chunk.write(store)
  }

  /** The last `write` committed. */
  written(): void {
    for (const chunk of this.chunks) chunk.written()
    this.dirty = false
  }

  /** Raw rows waiting to be stored in the chunks. */
  get waiting(): number {
    return this.raw.waiting
  }

  /** Puts what arrived since the last staging in `blob`. */
  stage(blob: StagingBlob): void {
    for (const chunk of this.chunks) chunk.stage(blob)
  }

  /** The last `stage` committed. */
  stagedDone(): void {
    for (const chunk of this.chunks) chunk.stagedDone()
  }

  /** The staging is gone with a replaced file: everything waiting is staged again. */
  unstage(): void {
    for (const chunk of this.chunks) chunk.unstage()
    this.dirty = true
  }

  /**
   * Rebuilds the rollups from the hour holding `from` to the end, out of the stored raw
   * samples and gaps (after a restart, or after backfill changed the past). Reads and writes `store`; run it inside a transaction and keep
   * the returned state only if that commits.
   */
  static resume(store: ChunkStore, id: number, name: string, from: number, seal: (chunk: SealedChunk) => void): TagState {
    const next = new TagState(id, name, seal)
    const hourStart = Math.floor(from / HOUR_MS) * HOUR_MS
    // The open chunks this state replaces left pieces behind: joined now, and the newest
    // chunk of each tier is continued, so its pieces and the new rows become one when it closes.
    store.compact(id, RAW, Math.min(from, hourStart), FAR_FUTURE_MS)
    next.raw.adopt(store.lastBefore(id, RAW, FAR_FUTURE_MS))
    // Rollups from that hour on are rebuilt; stored chunks stay as they are, new rows start new chunks.
    for (const [k, { tier }] of ROLLUP_TIERS.entries()) {
      const before = store.lastBefore(id, tier, hourStart)
      store.dropFrom(id, tier, hourStart)
      if (!before) continue
      const keep = before.columns[0]!.findIndex((t) => t >= hourStart)
      if (keep >= 0) store.put(id, tier, before.columns, keep)
      store.compact(id, tier, hourStart - CHUNK_SPAN_MS[tier]!, hourStart)
      next.roll[k]!.adopt(store.lastBefore(id, tier, hourStart))
    }
    // The stored raw chunks stay as they are; new values start a new chunk.
    next.lastT = replayRaw(store, id, hourStart, FAR_FUTURE_MS, next.acc).lastT
    next.dirty = true
    return next
  }
}
