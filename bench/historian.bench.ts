/**
 * Historian figures (issue 8), side by side with a plain SQLite table in the same run:
 * - historian_ingest_per_s: 8 pens × 30 days at 1 s into the historian, rollups on, one
 *   flush (transaction) per simulated minute;
 * - history_query_ms / history_query_30d_ms: p95 of 7-day and 30-day decimated queries of
 *   all 8 pens (2,000 buckets each), over that store; history_query_cold_ms and
 *   history_query_30d_cold_ms: the first of each apart (and after reopening, code compiled
 *   but nothing decoded), with the warm p95 in the unit text;
 * - historian_bytes_per_sample: a recorded demo-plant week (every tag at 1 Hz, 40 M values);
 *   historian_bytes_per_sample_10s: the same week every 10 s, where rollups weigh most;
 * - historian_rss_growth_pct: 10 minutes of 10,000 values/s (100 tags at 100 ms) in simulated
 *   time, so it takes seconds: same values and same 600 flushes, not the same wall time;
 * - historian_vs_plain_sqlite_{ingest,query,bytes}_ratio: the same 7 days × 8 pens into
 *   `(tag, t, v, s)` with an index on (tag, t), what a user would write by hand, and the
 *   same 7-day query written as GROUP BY (ratios > 1 favour the historian);
 * - historian_live_cpu_pct: a 10,000-tag site at 1 Hz recorded in real time, the CPU share of
 *   one core, beside historian_live_cpu_pct_store_every_flush (the write path before staging).
 * Run: npx tsx bench/historian.bench.ts [ingest|plain|bytes|bytes10|rss|live] (about four minutes on two cores).
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import Database from 'libsql'
import { STATUS_NO_COMMUNICATION } from '../src/shared/domain'
import { openHistorian } from '../src/main/core/historian/historian'
import type { Historian } from '../src/main/core/historian/types'
import { recordPlant } from '../src/main/demo-plant/record'
import { percentile, report, tempDir } from './support'

const DAY_MS = 86_400_000
const PENS = 8
const T0 = Date.parse('2026-01-01T00:00:00Z')
const dir = tempDir('historian-bench')
// bench/run.mjs starts benches without --expose-gc; RSS is compared after a full collection.
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
/** The historian's default flush interval (historian.ts). */
const FLUSH_INTERVAL_MS = 500

/** Plant-like 1 Hz values: a slow process swing, noise at full double precision. */
const valueAt = (pen: number, t: number): number => 50 + 10 * pen + 5 * Math.sin(t / 3_600_000 + pen) + Math.random() * 0.5

/**
 * Feeds `pens` × `days` at 1 s, one batch a simulated second, and flushes on the historian's
 * own cadence: every 500 ms of wall time (at 500,000 values/s that is 250,000 per transaction,
 * as live recording at that rate would write). Returns samples/s.
 */
function ingest(write: (batch: { tagIndex: Uint32Array; sourceTime: Float64Array; value: Float64Array; status: Uint32Array }) => void, flush: () => void, days: number): number {
  const tagIndex = Uint32Array.from({ length: PENS }, (_, i) => i)
  const sourceTime = new Float64Array(PENS)
  const value = new Float64Array(PENS)
  const status = new Uint32Array(PENS)
  const seconds = (days * DAY_MS) / 1000
  const started = performance.now()
  let lastFlush = started
  for (let s = 0; s < seconds; s++) {
    const t = T0 + s * 1000
    for (let p = 0; p < PENS; p++) {
      sourceTime[p] = t
      value[p] = valueAt(p, t)
    }
    write({ tagIndex, sourceTime, value, status })
    if ((s & 1023) === 0 && performance.now() - lastFlush >= FLUSH_INTERVAL_MS) {
      flush()
      lastFlush = performance.now()
    }
  }
  flush()
  return (seconds * PENS) / ((performance.now() - started) / 1000)
}

const usedBytes = (db: InstanceType<typeof Database>): number => {
  const get = (p: string): number => Number(Object.values(db.prepare(`PRAGMA ${p}`).get() as object)[0])
  db.pragma('wal_checkpoint(TRUNCATE)')
  return (get('page_count') - get('freelist_count')) * get('page_size')
}

