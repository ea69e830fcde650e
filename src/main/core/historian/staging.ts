import type { ChunkStore, Tier } from './chunkStore'
import type { HistorianDatabase } from './historianDb'
import { Rows } from './rows'

/**
 * How long a tag's rows may wait in staging before they are stored in its chunks (ms).
 * Each flush stores the chunks of about flushInterval / this share of the tags, so a site's
 * tags are stored in turn, and a reader in another process (an export beside the running
 * app) sees values this much older at most.
 */
export const STAGING_ROTATION_MS = 20_000
/** A tag with this many rows waiting (a fast tag) has them stored at the next flush, in turn or not. */
export const STAGING_MAX_ROWS = 1_024
/**
 * A flush's blob stops growing here; the tags after it are stored in their chunks instead.
 * A burst (history read at connect, a backlog after the disk refused) stays a bounded write.
 */
export const STAGING_MAX_BLOB_BYTES = 16 * 2 ** 20

/** Header of each entry in a staging blob: tag id, tier, row width, row count. */
const HEADER = 4

/**
 * One flush's rows of every tag, as one BLOB: the write-ahead part of the historian. A flush
 * writes one row here instead of one chunk row per tag, so its cost follows the values that
 * arrived, not the number of tags (10,000 tags at 1 Hz were 10,000 upserts, and their piece
 * merges, every flush). The layout is float64 throughout: per entry `[tagId, tier, width, n]`
 * then the n rows' columns one after the other (native byte order: the file is read back on
 * the machine that wrote it). It lives until every tag it holds has been
 * stored in its chunks; a crash before that is repaired by {@link recoverStaging}.
 */
export class StagingBlob {
  private data = new Float64Array(1 << 14)
  private length = 0

  /** Adds rows [from, to) of `columns` (copied). */
  add(tagId: number, tier: Tier, columns: readonly Float64Array[], from: number, to: number): void {
    if (to <= from) return
    const need = this.length + HEADER + columns.length * (to - from)
    if (need > this.data.length) {
      const grown = new Float64Array(Math.max(need, 2 * this.data.length))
      grown.set(this.data.subarray(0, this.length))
      this.data = grown
    }
    const out = this.data
    let at = this.length
    out[at++] = tagId
    out[at++] = tier
    out[at++] = columns.length
    out[at++] = to - from
    // Mostly one or a few rows per tag: a plain loop beats a subarray and a set per column.
    for (const column of columns) for (let i = from; i < to; i++) out[at++] = column[i]!
    this.length = at
  }

  /** Empties it for the next flush, keeping its buffer (a 10,000-tag flush fills a few hundred KB). */
  clear(): void {
    this.length = 0
  }

  get empty(): boolean {
    return this.length === 0
  }

  get bytes(): number {
    return this.length * Float64Array.BYTES_PER_ELEMENT
  }

  /** The filled part, as bytes: a view, valid until the next `add` or `clear` (SQLite copies it). */
  encode(): Uint8Array {
    return new Uint8Array(this.data.buffer, 0, this.length * Float64Array.BYTES_PER_ELEMENT)
  }
}

/** What staging needs of a tag's write side (TagState). */
export interface StagedTag {
  /** Has rows not yet stored in its chunks. */
  readonly dirty: boolean
  /** Raw rows waiting. */
  readonly waiting: number
  stage(blob: StagingBlob): void
  stagedDone(): void
}

/** A flush's part of the staging: see {@link Staging.plan}. */
export interface StagingPlan<T> {
  /** The tags to store in their chunks in this flush. */
  store: T[]
  /** Call once the flush's transaction committed. */
  committed(): void
}

/** The tier of a staging entry that voids its tag's earlier entries (header only, no rows). */
const VOID = -1

export interface Staging {
  /**
   * Inside the transaction that rebuilt `tagId` and stored it whole (a backfill): its rows
   * in earlier blobs are void. Recovery must not bring back what the rebuild replaced (a
   * rollup bucket a late Bad value removed has a later time than the rebuilt ones).
   */
  voidEarlier(tagId: number): void
  /**
   * Inside a flush's transaction: the tags to store in their chunks now, and the new rows of
   * the others written as one blob. `all`: every tag with rows waiting is stored, and
   * staging is emptied. Otherwise this flush's turn of tags (and any with
   * {@link STAGING_MAX_ROWS} waiting, and those past a full blob) is stored; once every tag
   * has had its turn, the blobs written before the round began hold nothing that is not
   * stored, and are dropped.
   * @throws what libsql throws; nothing changes until `committed`.
   */
  plan<T extends StagedTag>(tags: readonly T[], all: boolean): StagingPlan<T>
}

