import { decodeChunk, encodeChunk, type ColumnKind } from './codec'
import type { HistorianDatabase } from './historianDb'
import { Rows } from './rows'
import { BUCKET_FIELDS, FIVE_MINUTE_MS, HOUR_MS, MINUTE_MS, TEN_MINUTE_MS } from './rollup'

/** Tiers, as stored in `historian_chunk.tier` (ids are on disk: new tiers take new ids). */
export const RAW = 0
export const MINUTE_TIER = 1
export const HOUR_TIER = 2
export const FIVE_MINUTE_TIER = 3
export const TEN_MINUTE_TIER = 4
export type Tier = typeof RAW | typeof MINUTE_TIER | typeof HOUR_TIER | typeof FIVE_MINUTE_TIER | typeof TEN_MINUTE_TIER
export type RollupTierName = '1m' | '5m' | '10m' | '1h'

/**
 * The rollup tiers, finest first, each computed as data arrives. 5 and 10 min sit between
 * the 1 min and 1 h: a week at 2,000 points then merges about 2,000 rows per pen
 * and a month 4,300, instead of 10,000 and 43,000 from minutes (the 30-day query was 2x
 * its 100 ms budget). They cost a fifth and a tenth of the minute tier's disk.
 */
export const ROLLUP_TIERS: readonly { tier: Tier; name: RollupTierName; widthMs: number }[] = [
  { tier: MINUTE_TIER, name: '1m', widthMs: MINUTE_MS },
  { tier: FIVE_MINUTE_TIER, name: '5m', widthMs: FIVE_MINUTE_MS },
  { tier: TEN_MINUTE_TIER, name: '10m', widthMs: TEN_MINUTE_MS },
  { tier: HOUR_TIER, name: '1h', widthMs: HOUR_MS }
]

export const RAW_KINDS: readonly ColumnKind[] = ['time', 'f64', 'status']
/**
 * A bucket's max, first and last value often repeat its min or max (always, with one sample).
 * Rollup values and mean values (the area, stored per held ms) are quantized to binary32
 * precision (quantized.ts); counts, held time and raw samples stay lossless.
 */
const REF_FIELDS: ReadonlySet<string> = new Set(['max', 'first', 'last'])
export const ROLLUP_KINDS: readonly ColumnKind[] = BUCKET_FIELDS.map((f) => (f === 't' ? 'time' : f === 'min' ? 'q' : REF_FIELDS.has(f) ? 'q-ref' : f === 'area' ? 'q-mean' : 'f64'))
export const kindsOf = (tier: Tier): readonly ColumnKind[] => (tier === RAW ? RAW_KINDS : ROLLUP_KINDS)

/**
 * Longest time one chunk covers, per tier id. Bounding it lets a range query find its
 * chunks with one index range (start within [from - span, to)). Rows, not time, should
 * bound a chunk: a blob of a few KB leaves most of its SQLite page empty (a raw chunk of
 * an hour at 10 s, 2 KB, cost 4 B a sample in waste), so a raw chunk spans 12 h, and a
 * 1 Hz tag fills its 4,096 rows in 68 min; rollup chunks hold a day of minutes, five days
 * of 5 minutes, ten of 10 minutes and a month of hours, so a 30-day zoom reads 4 blobs per pen. Spans may
 * grow between versions, never shrink: stored chunks must stay within them.
 */
export const CHUNK_SPAN_MS: readonly number[] = [12 * 3_600_000, 86_400_000, 32 * 86_400_000, 5 * 86_400_000, 10 * 86_400_000]
/** Most rows one chunk holds, per tier id (a fast tag fills its raw chunk before its hour ends). */
export const CHUNK_MAX_ROWS: readonly number[] = [4096, 1440, 768, 1440, 1440]

/** A decoded chunk. */
export interface Chunk {
  start: number
  end: number
  columns: Float64Array[]
}

export interface Gap {
  id: number
  /** Null: every tag. */
  tagId: number | null
  start: number
  /** Null while the gap is still open (the link is still down). */
  end: number | null
  reason: string
}

