import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'libsql'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CHUNK_SPAN_MS, RAW } from './chunkStore'
import { openHistorian } from './historian'
import type { HistorianDatabase } from './historianDb'
import type { HistorianStatus } from './types'

// Recent, so the default 90-day raw retention keeps it.
const T0 = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 86_400_000
const DAY_MS = 86_400_000
const dirs: string[] = []
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'historian-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** `count` noisy values of tag 0, one a second from `from`. */
const batch = (from: number, count: number) => ({
  tagIndex: new Array<number>(count).fill(0),
  sourceTime: Array.from({ length: count }, (_, i) => from + i * 1000),
  value: Array.from({ length: count }, () => Math.random()),
  status: new Array<number>(count).fill(0)
})

/** Oldest raw sample time in a historian file. */
function h2raw(file: string, now: number): number {
  const h = openHistorian({ file, flushIntervalMs: 0, clock: () => now })
  const t = h.queryRaw('A', 0, now).t[0]!
  h.close()
  return t
}

describe('historian resilience', () => {
  it('reports a full disk, keeps values in memory and resumes by itself', () => {
    const statuses: HistorianStatus[] = []
    let db!: HistorianDatabase
    const h = openHistorian({ file: join(tempDir(), 'h.db'), flushIntervalMs: 0, onStatus: (s) => statuses.push(s), onOpen: (d) => (db = d) })
    h.useTags(['A'])
    h.append(batch(T0, 100))
    expect(h.flush()).toBe(true)
    // SQLite's own cap on the file's pages gives a real SQLITE_FULL.
    const pages = (db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count
    db.pragma(`max_page_count = ${pages}`)
    h.append(batch(T0 + 100_000, 20_000))
    expect(h.flush()).toBe(false)
    expect(statuses.at(-1)).toMatchObject({ state: 'degraded', message: expect.stringMatching(/SQLITE_FULL/) })
    // Reads still work while writes fail.
    expect(h.queryRaw('A', T0, T0 + 200_000).t.length).toBe(100)
    db.pragma('max_page_count = 1073741823')
    expect(h.flush()).toBe(true)
    expect(statuses.at(-1)).toMatchObject({ state: 'ok' })
    expect(h.queryRaw('A', T0, T0 + 30 * DAY_MS).t.length).toBe(20_100)
    h.close()
  })

  it('moves a corrupted file aside with a timestamped name and starts a new one', () => {
    const dir = tempDir()
    const file = join(dir, 'h.db')
    writeFileSync(file, Buffer.from('this is not a database, it is a file damaged beyond repair'.repeat(200)))
    const statuses: HistorianStatus[] = []
    const h = openHistorian({ file, flushIntervalMs: 0, onStatus: (s) => statuses.push(s) })
    expect(statuses[0]).toMatchObject({ state: 'replaced', movedAside: expect.stringMatching(/h\.db\.corrupt-\d{4}-\d\d-\d\dT/) })
    expect(existsSync(statuses[0]!.movedAside!)).toBe(true)
    h.useTags(['A'])
    h.append(batch(T0, 10))
    expect(h.flush()).toBe(true)
    expect(h.queryRaw('A', T0, T0 + 60_000).t.length).toBe(10)
    h.close()
    expect(readdirSync(dir).filter((f) => f.includes('.corrupt-'))).toHaveLength(1)
  })

  it('moves aside a file whose damage shows only when a crash left rows in staging to store', () => {
    vi.useFakeTimers()
    const dir = tempDir()
    const file = join(dir, 'h.db')
    let now = T0
    const h = openHistorian({ file, flushIntervalMs: 500, clock: () => now })
    h.useTags(Array.from({ length: 200 }, (_, i) => `T${i}`))
    for (let s = 0; s < 20; s++) {
      h.append({ tagIndex: Array.from({ length: 200 }, (_, i) => i), sourceTime: new Array<number>(200).fill(T0 + s * 1000), value: new Array<number>(200).fill(s), status: new Array<number>(200).fill(0) })
      now += 500
      vi.advanceTimersByTime(500)
    }
    vi.useRealTimers()
    // The file as a kill -9 leaves it, with the chunks' key index damaged (a disk error).
    const copy = join(dir, 'crashed.db')
    for (const suffix of ['', '-wal']) if (existsSync(file + suffix)) copyFileSync(file + suffix, copy + suffix)
    h.close()
    const db = new Database(copy)
    db.pragma('wal_checkpoint(TRUNCATE)')
    expect((db.prepare('SELECT count(*) AS c FROM historian_staging').get() as { c: number }).c).toBeGreaterThan(0)
    const page = (db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_historian_chunk_1'").get() as { rootpage: number }).rootpage
    const pageSize = (db.prepare('PRAGMA page_size').get() as { page_size: number }).page_size
    db.close()
    const fd = openSync(copy, 'r+')
    writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (page - 1) * pageSize)
    closeSync(fd)

    const statuses: HistorianStatus[] = []
    const reopened = openHistorian({ file: copy, flushIntervalMs: 0, clock: () => now, onStatus: (s) => statuses.push(s) })
    expect(statuses[0]).toMatchObject({ state: 'replaced', movedAside: expect.stringMatching(/crashed\.db\.corrupt-/) })
    reopened.useTags(['A'])
    reopened.append(batch(now, 5))
    expect(reopened.flush()).toBe(true)
    expect(reopened.queryRaw('A', now, now + 10_000).t.length).toBe(5)
    reopened.close()
  })

  it('keeps each tier for its retention, and the oldest data goes first over the disk budget', () => {
    const file = join(tempDir(), 'h.db')
    let now = T0
    const h = openHistorian({ file, flushIntervalMs: 0, clock: () => now, retention: { rawMs: 2 * DAY_MS, minuteMs: 5 * DAY_MS, hourMs: 20 * DAY_MS } })
    h.useTags(['A'])
    // A value every 10 s over 8 days.
    for (let day = 0; day < 8; day++) {
      h.append({ ...batch(T0 + day * DAY_MS, 8640), sourceTime: Array.from({ length: 8640 }, (_, i) => T0 + day * DAY_MS + i * 10_000) })
      h.flush()
    }
    now = T0 + 8 * DAY_MS
    h.applyRetention(now)
    const oldestOf = (series: { t: ArrayLike<number> }): number => series.t[0]!
    expect(oldestOf(h.queryRaw('A', T0, now))).toBeGreaterThanOrEqual(now - 2 * DAY_MS - CHUNK_SPAN_MS[RAW]!)
    expect(oldestOf(h.rollups('A', '1m', T0, now))).toBeGreaterThanOrEqual(now - 5 * DAY_MS - DAY_MS)
    expect(oldestOf(h.rollups('A', '1h', T0, now))).toBe(T0)
    const before = h.diskUsage()
    expect(before.usedBytes).toBeGreaterThan(0)
    expect(before.fileBytes).toBeGreaterThanOrEqual(before.usedBytes)
    h.close()
    const tight = openHistorian({ file, flushIntervalMs: 0, clock: () => now, retention: { diskBudgetBytes: Math.floor(before.usedBytes / 2) } })
    const rawBefore = h2raw(file, now)
    tight.applyRetention(now)
    expect(tight.diskUsage().usedBytes).toBeLessThanOrEqual(before.usedBytes / 2)
    // Raw data goes oldest first, before any rollup; the hour rollups survive.
    const rawAfter = tight.queryRaw('A', T0, now).t
    if (rawAfter.length > 0) expect(rawAfter[0]!).toBeGreaterThan(rawBefore)
    expect(oldestOf(tight.rollups('A', '1h', T0, now))).toBe(T0)
    tight.close()
  })
})