/** Staging on `db` for flushes every `flushIntervalMs` (their turns are sized by it). */
export function createStaging(db: HistorianDatabase, flushIntervalMs: number): Staging {
  // The blob goes in an array: libsql takes a lone Uint8Array argument for named parameters and panics (libsql-js#114).
  const insert = db.prepare('INSERT INTO historian_staging (data) VALUES (?)')
  const dropUpTo = db.prepare('DELETE FROM historian_staging WHERE id <= ?')
  /** The next tag in turn. */
  let next = 0
  /** Id of the newest blob, and of the newest when this round of turns began. */
  let newest = 0
  let roundStart = 0
  const blob = new StagingBlob()
  return {
    voidEarlier(tagId) {
      insert.run([new Uint8Array(Float64Array.of(tagId, VOID, 0, 0).buffer)])
    },
    plan(tags, all) {
      if (all) {
        dropUpTo.run(Number.MAX_SAFE_INTEGER)
        return { store: tags.filter((t) => t.dirty), committed: () => void ((next = 0), (roundStart = newest)) }
      }
      const share = Math.max(1, Math.ceil((tags.length * flushIntervalMs) / STAGING_ROTATION_MS))
      const from = tags.length > 0 ? next % tags.length : 0
      const store: (typeof tags)[number][] = []
      const staged: (typeof tags)[number][] = []
      blob.clear()
      for (let k = 0; k < tags.length; k++) {
        const tag = tags[(from + k) % tags.length]!
        if (!tag.dirty) continue
        if (k < share || tag.waiting >= STAGING_MAX_ROWS || blob.bytes >= STAGING_MAX_BLOB_BYTES) store.push(tag)
        else {
          tag.stage(blob)
          staged.push(tag)
        }
      }
      const id = blob.empty ? newest : Number(insert.run([blob.encode()]).lastInsertRowid)
      const wrapped = from + share >= tags.length
      if (wrapped) dropUpTo.run(roundStart)
      return {
        store,
        committed() {
          for (const tag of staged) tag.stagedDone()
          newest = id
          next = wrapped ? 0 : from + share
          if (wrapped) roundStart = id
        }
      }
    }
  }
}

/**
 * After a crash: the rows in staging that are not in their chunks yet are stored there, as
 * one piece per tag and tier (which the tag's resume joins with its open chunk, as after any
 * restart), and staging is emptied. Per tag and tier, times only increase and every chunk
 * holds a continuous stretch, so a staged row is stored already exactly when its time is at
 * or before the newest chunk's end. Run inside a transaction.
 * @throws what libsql throws (a damaged file: the caller moves it aside).
 */
export function recoverStaging(db: HistorianDatabase, store: ChunkStore): void {
  const blobs = db.prepare('SELECT data FROM historian_staging ORDER BY id').raw(true).all() as Array<[Uint8Array]>
  if (blobs.length === 0) return
  const newestEnd = db.prepare('SELECT max(end_ms) FROM historian_chunk WHERE tag_id = ? AND tier = ?').raw(true)
  const rows = new Map<string, { tagId: number; tier: Tier; rows: Rows; after: number }>()
  for (const [data] of blobs) {
    const f = new Float64Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength))
    for (let at = 0; at + HEADER <= f.length; ) {
      const [tagId, tier, width, n] = [f[at]!, f[at + 1]!, f[at + 2]!, f[at + 3]!]
      at += HEADER
      if (tier === VOID) {
        for (const [key, entry] of rows) if (entry.tagId === tagId) rows.delete(key)
        continue
      }
      const key = `${tagId}:${tier}`
      let entry = rows.get(key)
      if (!entry) {
        const [end] = (newestEnd.get(tagId, tier) as [number | null] | undefined) ?? [null]
        entry = { tagId, tier: tier as Tier, rows: new Rows(width), after: end ?? -Infinity }
        rows.set(key, entry)
      }
      const columns = Array.from({ length: width }, (_, c) => f.subarray(at + c * n, at + (c + 1) * n))
      for (let i = 0; i < n; i++) {
        const t = columns[0]![i]!
        if (t > entry.after && (entry.rows.n === 0 || t > entry.rows.last)) entry.rows.pushFrom(columns, i)
      }
      at += width * n
    }
  }
  for (const { tagId, tier, rows: r } of rows.values()) if (r.n > 0) store.put(tagId, tier, r.columns, r.n)
  db.exec('DELETE FROM historian_staging')
}
