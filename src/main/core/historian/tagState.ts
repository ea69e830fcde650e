import { CHUNK_MAX_ROWS, CHUNK_SPAN_MS, HOUR_TIER, MINUTE_TIER, RAW, type ChunkStore, type Tier } from './chunkStore'
import { replayRaw } from './replay'
import { BUCKET_FIELDS, HOUR_MS, MINUTE_MS, RollupAccumulator, type Bucket } from './rollup'
import { Rows } from './rows'

/** A chunk filled and closed, waiting for the next flush. */
export interface SealedChunk {
  tagId: number
  tier: Tier
  columns: Float64Array[]
  n: number
  /** A raw chunk stored piece by piece while open: its pieces are deleted when it is stored whole. */
  replacesPieces?: boolean
}

const FAR_FUTURE_MS = Number.MAX_SAFE_INTEGER

/**
 * One tag's write side: its open raw chunk, its open rollup chunks and the
 * accumulators feeding them. Closed chunks go to `seal`.
 */
export class TagState {
  raw: Rows = new Rows(3)
  /**
   * Rows of the open raw chunk already stored. Each flush stores only the rows since, as a
   * small chunk of its own (so a flush costs what arrived, not the whole open chunk); the
   * chunk that closes replaces those pieces by one compact chunk.
   */
  private rawWritten = 0
  private rawWriting = 0
  roll: [Rows, Rows] = [new Rows(BUCKET_FIELDS.length), new Rows(BUCKET_FIELDS.length)]
  acc: [RollupAccumulator, RollupAccumulator]
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
    private readonly seal: (chunk: SealedChunk) => void
  ) {
    this.acc = this.accumulators()
  }

  private accumulators(): [RollupAccumulator, RollupAccumulator] {
    const rollTo = (slot: 0 | 1, tier: Tier) => (b: Bucket) => {
      const rows = this.roll[slot]
      if (rows.n > 0 && (rows.n >= CHUNK_MAX_ROWS[tier]! || b.t >= rows.start + CHUNK_SPAN_MS[tier]!)) {
        this.seal({ tagId: this.id, tier, columns: rows.snapshot(), n: rows.n })
        this.roll[slot] = new Rows(BUCKET_FIELDS.length)
      }
      this.roll[slot].push(BUCKET_FIELDS.map((f) => b[f]))
    }
    return [new RollupAccumulator(MINUTE_MS, rollTo(0, MINUTE_TIER)), new RollupAccumulator(HOUR_MS, rollTo(1, HOUR_TIER))]
  }

  /** Whether a sample at `t` extends the tag in time order (else it is backfill or a duplicate). */
  inOrder(t: number): boolean {
    return t > this.lastT && t > this.acc[0].lastTime && t > this.acc[1].lastTime
  }

  add(t: number, v: number, s: number): void {
    const raw = this.raw
    if (raw.n > 0 && (raw.n >= CHUNK_MAX_ROWS[RAW]! || t >= raw.start + CHUNK_SPAN_MS[RAW]!)) {
      this.seal({ tagId: this.id, tier: RAW, columns: raw.snapshot(), n: raw.n, replacesPieces: this.rawWritten > 0 })
      this.raw = new Rows(3)
      this.rawWritten = 0
      this.rawWriting = 0
    }
    this.raw.push3(t, v, s)
    this.acc[0].sample(t, v, s)
    this.acc[1].sample(t, v, s)
    this.lastT = t
    this.dirty = true
  }

  gap(t: number): void {
    this.acc[0].gap(t)
    this.acc[1].gap(t)
    this.dirty = true
  }

  /** Writes the open chunks as they stand (they are rewritten until they close). */
  write(store: ChunkStore): void {
    const { n } = this.raw
    if (n > this.rawWritten) store.put(this.id, RAW, this.raw.columns.map((c) => c.subarray(this.rawWritten, n)), n - this.rawWritten)
    this.rawWriting = n
    if (this.roll[0].n > 0) store.put(this.id, MINUTE_TIER, this.roll[0].columns, this.roll[0].n)
    if (this.roll[1].n > 0) store.put(this.id, HOUR_TIER, this.roll[1].columns, this.roll[1].n)
  }

  /** The last `write` committed. */
  written(): void {
    this.rawWritten = this.rawWriting
    this.dirty = false
  }

  /** The store lost what was written (a corrupted file was replaced): write it all again. */
  unwritten(): void {
    this.rawWritten = 0
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
    ;([MINUTE_TIER, HOUR_TIER] as const).forEach((tier, slot) => {
      const before = store.lastBefore(id, tier, hourStart)
      store.dropFrom(id, tier, hourStart)
      if (!before) return
      const keep = before.columns[0]!.findIndex((t) => t >= hourStart)
      const n = keep < 0 ? before.columns[0]!.length : keep
      const rows = Rows.of(before.columns, n)
      if (n !== before.columns[0]!.length) store.put(id, tier, rows.columns, n)
      // A full chunk stays closed; the next bucket starts a new one.
      if (n < CHUNK_MAX_ROWS[tier]!) next.roll[slot] = rows
    })
    // The stored raw chunks stay as they are; new values start a new chunk.
    next.lastT = replayRaw(store, id, hourStart, FAR_FUTURE_MS, next.acc).lastT
    next.dirty = true
    return next
  }
}
