import type { Gap, RollupTierName } from './chunkStore'

/** How long each tier is kept, and the most disk the historian may use. */
export interface RetentionPolicy {
  rawMs: number
  minuteMs: number
  /** The 5- and 10-minute tiers (zooms of days to months). */
  fiveMinuteMs: number
  tenMinuteMs: number
  hourMs: number
  /** Oldest raw chunks, then oldest minute chunks, go first when the file outgrows this. */
  diskBudgetBytes: number
}

const DAY_MS = 86_400_000
/**
 * The defaults: raw 90 days, 1 min 2 years, 1 h 10 years; 20 GiB of disk. The
 * 5- and 10-minute tiers (not in the issue) keep as long as the minutes, at a fifth and a tenth of their size.
 */
export const DEFAULT_RETENTION: RetentionPolicy = {
  rawMs: 90 * DAY_MS,
  minuteMs: 2 * 365 * DAY_MS,
  fiveMinuteMs: 2 * 365 * DAY_MS,
  tenMinuteMs: 2 * 365 * DAY_MS,
  hourMs: 10 * 365 * DAY_MS,
  diskBudgetBytes: 20 * 2 ** 30
}

/**
 * What the historian tells its owner. `degraded`: writes fail (disk full, read-only,
 * I/O error); values wait in memory and writing resumes by itself (`ok`). `replaced`:
 * a corrupted file was moved aside (`movedAside`) and a new one started.
 */
export interface HistorianStatus {
  state: 'ok' | 'degraded' | 'replaced'
  message: string
  at: number
  movedAside?: string
}

/** Columnar samples; `tagIndex` refers to the names given to {@link Historian.useTags}. */
export interface SampleColumns {
  tagIndex: ArrayLike<number>
  sourceTime: ArrayLike<number>
  value: ArrayLike<number>
  status: ArrayLike<number>
}

/** Raw samples of one tag, oldest first. */
export interface RawSeries {
  t: Float64Array
  v: Float64Array
  s: Float64Array
}

/**
 * One tag over a range, in buckets of `bucketMs` from `start` (M4 plus rollup stats):
 * per bucket its start time, sample count, Good count, min, max, first and last usable
 * value, and time-weighted average. Buckets with neither samples nor a held value are left out.
 */
export interface DecimatedSeries {
  source: 'raw' | RollupTierName
  start: number
  end: number
  bucketMs: number
  t: number[]
  n: number[]
  good: number[]
  min: number[]
  max: number[]
  first: number[]
  last: number[]
  avg: number[]
}

export interface DiskUsage {
  /** Bytes the database file and its WAL take on disk. */
  fileBytes: number
  /** Pages in use (not on SQLite's free list), in bytes. */
  usedBytes: number
  budgetBytes: number
}

/** One tier's stored chunk bytes. */
export interface TierUsage {
  tier: 'raw' | RollupTierName
  bytes: number
  retentionMs: number
}

/** An open gap, to close when recording resumes. */
export interface GapHandle {
  readonly start: number
}

/**
 * The historian's one interface; the embedded libsql store implements it, a shared
 * PostgreSQL store later. Times are epoch ms; ranges are [from, to).
 */
export interface Historian {
  /** Declares the tag map: index i of later batches is `names[i]`. Unknown names become new tags. */
  useTags(names: readonly string[]): void
  /**
   * Takes a batch in; it is written at the next flush (at most `flushIntervalMs` later).
   * Samples older than a tag's newest are backfill: merged in, duplicates (same ms) dropped.
   */
  append(batch: SampleColumns): void
  /** Writes everything pending in one transaction now; false when the disk refused (see status). */
  flush(): boolean
  /** Whether the historian has ever recorded `tag`. */
  has(tag: string): boolean
  queryRaw(tag: string, from: number, to: number): RawSeries
  /** Decimated to at most `maxPoints` buckets, from the coarsest tier that is fine enough. */
  queryDecimated(tag: string, from: number, to: number, maxPoints: number): DecimatedSeries
  /** Stored rollup buckets of one tier whose start is in [from, to). */
  rollups(tag: string, tier: RollupTierName, from: number, to: number): DecimatedSeries
  /** Starts a gap for `tags` (default: all) at `start`; `end` given: a closed gap. */
  openGap(reason: string, start: number, options?: { end?: number; tags?: readonly string[] }): GapHandle
  closeGap(gap: GapHandle, end: number): void
  gaps(tag: string, from: number, to: number): Gap[]
  /** Deletes what is past each tier's retention, then the oldest data while over the disk budget. */
  applyRetention(now?: number): void
  diskUsage(): DiskUsage
  /** Bytes of chunk data per tier (SQLite's page overhead not included), with each tier's retention. */
  tierUsage(): TierUsage[]
  status(): HistorianStatus
  /** Epoch ms of the last successful write before this session, if any (to record 'not running'). */
  readonly lastWriteBefore: number | undefined
  close(): void
}