/**
 * Decoded chunks kept for the next query: an operator zooming and panning reads the same
 * chunks again, and decoding is most of a zoomed-out query's time. 64 MB holds 30 days of
 * minute rollups of 80 pens.
 */
const CACHE_BYTES = 64 * 2 ** 20

/** Least recently used first, by decoded size; chunks are never mutated once read. */
class ChunkCache {
  private readonly map = new Map<string, Chunk>()
  private bytes = 0
  constructor(private readonly maxBytes: number) {}
  get(key: string): Chunk | undefined {
    const chunk = this.map.get(key)
    if (chunk) {
      this.map.delete(key)
      this.map.set(key, chunk)
    }
    return chunk
  }
  set(key: string, chunk: Chunk): void {
    const size = (c: Chunk): number => c.columns.reduce((sum, col) => sum + col.byteLength, 0)
    this.map.set(key, chunk)
    this.bytes += size(chunk)
    for (const [oldest, old] of this.map) {
      if (this.bytes <= this.maxBytes) break
      this.map.delete(oldest)
      this.bytes -= size(old)
    }
  }
}

/** The SQL of the historian, one prepared statement per use. */
export function createChunkStore(db: HistorianDatabase) {
  const upsert = db.prepare(
    `INSERT INTO historian_chunk (tag_id, tier, start_ms, end_ms, n, data) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (tag_id, tier, start_ms) DO UPDATE SET end_ms = excluded.end_ms, n = excluded.n, data = excluded.data`
  )
  const range = db.prepare(
    `SELECT start_ms, end_ms, n FROM historian_chunk
     WHERE tag_id = ? AND tier = ? AND start_ms >= ? AND start_ms < ? AND end_ms >= ? ORDER BY start_ms`
  )
  const starting = db.prepare('SELECT start_ms, end_ms, n FROM historian_chunk WHERE tag_id = ? AND tier = ? AND start_ms >= ? AND start_ms < ? ORDER BY start_ms')
  const dataOf = db.prepare('SELECT data FROM historian_chunk WHERE tag_id = ? AND tier = ? AND start_ms = ?')
  const cache = new ChunkCache(CACHE_BYTES)
  const lastBefore = db.prepare(
    'SELECT start_ms, end_ms, data FROM historian_chunk WHERE tag_id = ? AND tier = ? AND start_ms < ? ORDER BY start_ms DESC LIMIT 1'
  )
  const dropFrom = db.prepare('DELETE FROM historian_chunk WHERE tag_id = ? AND tier = ? AND start_ms >= ?')
  const dropOne = db.prepare('DELETE FROM historian_chunk WHERE tag_id = ? AND tier = ? AND start_ms = ?')
  const dropRange = db.prepare('DELETE FROM historian_chunk WHERE tag_id = ? AND tier = ? AND start_ms >= ? AND start_ms <= ?')
  const gapsOf = db.prepare(
    `SELECT id, tag_id, start_ms, end_ms, reason FROM historian_gap
     WHERE (tag_id = ? OR tag_id IS NULL) AND start_ms < ? AND (end_ms IS NULL OR end_ms > ?) ORDER BY start_ms, id`
  )
  const addGap = db.prepare('INSERT INTO historian_gap (tag_id, start_ms, end_ms, reason) VALUES (?, ?, ?, ?)')
  const endGap = db.prepare('UPDATE historian_gap SET end_ms = ? WHERE id = ?')
  const decode = (tier: Tier, row: unknown[]): Chunk => ({
    start: row[0] as number,
    end: row[1] as number,
    columns: decodeChunk(kindsOf(tier), row[2] as Uint8Array)
  })
  range.raw(true)
  starting.raw(true)
  lastBefore.raw(true)
  dataOf.raw(true)
  gapsOf.raw(true)

  return {
    /** Writes (or rewrites) the first `n` rows of `columns` as the chunk starting at columns[0][0]. */
    put(tagId: number, tier: Tier, columns: readonly ArrayLike<number>[], n: number): void {
      const time = columns[0]!
      upsert.run(tagId, tier, time[0]!, time[n - 1]!, n, encodeChunk(kindsOf(tier), columns, n))
    },
    /**
     * Chunks with rows in [from, to), oldest first. `cached`: keep them decoded for the next
     * query (writers reading to rewrite say false, so they do not push queries' chunks out).
     */
    read(tagId: number, tier: Tier, from: number, to: number, cached = true): Chunk[] {
      return (range.all(tagId, tier, from - CHUNK_SPAN_MS[tier]!, to, from) as number[][]).map(([start, end, n]) => {
        // A chunk's key and row count identify its content: a rewrite (backfill) changes its end or count.
        const key = `${tagId}:${tier}:${start}:${end}:${n}`
        const hit = cache.get(key)
        if (hit) return hit
        const chunk = decode(tier, [start, end, (dataOf.get(tagId, tier, start) as unknown[])[0]])
        if (cached) cache.set(key, chunk)
        return chunk
      })
    },
    /**
     * Joins neighbouring chunks with rows in [from, to) while a joined chunk keeps within its
     * tier's span and row limit: the pieces an open chunk left behind when a restart or a
     * backfill took its place. Only chunks no open chunk is still writing may be in the range.
     */
    compact(tagId: number, tier: Tier, from: number, to: number): void {
      const spanMs = CHUNK_SPAN_MS[tier]!
      const maxRows = CHUNK_MAX_ROWS[tier]!
      // Every chunk that starts within a span before `from`: a piece of the chunk open at `from` may end before it.
      const list = starting.all(tagId, tier, from - spanMs, to) as number[][]
      let i = 0
      while (i < list.length) {
        const [start, , n0] = list[i]!
        let n = n0!
        let j = i + 1
        while (j < list.length && n + list[j]![2]! <= maxRows && list[j]![1]! < start! + spanMs) n += list[j++]![2]!
        if (j - i > 1) {
          const joined = new Rows(kindsOf(tier).length, n)
          for (let k = i; k < j; k++) {
            const columns = decodeChunk(kindsOf(tier), (dataOf.get(tagId, tier, list[k]![0]) as unknown[])[0] as Uint8Array)
            for (let r = 0; r < columns[0]!.length; r++) joined.pushFrom(columns, r)
          }
          dropRange.run(tagId, tier, start, list[j - 1]![0])
          upsert.run(tagId, tier, start, joined.last, joined.n, encodeChunk(kindsOf(tier), joined.columns, joined.n))
        }
        i = j
      }
    },
    /** The newest chunk starting before `t`. */
    lastBefore(tagId: number, tier: Tier, t: number): Chunk | undefined {
      const row = lastBefore.get(tagId, tier, t) as unknown[] | undefined
      return row && decode(tier, row)
    },
    dropFrom(tagId: number, tier: Tier, start: number): void {
      dropFrom.run(tagId, tier, start)
    },
    dropOne(tagId: number, tier: Tier, start: number): void {
      dropOne.run(tagId, tier, start)
    },
    /** Deletes the chunks starting in [from, to]. */
    dropRange(tagId: number, tier: Tier, from: number, to: number): void {
      dropRange.run(tagId, tier, from, to)
    },
    /** Gaps of a tag (its own and every-tag ones) that overlap [from, to). */
    gaps(tagId: number, from: number, to: number): Gap[] {
      return (gapsOf.all(tagId, to, from) as unknown[][]).map(([id, tag, start, end, reason]) => ({
        id: id as number,
        tagId: tag as number | null,
        start: start as number,
        end: end as number | null,
        reason: reason as string
      }))
    },
    addGap(tagId: number | null, start: number, end: number | null, reason: string): number {
      return Number(addGap.run(tagId, start, end, reason).lastInsertRowid)
    },
    endGap(id: number, end: number): void {
      endGap.run(end, id)
    }
  }
}

export type ChunkStore = ReturnType<typeof createChunkStore>
