import { existsSync, statSync } from 'node:fs'
import { createChunkStore, FIVE_MINUTE_TIER, HOUR_TIER, MINUTE_TIER, RAW, ROLLUP_TIERS, TEN_MINUTE_TIER, type ChunkStore, type Gap } from './chunkStore'
import { inTransaction, isCorruption, moveAside, openHistorianDb, type HistorianDatabase } from './historianDb'
import { queryDecimated, queryRaw, readRollups } from './query'
import { mergeLate } from './backfill'
import { storeSealed, type SealedChunk } from './openChunk'
import { TagState } from './tagState'
import { createStaging, recoverStaging, STAGING_ROTATION_MS, type Staging, type StagingPlan } from './staging'
import { DEFAULT_RETENTION, type DiskUsage, type GapHandle, type Historian, type HistorianStatus, type RetentionPolicy, type TierUsage } from './types'

export interface HistorianOptions {
  file: string
  clock?: () => number
  retention?: Partial<RetentionPolicy>
  /**
   * How often pending values are written, in one transaction (ms). A kill -9 loses at
   * most this much; 0: only when `flush()` is called. Default 500, half the issue's
   * one-second loss budget, so a slow flush still fits.
   */
  flushIntervalMs?: number
  /** Told when writing fails, resumes, or a corrupted file was replaced. */
  onStatus?: (status: HistorianStatus) => void
  /** Called with every connection the historian opens (tests use it to cap the file's size). */
  onOpen?: (db: HistorianDatabase) => void
  /**
   * Only reads (an export beside a running Plantwatch): the file must exist, nothing is
   * written, and the values still being recorded elsewhere show up as far as they are
   * stored in their chunks: at most {@link STAGING_ROTATION_MS} behind.
   */
  readOnly?: boolean
}

/** Sealed chunks kept in memory while the disk refuses writes: about 100 MB of 1 Hz tags. */
const MAX_PENDING_CHUNKS = 4_000
const RETENTION_EVERY_MS = 3_600_000
const DEFAULT_FLUSH_INTERVAL_MS = 500

interface GapOp {
  handle: { start: number; dbId?: number; end?: number }
  tagIds: (number | null)[]
  reason: string
  written: boolean
}

/**
 * Opens the embedded historian on a libsql file (WAL). Writes are batched: appended
 * samples wait in open per-tag chunks and are written by a timer, one transaction per
 * flush. Throws only when the file cannot be opened at all and is not corrupt.
 */