/** p95 over `runs` windows, each an hour earlier (panning); the first query of a window finds nothing decoded yet. */
function timeQueries(query: (from: number, to: number) => void, end: number, spanMs: number, runs = 40): { p95: number; cold: number; warmP95: number } {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    // A different window each time, as an operator panning would ask.
    const to = end - i * 3_600_000
    const started = performance.now()
    query(to - spanMs, to)
    times.push(performance.now() - started)
  }
  const cold = times[0]!
  const warmP95 = percentile(times.slice(1).sort((a, b) => a - b), 95)
  return { p95: percentile(times.sort((a, b) => a - b), 95), cold, warmP95 }
}

function queryPens(h: Historian, from: number, to: number): void {
  for (let p = 0; p < PENS; p++) h.queryDecimated(`pen${p}`, from, to, 2000)
}

function historian30Days(): void {
  const h = openHistorian({ file: join(dir, 'h30.db'), flushIntervalMs: 0, clock: () => T0 + 30 * DAY_MS, retention: { rawMs: 400 * DAY_MS } })
  h.useTags(Array.from({ length: PENS }, (_, p) => `pen${p}`))
  const rate = ingest((b) => h.append(b), () => h.flush(), 30)
  report('historian_ingest_per_s', rate, 'samples/s', 0)
  const end = T0 + 30 * DAY_MS
  const week = timeQueries((from, to) => queryPens(h, from, to), end, 7 * DAY_MS)
  report('history_query_ms', week.p95, `ms (p95 of 40 pans, 7 d x 8 pens, 2000 buckets; first, nothing decoded yet: ${week.cold.toFixed(0)} ms; warm p95: ${week.warmP95.toFixed(1)} ms)`)
  const month = timeQueries((from, to) => queryPens(h, from, to), end, 30 * DAY_MS, 20)
  report('history_query_30d_ms', month.p95, `ms (p95 of 20 pans, 30 d x 8 pens, 2000 buckets; first: ${month.cold.toFixed(0)} ms; warm p95: ${month.warmP95.toFixed(1)} ms)`)
  h.close()
  // Cold apart from warm: the first query of a process (nothing compiled, nothing decoded) is
  // the one above; a reopened historian shows the cost of decoding alone (code compiled, cache empty).
  const reopenedMs = (spanMs: number): number => {
    const again = openHistorian({ file: join(dir, 'h30.db'), flushIntervalMs: 0, clock: () => end, readOnly: true })
    const started = performance.now()
    queryPens(again, end - spanMs, end)
    const ms = performance.now() - started
    again.close()
    return ms
  }
  report('history_query_cold_ms', week.cold, `ms (first 7-day query of the process; reopened, nothing decoded but code compiled: ${reopenedMs(7 * DAY_MS).toFixed(1)} ms)`)
  report('history_query_30d_cold_ms', month.cold, `ms (first 30-day query; reopened: ${reopenedMs(30 * DAY_MS).toFixed(1)} ms)`)
}

