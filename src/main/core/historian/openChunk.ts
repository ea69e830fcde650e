import { CHUNK_MAX_ROWS, CHUNK_SPAN_MS, type ChunkStore, type Tier } from './chunkStore'
import { Rows } from './rows'

/** A chunk filled and closed, waiting for the next flush to store it whole. */
export interface SealedChunk {
  tagId: number
  tier: Tier
  start: number
  end: number
  /** Its rows not yet stored; the others are stored as pieces in [start, end]. */
  pending: Rows
  hasPieces: boolean
}

/**
 * The chunk of one tag and tier being filled. Only rows not yet stored stay in memory:
 * each flush stores them as a small piece (so a flush costs what arrived, not the whole
 * open chunk, and memory stays flat); when the chunk closes, the flush reads its pieces
 * back and replaces them by one compact chunk.
 */
export class OpenChunk {
  private pending: Rows
  private start = NaN
  private last = NaN
  private count = 0
  /** Rows already stored as pieces. */
  private stored = 0
  /** Rows in the flush under way. */
  private writing = 0

  constructor(
    readonly tagId: number,
    readonly tier: Tier,
    readonly width: number,
    private readonly seal: (chunk: SealedChunk) => void
  ) {
    this.pending = new Rows(width)
  }

  /** Appends a row (its first value a time after the last row's), closing the chunk first when full. */
  push(row: ArrayLike<number>): void {
    const t = row[0]!
    if (this.count > 0 && (this.count >= CHUNK_MAX_ROWS[this.tier]! || t >= this.start + CHUNK_SPAN_MS[this.tier]!)) this.close()
    if (this.count === 0) this.start = t
    this.last = t
    this.count++
    this.pending.push(row)
  }

  push3(t: number, v: number, s: number): void {
    if (this.count > 0 && (this.count >= CHUNK_MAX_ROWS[this.tier]! || t >= this.start + CHUNK_SPAN_MS[this.tier]!)) this.close()
    if (this.count === 0) this.start = t
    this.last = t
    this.count++
    this.pending.push3(t, v, s)
  }

  /**
   * Continues a stored chunk (after a restart or a backfill): its rows count as pieces
   * already stored, so when this chunk closes they are joined with the new rows into one.
   */
  adopt(stored: { start: number; end: number; columns: Float64Array[] } | undefined): void {
    const n = stored?.columns[0]!.length ?? 0
    if (!stored || n === 0 || this.count > 0) return
    this.start = stored.start
    this.last = stored.end
    this.count = n
    this.stored = n
  }

  private close(): void {
    this.seal({ tagId: this.tagId, tier: this.tier, start: this.start, end: this.last, pending: this.pending, hasPieces: this.stored > 0 })
    this.pending = new Rows(this.width)
    this.count = 0
    this.stored = 0
    this.writing = 0
  }

  /** Stores the rows since the last flush as a piece; call {@link written} once it commits. */
  write(store: ChunkStore): void {
    this.writing = this.pending.n
    if (this.writing > 0) store.put(this.tagId, this.tier, this.pending.columns, this.writing)
  }

  written(): void {
    if (this.writing === 0) return
    this.stored += this.writing
    // Nothing is appended between a flush and its commit: every pending row was written.
    this.pending.n = 0
    this.writing = 0
  }
}

/** Stores a closed chunk whole: its pieces read back, merged with its last rows, replaced by one chunk. */
export function storeSealed(store: ChunkStore, chunk: SealedChunk): void {
  let columns = chunk.pending.columns
  let n = chunk.pending.n
  if (chunk.hasPieces) {
    const all = new Rows(chunk.pending.width, 1024)
    for (const piece of store.read(chunk.tagId, chunk.tier, chunk.start, chunk.end + 1, false)) {
      const t = piece.columns[0]!
      for (let i = 0; i < t.length; i++) if (t[i]! >= chunk.start && t[i]! <= chunk.end) all.pushFrom(piece.columns, i)
    }
    for (let i = 0; i < chunk.pending.n; i++) all.pushFrom(chunk.pending.columns, i)
    store.dropRange(chunk.tagId, chunk.tier, chunk.start, chunk.end)
    columns = all.columns
    n = all.n
  }
  if (n > 0) store.put(chunk.tagId, chunk.tier, columns, n)
}
