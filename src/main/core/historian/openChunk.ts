import { CHUNK_MAX_ROWS, CHUNK_SPAN_MS, type ChunkStore, type Tier } from './chunkStore'
import { Rows } from './rows'
import type { StagingBlob } from './staging'

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
 * Pieces merged at a time. A chunk open for days (an hour tier's spans a month) would
 * otherwise leave one row per piece per flush: SQLite spends ~100 B of row and index on
 * each, more than the rows themselves. Merging 16 of a size into one keeps fewer than
 * 16 per size (log16 sizes), and rewrites each row about log16(rows) times.
 */
const MERGE_PIECES = 16

interface Piece {
  start: number
  end: number
  /** Merged 16^level pieces of the first flushes. */
  level: number
}

/**
 * The chunk of one tag and tier being filled. Only rows not yet stored stay in memory:
 * a flush puts the new ones in staging (durable, one BLOB for all tags), and from time to
 * time `write` stores them as a small piece (so it costs what arrived, not the whole open
 * chunk, and memory stays flat); every {@link MERGE_PIECES} pieces of a size become one.
 * When the chunk closes, the flush reads its pieces back and replaces them by one compact
 * chunk.
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
  /** Rows of `pending` in staging, and in the staging write under way. */
  private staged = 0
  private staging = 0
  /** Pieces this chunk stored (not those it adopted), and what they are once the flush under way commits. */
  private pieces: Piece[] = []
  private planned: Piece[] = []

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
    this.staged = 0
    this.staging = 0
    this.pieces = []
    this.planned = []
  }

  /** Stores the rows since the last flush as a piece, merging pieces as it goes; call {@link written} once it commits. */
  write(store: ChunkStore): void {
    this.writing = this.pending.n
    this.planned = this.pieces
    if (this.writing === 0) return
    store.put(this.tagId, this.tier, this.pending.columns, this.writing)
    const pieces = [...this.pieces, { start: this.pending.start, end: this.pending.last, level: 0 }]
    for (;;) {
      const tail = pieces.slice(-MERGE_PIECES)
      if (tail.length < MERGE_PIECES || tail.some((p) => p.level !== tail[0]!.level)) break
      const merged = { start: tail[0]!.start, end: tail[MERGE_PIECES - 1]!.end, level: tail[0]!.level + 1 }
      rewriteRange(store, this.tagId, this.tier, this.width, merged.start, merged.end)
      pieces.splice(-MERGE_PIECES, MERGE_PIECES, merged)
    }
    this.planned = pieces
  }

  written(): void {
    if (this.writing === 0) return
    this.pieces = this.planned
    this.stored += this.writing
    // Nothing is appended between a flush and its commit: every pending row was written.
    this.pending.n = 0
    this.writing = 0
    this.staged = 0
    this.staging = 0
  }

  /** Rows waiting to be stored in the chunk. */
  get waiting(): number {
    return this.pending.n
  }

  /** Adds the rows that arrived since the last staging to `blob`; call {@link stagedDone} once it commits. */
  stage(blob: StagingBlob): void {
    this.staging = this.pending.n
    blob.add(this.tagId, this.tier, this.pending.columns, this.staged, this.pending.n)
  }

  stagedDone(): void {
    this.staged = this.staging
  }

  /** The staging was lost (a new file): every waiting row is staged again. */
  unstage(): void {
    this.staged = 0
    this.staging = 0
  }
}

/** Stored rows of [from, to] (pieces starting in it), read back and replaced by one chunk of them and `extra` (later rows). */
function rewriteRange(store: ChunkStore, tagId: number, tier: Tier, width: number, from: number, to: number, extra?: Rows): void {
  const all = new Rows(width, 1024)
  for (const piece of store.read(tagId, tier, from, to + 1, false)) {
    const t = piece.columns[0]!
    for (let i = 0; i < t.length; i++) if (t[i]! >= from && t[i]! <= to) all.pushFrom(piece.columns, i)
  }
  for (let i = 0; i < (extra?.n ?? 0); i++) all.pushFrom(extra!.columns, i)
  store.dropRange(tagId, tier, from, to)
  if (all.n > 0) store.put(tagId, tier, all.columns, all.n)
}

/** Stores a closed chunk whole: its pieces read back, merged with its last rows, replaced by one chunk. */
export function storeSealed(store: ChunkStore, chunk: SealedChunk): void {
  if (chunk.hasPieces) rewriteRange(store, chunk.tagId, chunk.tier, chunk.pending.width, chunk.start, chunk.end, chunk.pending)
  else if (chunk.pending.n > 0) store.put(chunk.tagId, chunk.tier, chunk.pending.columns, chunk.pending.n)
}