function sideBySide(): void {
  const days = 7
  const end = T0 + days * DAY_MS
  const h = openHistorian({ file: join(dir, 'h7.db'), flushIntervalMs: 0, clock: () => end, retention: { rawMs: 400 * DAY_MS } })
  h.useTags(Array.from({ length: PENS }, (_, p) => `pen${p}`))
  const historianRate = ingest((b) => h.append(b), () => h.flush(), days)
  const historianQuery = timeQueries((from, to) => queryPens(h, from, to), end, days * DAY_MS, 10).p95
  h.close()
  const hdb = new Database(join(dir, 'h7.db'))
  const historianBytes = usedBytes(hdb)
  hdb.close()

  const db = new Database(join(dir, 'plain.db'))
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.exec('CREATE TABLE samples (tag INTEGER NOT NULL, t INTEGER NOT NULL, v REAL, s INTEGER NOT NULL); CREATE INDEX samples_tag_t ON samples (tag, t)')
  const insert = db.prepare('INSERT INTO samples (tag, t, v, s) VALUES (?, ?, ?, ?)')
  let pending: Array<[number, number, number, number]> = []
  const write = db.transaction((rows: Array<[number, number, number, number]>) => {
    for (const r of rows) insert.run(r[0], r[1], r[2], r[3])
  })
  const plainRate = ingest(
    (b) => {
      for (let i = 0; i < b.tagIndex.length; i++) pending.push([b.tagIndex[i]!, b.sourceTime[i]!, b.value[i]!, b.status[i]!])
    },
    () => {
      write(pending)
      pending = []
    },
    days
  )
  const grouped = db.prepare(
    'SELECT (t - ?) / ? AS b, min(v), max(v), count(*) FROM samples WHERE tag = ? AND t >= ? AND t < ? GROUP BY b ORDER BY b'
  )
  const plainQuery = timeQueries(
    (from, to) => {
      const width = Math.ceil((to - from) / 2000)
      for (let p = 0; p < PENS; p++) grouped.all(from, width, p, from, to)
    },
    end,
    days * DAY_MS,
    3
  ).p95
  const plainBytes = usedBytes(db)
  db.close()
  report('historian_vs_plain_sqlite_ingest_ratio', historianRate / plainRate, `x (historian ${historianRate.toFixed(0)}/s, plain ${plainRate.toFixed(0)}/s)`, 2)
  report('historian_vs_plain_sqlite_query_ratio', plainQuery / historianQuery, `x (historian ${historianQuery.toFixed(1)} ms, plain ${plainQuery.toFixed(1)} ms, p95 7 d x 8 pens)`, 2)
  report('historian_vs_plain_sqlite_bytes_ratio', plainBytes / historianBytes, `x (historian ${(historianBytes / (days * 86_400 * PENS)).toFixed(2)} B/sample, plain ${(plainBytes / (days * 86_400 * PENS)).toFixed(2)} B/sample)`, 2)
}

/** A recorded demo-plant week at `intervalS`: bytes on disk per sample, rollups and indexes included. */
function demoPlantWeek(intervalS: number): void {
  const rec = recordPlant({ durationS: 7 * 86_400, intervalS })
  const file = join(dir, 'plant.db')
  const end = T0 + 8 * DAY_MS
  const h = openHistorian({ file, flushIntervalMs: 0, clock: () => end, retention: { rawMs: 400 * DAY_MS } })
  h.useTags(rec.columns)
  const n = rec.columns.length
  const tagIndex = Uint32Array.from({ length: n }, (_, i) => i)
  const status = new Uint32Array(n)
  let samples = 0
  rec.rows.forEach((row, k) => {
    for (let i = 0; i < n; i++) status[i] = Number.isNaN(row.values[i]!) ? STATUS_NO_COMMUNICATION : 0
    h.append({ tagIndex, sourceTime: new Float64Array(n).fill(Date.parse(row.timestamp)), value: row.values, status })
    samples += n
    // A flush per simulated hour, whatever the rate.
    if (k % (3600 / intervalS) === 3600 / intervalS - 1) h.flush()
  })
  h.close()
  const db = new Database(file)
  const bytes = usedBytes(db)
  const tiers = db.prepare('SELECT tier, sum(length(data)) AS b FROM historian_chunk GROUP BY tier ORDER BY tier').all() as Array<{ tier: number; b: number }>
  db.close()
  rmSync(file, { force: true })
  const perTier = tiers.map((t) => `tier ${t.tier}: ${(t.b / samples).toFixed(2)}`).join(', ')
  const name = intervalS === 1 ? 'historian_bytes_per_sample' : `historian_bytes_per_sample_${intervalS}s`
  report(name, bytes / samples, `B/sample (demo-plant week: ${n} tags every ${intervalS} s, ${samples} samples, rollups and indexes included; blob B/sample ${perTier})`, 2)
}

