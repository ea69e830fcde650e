import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'libsql'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { openHistorian } from './historian'
import { STAGING_MAX_BLOB_BYTES, STAGING_MAX_ROWS, STAGING_ROTATION_MS } from './staging'

const T0 = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000
const TAGS = 200
const FLUSH_MS = 500
const dirs: string[] = []
afterEach(() => {
  vi.useRealTimers()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** One value of every tag at `t`. */
const everyTag = (t: number) => ({
  tagIndex: Array.from({ length: TAGS }, (_, i) => i),
  sourceTime: new Array<number>(TAGS).fill(t),
  value: Array.from({ length: TAGS }, (_, i) => i + t / 1e12),
  status: new Array<number>(TAGS).fill(0)
})

/** Rows in each table, read by a second connection (what another process sees). */
function rows(file: string): { staging: number; raw: number } {
  const db = new Database(file)
  try {
    const count = (sql: string): number => (db.prepare(sql).get() as { c: number }).c
    return { staging: count('SELECT count(*) AS c FROM historian_staging'), raw: count('SELECT count(*) AS c FROM historian_chunk WHERE tier = 0') }
  } finally {
    db.close()
  }
}

/** The file as a kill -9 would leave it now: the database and its WAL, copied between two flushes. */
function crashCopy(file: string, dir: string): string {
  const copy = join(dir, 'crashed.db')
  for (const suffix of ['', '-wal']) if (existsSync(file + suffix)) copyFileSync(file + suffix, copy + suffix)
  return copy
}

/** A historian on a new file with the timer's flushes (fake timers) and TAGS tags; `clock.now` is its time. */
function openSite() {
  vi.useFakeTimers()
  const dir = mkdtempSync(join(tmpdir(), 'staging-'))
  dirs.push(dir)
  const file = join(dir, 'h.db')
  const clock = { now: T0 }
  const h = openHistorian({ file, flushIntervalMs: FLUSH_MS, clock: () => clock.now })
  h.useTags(Array.from({ length: TAGS }, (_, i) => `T${i}`))
  return { dir, file, clock, h }
}

describe('historian staging', () => {
  it("writes one staging row per flush, stores each tag's chunks in turn, and loses nothing in a crash", () => {
    const { dir, file, clock, h } = openSite()
    for (let s = 0; s < 3; s++) h.append(everyTag(T0 + s * 1000))
    clock.now = T0 + 3000
    vi.advanceTimersByTime(FLUSH_MS)

    // One flush: a staging row for all tags, and chunk rows for this flush's turn only.
    const turn = Math.ceil((TAGS * FLUSH_MS) / STAGING_ROTATION_MS)
    expect(rows(file)).toEqual({ staging: 1, raw: turn })

    // A reader in this process sees every flushed value: its tag is stored first.
    expect(Array.from(h.queryRaw('T150', T0, T0 + 10_000).t)).toEqual([T0, T0 + 1000, T0 + 2000])

    // After a kill -9 now, the next start stores what staging holds, each row once.
    const copy = crashCopy(file, dir)
    const recovered = openHistorian({ file: copy, flushIntervalMs: 0, clock: () => clock.now })
    for (const tag of ['T0', 'T150', `T${TAGS - 1}`]) {
      const { t, v } = recovered.queryRaw(tag, T0, T0 + 10_000)
      expect(Array.from(t)).toEqual([T0, T0 + 1000, T0 + 2000])
      expect(v[2]).toBe(Number(tag.slice(1)) + (T0 + 2000) / 1e12)
    }
    recovered.close()
    expect(rows(copy).staging).toBe(0)

    // Once every tag has had its turn twice, the blobs of the first round are gone.
    const flushesPerRound = Math.ceil(TAGS / turn)
    for (let k = 0; k < 2 * flushesPerRound; k++) {
      h.append(everyTag(T0 + 3000 + k * FLUSH_MS))
      clock.now += FLUSH_MS
      vi.advanceTimersByTime(FLUSH_MS)
    }
    expect(rows(file).staging).toBeLessThanOrEqual(flushesPerRound + 1)
    h.close()
    // Closing stores everything: nothing is left in staging.
    expect(rows(file).staging).toBe(0)
    const reopened = openHistorian({ file, flushIntervalMs: 0, clock: () => clock.now })
    expect(reopened.queryRaw('T7', T0, clock.now + 1).t.length).toBe(3 + 2 * flushesPerRound)
    reopened.close()
  })

  it('drops only blobs whose rows are stored, also after staging was emptied', () => {
    const { dir, file, clock, h } = openSite()
    const flushesPerRound = Math.ceil(TAGS / Math.ceil((TAGS * FLUSH_MS) / STAGING_ROTATION_MS))
    let flushed = 0
    const step = (): void => {
      h.append(everyTag(T0 + flushed * FLUSH_MS))
      flushed++
      clock.now += FLUSH_MS
      vi.advanceTimersByTime(FLUSH_MS)
    }
    for (let k = 0; k < 3 * flushesPerRound; k++) step()
    // An explicit flush empties staging; the blobs after it must not reuse the ids of the old ones.
    h.flush()
    for (let k = 0; k < 2 * flushesPerRound + 1; k++) step()
    const recovered = openHistorian({ file: crashCopy(file, dir), flushIntervalMs: 0, clock: () => clock.now })
    for (let i = 0; i < TAGS; i += 37) expect(recovered.queryRaw(`T${i}`, T0, clock.now + 1).t.length).toBe(flushed)
    recovered.close()
    h.close()
  })

  it('shows a reader the staged rows of a chunk that closed since the last flush', () => {
    const { clock, h } = openSite()
    for (let s = 0; s < 10; s++) {
      h.append(everyTag(T0 + s * 1000))
      clock.now += FLUSH_MS
      vi.advanceTimersByTime(FLUSH_MS)
    }
    // The last tag's turn has not come: its rows are staged only. A value 13 h on closes its raw chunk (12 h span).
    const last = TAGS - 1
    h.append({ tagIndex: [last], sourceTime: [T0 + 13 * 3_600_000], value: [1], status: [0] })
    expect(h.queryRaw(`T${last}`, T0, T0 + 86_400_000).t.length).toBe(11)
    vi.advanceTimersByTime(FLUSH_MS)
    expect(h.queryRaw(`T${last}`, T0, T0 + 86_400_000).t.length).toBe(11)
    h.close()
  })

  it('does not bring back after a crash the rollups a backfill rebuilt', () => {
    const { dir, file, clock, h } = openSite()
    const last = TAGS - 1
    const one = (t: number, value: number, status = 0): void => h.append({ tagIndex: [last], sourceTime: [t], value: [value], status: [status] })
    one(T0, 10)
    vi.advanceTimersByTime(FLUSH_MS)
    // Its turn has not come: 64 minute buckets, held at 10, wait in staging.
    one(T0 + 65 * 60_000, 11)
    vi.advanceTimersByTime(FLUSH_MS)
    // A backfilled Bad value 30 s in: nothing is held after it, the rebuilt tag has no such buckets.
    one(T0 + 30_000, Number.NaN, 0x80000000)
    vi.advanceTimersByTime(FLUSH_MS)
    const live = h.rollups(`T${last}`, '1m', T0, T0 + 2 * 3_600_000)
    const recovered = openHistorian({ file: crashCopy(file, dir), flushIntervalMs: 0, clock: () => clock.now })
    recovered.useTags(Array.from({ length: TAGS }, (_, i) => `T${i}`))
    expect(recovered.rollups(`T${last}`, '1m', T0, T0 + 2 * 3_600_000)).toEqual(live)
    recovered.close()
    h.close()
  })

  it('keeps a burst to a bounded blob: the tags past it are stored in their chunks', () => {
    vi.useFakeTimers()
    const dir = mkdtempSync(join(tmpdir(), 'staging-'))
    dirs.push(dir)
    const file = join(dir, 'h.db')
    const tags = 2_000
    const rowsEach = STAGING_MAX_ROWS - 1
    const h = openHistorian({ file, flushIntervalMs: FLUSH_MS, clock: () => T0 + rowsEach * 1000 })
    h.useTags(Array.from({ length: tags }, (_, i) => `B${i}`))
    // A history read at connect: just under the per-tag limit for every tag, far over the blob's.
    const tagIndex = Array.from({ length: tags }, (_, i) => i)
    for (let r = 0; r < rowsEach; r++) h.append({ tagIndex, sourceTime: new Array<number>(tags).fill(T0 + r * 1000), value: new Array<number>(tags).fill(r), status: new Array<number>(tags).fill(0) })
    vi.advanceTimersByTime(FLUSH_MS)
    const db = new Database(file)
    const blob = (db.prepare('SELECT max(length(data)) AS b FROM historian_staging').get() as { b: number }).b
    db.close()
    expect(blob).toBeLessThanOrEqual(STAGING_MAX_BLOB_BYTES + 8 * (4 + 3 * rowsEach))
    const recovered = openHistorian({ file: crashCopy(file, dir), flushIntervalMs: 0, clock: () => T0 + rowsEach * 1000 })
    for (const i of [0, 700, tags - 1]) expect(recovered.queryRaw(`B${i}`, T0, T0 + rowsEach * 1000).t.length).toBe(rowsEach)
    recovered.close()
    h.close()
  })
})