export function openHistorian(options: HistorianOptions): Historian {
  const clock = options.clock ?? Date.now
  const retention = { ...DEFAULT_RETENTION, ...options.retention }
  let current: HistorianStatus = { state: 'ok', message: 'recording', at: clock() }
  const report = (next: Omit<HistorianStatus, 'at'>): void => {
    if (next.state === current.state && next.message === current.message) return
    current = { ...next, at: clock() }
    options.onStatus?.(current)
  }

  let db!: HistorianDatabase
  let store!: ChunkStore
  let staging!: Staging
  let createdMs = 0
  let lastWriteBefore: number | undefined
  function connect(): void {
    if (options.readOnly && !existsSync(options.file)) throw new Error(`no historian at ${options.file}: nothing has been recorded there`)
    let opened = openHistorianDb(options.file, clock)
    try {
      setUp(opened.db)
    } catch (error) {
      // Damage that only reading the staging or the meta finds is damage all the same.
      try {
        opened.db.close()
      } catch {
        // A damaged file may refuse even to close.
      }
      if (options.readOnly || !isCorruption(error)) throw error
      const aside = moveAside(options.file, clock())
      opened = { db: openHistorianDb(options.file, clock).db, movedAside: aside }
      setUp(opened.db)
    }
    if (opened.movedAside) {
      report({ state: 'replaced', message: `historian file was corrupted: moved aside to ${opened.movedAside}, recording into a new one`, movedAside: opened.movedAside })
    }
  }
  /** Takes `opened` into use: statements, what a crash left in staging, the meta. */
  function setUp(opened: HistorianDatabase): void {
    db = opened
    if (options.readOnly) db.pragma('query_only = ON')
    options.onOpen?.(db)
    store = createChunkStore(db)
    staging = createStaging(db, options.flushIntervalMs || DEFAULT_FLUSH_INTERVAL_MS)
    if (!options.readOnly) inTransaction(db, () => recoverStaging(db, store))
    const meta = (key: string): string | undefined =>
      (db.prepare('SELECT value FROM historian_meta WHERE key = ?').get(key) as { value: string } | undefined)?.value
    if (meta('created_ms') === undefined && !options.readOnly) db.prepare("INSERT INTO historian_meta (key, value) VALUES ('created_ms', ?)").run(String(clock()))
    createdMs = Number(meta('created_ms'))
    const last = meta('last_write_ms')
    lastWriteBefore = last === undefined ? undefined : Number(last)
  }
  connect()

  const sealed: SealedChunk[] = []
  const seal = (chunk: SealedChunk): void => {
    sealed.push(chunk)
  }
  const byName = new Map<string, TagState>()
  let byIndex: (TagState | undefined)[] = []
  const gapOps: GapOp[] = []
  let lastRetention = 0

  function tagOf(name: string): TagState {
    let tag = byName.get(name)
    if (tag) return tag
    const row = db.prepare('SELECT id FROM historian_tag WHERE name = ?').get(name) as { id: number } | undefined
    if (row && options.readOnly) tag = new TagState(row.id, name, seal)
    else if (row) {
      const lastRaw = store.lastBefore(row.id, RAW, Number.MAX_SAFE_INTEGER)
      const from = lastRaw ? lastRaw.end : clock()
      tag = inTransaction(db, () => TagState.resume(store, row.id, name, from, seal))
    } else if (options.readOnly) throw new Error(`historian: unknown tag "${name}"`)
    else {
      const id = Number(db.prepare('INSERT INTO historian_tag (name, created_ms) VALUES (?, ?)').run(name, clock()).lastInsertRowid)
      tag = new TagState(id, name, seal)
      tag.fresh = true
    }
    byName.set(name, tag)
    return tag
  }

  function writeGaps(): void {
    for (const op of gapOps) {
      if (!op.written) {
        op.handle.dbId = store.addGap(op.tagIds[0] ?? null, op.handle.start, op.handle.end ?? null, op.reason)
        for (const tagId of op.tagIds.slice(1)) store.addGap(tagId, op.handle.start, op.handle.end ?? null, op.reason)
        op.written = true
      } else if (op.handle.end !== undefined && op.handle.dbId !== undefined) store.endGap(op.handle.dbId, op.handle.end)
    }
  }

  function recover(error: unknown): void {
    if (isCorruption(error)) {
      try {
        db.close()
      } catch {
        // A damaged file may refuse even to close; it is being replaced anyway.
      }
      const aside = moveAside(options.file, clock())
      connect()
      report({ state: 'replaced', message: `historian file was corrupted: moved aside to ${aside}, recording into a new one`, movedAside: aside })
      // What was stored in the damaged file is gone with it; what waits in memory goes to the new one.
      for (const tag of byName.values()) tag.unstage()
      for (const op of gapOps) op.written = false
      return
    }
    const code = (error as { code?: string }).code ?? 'error'
    report({ state: 'degraded', message: `historian cannot write (${code}: ${(error as Error).message}); values wait in memory, recording resumes by itself` })
    // Memory stays bounded while the disk refuses: the oldest waiting chunks go, and say so.
    while (sealed.length > MAX_PENDING_CHUNKS) {
      const dropped = sealed.shift()!
      gapOps.push({ handle: { start: dropped.start, end: dropped.end }, tagIds: [dropped.tagId], reason: 'disk-refused', written: false })
    }
  }

  /**
   * Writes what arrived, in one transaction. `all` (`flush()`, closing): every tag's rows
   * are stored in their chunks. The timer's flushes put the new rows in staging, one BLOB,
   * and store the chunks of their turn of the tags only: a flush costs the values that
   * arrived, not statements per tag.
   */
  function flush(all = true): boolean {
    let plan: StagingPlan<TagState> | undefined
    try {
      inTransaction(db, () => {
        writeGaps()
        for (const c of sealed) storeSealed(store, c)
        plan = staging.plan([...byName.values()], all)
        for (const tag of plan.store) tag.write(store)
        db.prepare("INSERT INTO historian_meta (key, value) VALUES ('last_write_ms', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(String(clock()))
      })
      sealed.length = 0
      plan!.committed()
      for (const tag of plan!.store) tag.written()
      for (let i = gapOps.length - 1; i >= 0; i--) if (gapOps[i]!.written && gapOps[i]!.handle.end !== undefined) gapOps.splice(i, 1)
      mergeLateSamples()
      if (clock() - lastRetention >= RETENTION_EVERY_MS) applyRetention(clock())
      report({ state: 'ok', message: 'recording' })
      return true
    } catch (error) {
      recover(error)
      return false
    }
  }

  /** Backfill, in its own transaction after everything else is written: the store is then the whole truth. */
  function mergeLateSamples(): void {
    for (const tag of byName.values()) {
      if (tag.late.length === 0) continue
      const late = tag.late
      const next = inTransaction(db, () => {
        // Rows waiting in staging go to the chunks first: the rebuilt state starts from the store.
        tag.write(store)
        const from = mergeLate(store, tag, late)
        const resumed = TagState.resume(store, tag.id, tag.name, from, seal)
        // The rebuilt rollups that filled whole chunks are stored now, with the rest.
        for (const chunk of sealed.splice(0)) storeSealed(store, chunk)
        resumed.write(store)
        staging.voidEarlier(tag.id)
        return resumed
      })
      resumed(tag, next)
    }
  }
  function resumed(old: TagState, next: TagState): void {
    next.written()
    byName.set(old.name, next)
    byIndex = byIndex.map((t) => (t === old ? next : t))
  }

  function applyRetention(now = clock()): void {
    lastRetention = now
    inTransaction(db, () => {
      const drop = db.prepare('DELETE FROM historian_chunk WHERE tier = ? AND end_ms < ?')
      drop.run(RAW, now - retention.rawMs)
      drop.run(MINUTE_TIER, now - retention.minuteMs)
      drop.run(FIVE_MINUTE_TIER, now - retention.fiveMinuteMs)
      drop.run(TEN_MINUTE_TIER, now - retention.tenMinuteMs)
      drop.run(HOUR_TIER, now - retention.hourMs)
      db.prepare('DELETE FROM historian_gap WHERE end_ms IS NOT NULL AND end_ms < ?').run(now - retention.hourMs)
    })
    // Over budget: the oldest raw data goes first (rollups keep its shape), then the finer rollups.
    for (const tier of [RAW, MINUTE_TIER, FIVE_MINUTE_TIER, TEN_MINUTE_TIER]) {
      for (let round = 0; round < 100 && diskUsage().usedBytes > retention.diskBudgetBytes; round++) {
        const count = (db.prepare('SELECT count(*) AS c FROM historian_chunk WHERE tier = ?').get(tier) as { c: number }).c
        if (count === 0) break
        db.prepare('DELETE FROM historian_chunk WHERE id IN (SELECT id FROM historian_chunk WHERE tier = ? ORDER BY end_ms LIMIT ?)').run(tier, Math.max(1, Math.ceil(count / 20)))
      }
    }
  }

  function diskUsage(): DiskUsage {
    const pragma = (name: string): number => Number(Object.values(db.prepare(`PRAGMA ${name}`).get() as object)[0])
    const size = (f: string): number => {
      try {
        return statSync(f).size
      } catch {
        return 0
      }
    }
    return {
      fileBytes: size(options.file) + size(`${options.file}-wal`),
      usedBytes: (pragma('page_count') - pragma('freelist_count')) * pragma('page_size'),
      budgetBytes: retention.diskBudgetBytes
    }
  }

  function tierUsage(): TierUsage[] {
    // length() of a blob reads its size from the record header, not the blob's overflow pages.
    const bytes = new Map((db.prepare('SELECT tier, sum(length(data)) AS b FROM historian_chunk GROUP BY tier').all() as { tier: number; b: number }[]).map((r) => [r.tier, r.b]))
    return [
      { tier: 'raw', bytes: bytes.get(RAW) ?? 0, retentionMs: retention.rawMs },
      ...ROLLUP_TIERS.map(({ tier, name }) => ({
        tier: name,
        bytes: bytes.get(tier) ?? 0,
        retentionMs: { '1m': retention.minuteMs, '5m': retention.fiveMinuteMs, '10m': retention.tenMinuteMs, '1h': retention.hourMs }[name]
      }))
    ]
  }

  const timer = options.flushIntervalMs === 0 || options.readOnly ? undefined : setInterval(() => flush(false), options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS)
  timer?.unref()
  const known = (name: string): TagState | undefined => {
    const tag = byName.get(name)
    if (tag) return tag
    const row = db.prepare('SELECT 1 FROM historian_tag WHERE name = ?').get(name)
    return row ? tagOf(name) : undefined
  }
  /** The tag to read, its rows waiting in staging stored first (a reader sees every flushed value). */
  const readable = (name: string): TagState => {
    const tag = known(name)
    if (!tag) throw new Error(`historian: unknown tag "${name}"`)
    const closed = sealed.filter((c) => c.tagId === tag.id)
    if ((tag.dirty || closed.length > 0) && !options.readOnly) {
      try {
        inTransaction(db, () => {
          // A chunk that closed since the last flush holds staged rows too.
          for (const c of closed) storeSealed(store, c)
          tag.write(store)
        })
        for (const c of closed) sealed.splice(sealed.indexOf(c), 1)
        tag.written()
      } catch {
        // The reader gets what is stored; the next flush reports why writing fails.
      }
    }
    return tag
  }
  const idOf = (name: string): number => readable(name).id

  return {
    useTags(names) {
      byIndex = names.map(tagOf)
    },
    append(batch) {
      const n = batch.tagIndex.length
      for (let i = 0; i < n; i++) {
        const tag = byIndex[batch.tagIndex[i]!]
        const t = Math.round(batch.sourceTime[i]!)
        if (!tag || !Number.isFinite(t)) continue
        const v = batch.value[i]!
        const s = batch.status[i]! >>> 0
        if (tag.inOrder(t)) {
          if (tag.fresh) {
            tag.fresh = false
            if (t > createdMs) gapOps.push({ handle: { start: createdMs, end: t }, tagIds: [tag.id], reason: 'tag-added', written: false })
          }
          tag.add(t, v, s)
        } else tag.late.push([t, v, s])
      }
    },
    flush: () => flush(true),
    has: (name) => known(name) !== undefined,
    queryRaw: (name, from, to) => queryRaw(store, idOf(name), from, to),
    queryDecimated: (name, from, to, maxPoints) => queryDecimated(store, readable(name), from, to, maxPoints),
    rollups: (name, tier, from, to) => readRollups(store, idOf(name), tier, from, to),
    openGap(reason, start, gapOptions) {
      const handle: GapOp['handle'] = { start, end: gapOptions?.end }
      const tags = gapOptions?.tags ? gapOptions.tags.map(tagOf) : undefined
      for (const tag of tags ?? byName.values()) tag.gap(start)
      gapOps.push({ handle, tagIds: tags ? tags.map((t) => t.id) : [null], reason, written: false })
      return handle
    },
    closeGap(gap, end) {
      ;(gap as GapOp['handle']).end = end
    },
    gaps: (name, from, to): Gap[] => store.gaps(idOf(name), from, to),
    applyRetention,
    diskUsage,
    tierUsage,
    status: () => current,
    get lastWriteBefore() {
      return lastWriteBefore
    },
    close() {
      if (timer) clearInterval(timer)
      if (!options.readOnly) flush()
      db.close()
    }
  }
}