function rssGrowth(): void {
  const TAGS = 100
  const h = openHistorian({ file: join(dir, 'rss.db'), flushIntervalMs: 0, clock: () => T0 + 30 * DAY_MS })
  h.useTags(Array.from({ length: TAGS }, (_, i) => `t${i}`))
  const tagIndex = Uint32Array.from({ length: TAGS }, (_, i) => i)
  const status = new Uint32Array(TAGS)
  const value = new Float64Array(TAGS)
  let baseline = 0
  // 10 minutes at 100 ms cycles: 6,000 batches of 100 values, a flush each second.
  for (let cycle = 0; cycle < 6000; cycle++) {
    for (let i = 0; i < TAGS; i++) value[i] = valueAt(i, cycle * 100)
    h.append({ tagIndex, sourceTime: new Float64Array(TAGS).fill(T0 + cycle * 100), value, status })
    if (cycle % 10 === 9) h.flush()
    // After the first minute, every buffer has reached its working size.
    if (cycle === 600) {
      gc()
      baseline = process.memoryUsage().rss
    }
  }
  gc()
  const growth = ((process.memoryUsage().rss - baseline) / baseline) * 100
  h.close()
  report('historian_rss_growth_pct', growth, '% (10 min at 10,000 values/s, simulated time; RSS after minute 1 to minute 10)', 1)
}

/**
 * A live site: 10,000 tags reporting once a second, as the core records them, for
 * {@link LIVE_WINDOW_MS} of real time: the process's CPU as a share of one core. Side by side,
 * the same with every flush storing every tag's chunks (what the timer's flushes did before
 * staging: `flush()` every 500 ms).
 */
async function liveSite(): Promise<void> {
  const TAGS = 10_000
  const LIVE_WINDOW_MS = 15_000
  const run = async (name: string, storeEveryFlush: boolean): Promise<number> => {
    const h = openHistorian({ file: join(dir, `${name}.db`), flushIntervalMs: storeEveryFlush ? 0 : FLUSH_INTERVAL_MS })
    const flusher = storeEveryFlush ? setInterval(() => h.flush(), FLUSH_INTERVAL_MS) : undefined
    h.useTags(Array.from({ length: TAGS }, (_, i) => `site.T${i}`))
    const tagIndex = Uint32Array.from({ length: TAGS }, (_, i) => i)
    const status = new Uint32Array(TAGS)
    const value = new Float64Array(TAGS)
    const second = (): void => {
      const now = Date.now()
      for (let i = 0; i < TAGS; i++) value[i] = valueAt(i % PENS, now) + i
      h.append({ tagIndex, sourceTime: new Float64Array(TAGS).fill(now), value, status })
    }
    // A minute of warm-up in 5 s: the first flushes create the tags' first chunks.
    for (let k = 0; k < 5; k++) await new Promise((r) => setTimeout(r, 1000)).then(second)
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    while (performance.now() - t0 < LIVE_WINDOW_MS) await new Promise((r) => setTimeout(r, 1000)).then(second)
    const cpu = process.cpuUsage(cpu0)
    const pct = ((cpu.user + cpu.system) / 1000 / (performance.now() - t0)) * 100
    clearInterval(flusher)
    h.close()
    return pct
  }
  const staged = await run('live-staged', false)
  const everyFlush = await run('live-every-flush', true)
  report('historian_live_cpu_pct', staged, `% of a core (10,000 tags at 1 Hz, real time, flush every ${FLUSH_INTERVAL_MS} ms: new rows to staging, each tag's chunks in turn)`, 1)
  report('historian_live_cpu_pct_store_every_flush', everyFlush, '% of a core (same, every flush storing every tag: the write path before staging)', 1)
}

try {
  const only = process.argv[2]
  if (!only || only === 'ingest') historian30Days()
  if (!only || only === 'plain') sideBySide()
  if (!only || only === 'bytes') demoPlantWeek(1)
  if (!only || only === 'bytes' || only === 'bytes10') demoPlantWeek(10)
  if (!only || only === 'rss') rssGrowth()
  if (!only || only === 'live') await liveSite()
} finally {
  rmSync(dir, { recursive: true, force: true })
}
