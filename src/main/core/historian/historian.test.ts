import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { STATUS_NO_COMMUNICATION } from '../../../shared/domain'
import { openHistorian } from './historian'
import { bucketGrid } from './query'
import Database from 'libsql'
import { CHUNK_MAX_ROWS, CHUNK_SPAN_MS, ROLLUP_TIERS } from './chunkStore'
import { HOUR_MS, MINUTE_MS, type Bucket } from './rollup'
import { QUANTUM_BITS } from './quantized'
import { bruteBuckets, rng, type Sample } from './testSupport'
import type { DecimatedSeries, Historian } from './types'

const T0 = Date.parse('2026-01-01T00:00:00Z')
const UNCERTAIN = 0x40000000
const dirs: string[] = []
const tempFile = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'historian-'))
  dirs.push(dir)
  return join(dir, 'historian.db')
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** Three hours of four tags: steady 1 s, report-by-exception, bad quality and NaN, and one added later; two link losses. */
function plantScenario(seed: number) {
  const random = rng(seed)
  const end = T0 + 3 * HOUR_MS + 17 * MINUTE_MS + 4_321
  const linkGaps: Array<[number, number]> = [
    [T0 + 41 * MINUTE_MS + 500, T0 + 55 * MINUTE_MS + 250],
    [T0 + 2 * HOUR_MS + 3_000, T0 + 2 * HOUR_MS + 90_000]
  ]
  const down = (t: number): boolean => linkGaps.some(([a, b]) => t >= a && t < b)
  const tags: Record<string, Sample[]> = { A: [], B: [], C: [], D: [] }
  for (let t = T0; t < end; t += 1000) if (!down(t)) tags.A!.push([t, 50 + 10 * Math.sin(t / 600_000) + random(), 0])
  for (let t = T0 + 7; t < end; t += Math.floor(random() * 600_000) + 100) if (!down(t)) tags.B!.push([t, Math.round(random() * 100) / 10, 0])
  for (let t = T0 + 3; t < end; t += Math.floor(random() * 20_000) + 50) {
    if (down(t)) continue
    const r = random()
    tags.C!.push([t, r < 0.05 ? NaN : random() * 5, r < 0.15 ? STATUS_NO_COMMUNICATION : r < 0.25 ? UNCERTAIN : 0])
  }
  for (let t = T0 + 100 * MINUTE_MS + 11; t < end; t += 2500) if (!down(t)) tags.D!.push([t, random() * 3 - 1, 0])
  // The core marks every tag stale when the link drops.
  for (const [a] of linkGaps) for (const name of ['A', 'C']) tags[name]!.push([a, NaN, STATUS_NO_COMMUNICATION])
  for (const list of Object.values(tags)) list.sort((x, y) => x[0] - y[0])
  return { tags, end, linkGaps }
}

/** Feeds a scenario in time order, one batch a second, gaps opened and closed as time passes. */
function record(h: Historian, tags: Record<string, Sample[]>, linkGaps: Array<[number, number]>, from: number, to: number): void {
  const names = Object.keys(tags)
  const cursor = names.map((name) => tags[name]!.findIndex((s) => s[0] >= from))
  let open: { handle: ReturnType<Historian['openGap']>; end: number } | undefined
  for (let t = from; t < to; t += 1000) {
    const batch = { tagIndex: [] as number[], sourceTime: [] as number[], value: [] as number[], status: [] as number[] }
    names.forEach((name, index) => {
      const list = tags[name]!
      while (cursor[index]! >= 0 && cursor[index]! < list.length && list[cursor[index]!]![0] < Math.min(t + 1000, to)) {
        const [st, v, s] = list[cursor[index]!++]!
        batch.tagIndex.push(index)
        batch.sourceTime.push(st)
        batch.value.push(v)
        batch.status.push(s)
      }
    })
    h.append(batch)
    for (const [a, b] of linkGaps) if (a >= t && a < t + 1000 && a < to) open = { handle: h.openGap('link-lost', a), end: b }
    if (open && open.end < t + 1000) {
      h.closeGap(open.handle, open.end)
      open = undefined
    }
    if ((t - from) % 60_000 === 0) h.flush()
  }
}

/**
 * Rollup values are kept to binary32 precision of their chunk's largest magnitude
 * (quantized.ts); counts and times exactly.
 */
function expectBuckets(actual: DecimatedSeries, expected: Bucket[], label: string): void {
  const got = actual.t.map((t, k) => ({ t, n: actual.n[k], good: actual.good[k], min: actual.min[k], max: actual.max[k], first: actual.first[k], last: actual.last[k], avg: actual.avg[k] }))
  const want = expected.map((b) => ({ t: b.t, n: b.n, good: b.good, min: b.min, max: b.max, first: b.first, last: b.last, avg: b.covered > 0 ? b.area / b.covered : NaN }))
  expect(got.length, `${label}: bucket count`).toBe(want.length)
  const largest = Math.max(1, ...want.flatMap((w) => [w.min, w.max].filter(Number.isFinite).map(Math.abs)))
  // One quantum: the rounding of a value (half of one) plus that of a mean merged from rounded ones.
  const tolerance = 2 ** (Math.ceil(Math.log2(largest)) - QUANTUM_BITS)
  got.forEach((g, k) => {
    const w = want[k]!
    const at = `${label}: bucket ${new Date(w.t).toISOString()}`
    expect({ t: g.t, n: g.n, good: g.good }, at).toEqual({ t: w.t, n: w.n, good: w.good })
    for (const field of ['min', 'max', 'first', 'last', 'avg'] as const) {
      const [a, b] = [g[field]!, w[field]]
      if (Number.isNaN(b)) expect(a, `${at} ${field}`).toBeNaN()
      else expect(Math.abs(a - b), `${at} ${field}: got ${a} want ${b}`).toBeLessThanOrEqual(tolerance)
    }
  })
}

describe('historian', () => {
  it('keeps rollups and decimation equal to brute force over raw data, with gaps and bad quality', () => {
    const { tags, end, linkGaps } = plantScenario(3)
    const h = openHistorian({ file: tempFile(), flushIntervalMs: 0, clock: () => T0 - 1 })
    h.useTags(Object.keys(tags))
    record(h, tags, linkGaps, T0, end)
    // Recording stops at `end`: every hold ends there.
    h.openGap('test-end', end)
    h.flush()
    const sources = new Set<string>()
    for (const [name, samples] of Object.entries(tags)) {
      const gapStarts = h.gaps(name, T0 - HOUR_MS, end + HOUR_MS).map((g) => g.start)
      expect(gapStarts).toEqual(expect.arrayContaining([linkGaps[0]![0], linkGaps[1]![0], end]))
      for (const { name: tier, widthMs: width } of ROLLUP_TIERS) {
        // The bucket holding `end` closes only when a later one starts.
        const closedBefore = Math.floor(end / width) * width
        const stored = h.rollups(name, tier, T0 - HOUR_MS, closedBefore)
        expectBuckets(stored, bruteBuckets(samples, gapStarts, 0, closedBefore, width), `${name} ${tier}`)
      }
      const raw = h.queryRaw(name, T0 - 1, end + 1)
      expect(Array.from(raw.t)).toEqual(samples.map((s) => s[0]))
      expect(Array.from(raw.s)).toEqual(samples.map((s) => s[2]))
      for (const [from, to, maxPoints] of [
        [T0, end, 100],
        [T0, end, 2000],
        [T0 + 40 * MINUTE_MS, T0 + 58 * MINUTE_MS, 500],
        [T0 + 13_377, T0 + 2 * HOUR_MS + 100_000, 37],
        [T0 - HOUR_MS, end + HOUR_MS, 3],
        [T0 + 7_777, end - 1_234, 30],
        [T0 + 60_000, end, 3 * 12],
        [T0 + 99_999, end, 10]
      ] as const) {
        const grid = bucketGrid(from, to, maxPoints)
        const series = h.queryDecimated(name, from, to, maxPoints)
        expect(series.t.length).toBeLessThanOrEqual(maxPoints)
        sources.add(series.source)
        expectBuckets(series, bruteBuckets(samples, gapStarts, grid.start, grid.end, grid.bucketMs), `${name} ${maxPoints} over ${to - from} ms (${series.source})`)
      }
    }
    // Every tier and raw served at least one of the decimated reads above.
    expect([...sources].sort()).toEqual(['10m', '1h', '1m', '5m', 'raw'])
    expect(h.gaps('D', T0 - HOUR_MS, end).some((g) => g.reason === 'tag-added' && g.end === tags.D![0]![0])).toBe(true)
    h.close()
  })

  it('merges a backfill without duplicates and rebuilds the rollups it changes', () => {
    const { tags, end, linkGaps } = plantScenario(5)
    const file = tempFile()
    const h = openHistorian({ file, flushIntervalMs: 0, clock: () => end })
    h.useTags(['A'])
    const full = tags.A!
    const live = full.filter((s) => s[0] < linkGaps[0]![0] || s[0] >= linkGaps[0]![1] + 20 * MINUTE_MS)
    record(h, { A: live }, [], T0, end)
    h.openGap('test-end', end)
    h.flush()
    // The server's history of the hole, overlapping what was recorded live on both sides.
    const backfill = full.filter((s) => s[0] >= linkGaps[0]![0] - 60_000 && s[0] < linkGaps[0]![1] + 25 * MINUTE_MS)
    h.append({ tagIndex: backfill.map(() => 0), sourceTime: backfill.map((s) => s[0]), value: backfill.map((s) => s[1]), status: backfill.map((s) => s[2]) })
    h.flush()
    const raw = h.queryRaw('A', T0, end)
    expect(Array.from(raw.t)).toEqual(full.map((s) => s[0]))
    for (const { name, widthMs } of ROLLUP_TIERS) {
      const closedBefore = Math.floor(end / widthMs) * widthMs
      expectBuckets(h.rollups('A', name, T0, closedBefore), bruteBuckets(full, [end], 0, closedBefore, widthMs), `A ${name} after backfill`)
    }
    h.close()
  })

  it('resumes after a restart: the open chunks and rollups continue, the downtime is a gap', () => {
    const { tags, end, linkGaps } = plantScenario(9)
    const file = tempFile()
    const stop = T0 + 75 * MINUTE_MS + 12_345
    const restart = stop + 7 * MINUTE_MS
    const down = (s: Sample): boolean => s[0] >= stop && s[0] < restart
    const kept = Object.fromEntries(Object.entries(tags).map(([name, list]) => [name, list.filter((s) => !down(s))]))
    let now = T0
    const first = openHistorian({ file, flushIntervalMs: 0, clock: () => now })
    first.useTags(Object.keys(kept))
    record(first, kept, linkGaps, T0, stop)
    now = stop
    first.close()
    now = restart
    const second = openHistorian({ file, flushIntervalMs: 0, clock: () => now })
    expect(second.lastWriteBefore).toBe(stop)
    second.useTags(Object.keys(kept))
    second.openGap('not-running', second.lastWriteBefore!, { end: restart })
    record(second, kept, linkGaps, restart, end)
    second.openGap('test-end', end)
    second.flush()
    for (const [name, samples] of Object.entries(kept)) {
      const gapStarts = second.gaps(name, T0 - HOUR_MS, end + HOUR_MS).map((g) => g.start)
      expect(gapStarts).toContain(stop)
      for (const { name: tier, widthMs: width } of ROLLUP_TIERS) {
        const closedBefore = Math.floor(end / width) * width
        expectBuckets(second.rollups(name, tier, T0 - HOUR_MS, closedBefore), bruteBuckets(samples, gapStarts, 0, closedBefore, width), `${name} ${tier} after restart`)
      }
      expect(Array.from(second.queryRaw(name, T0 - 1, end).t)).toEqual(samples.map((s) => s[0]))
    }
    second.close()
    // The pieces open chunks leave (one per flush) are joined when the next run takes the tags
    // up: no two neighbouring chunks could still be one.
    const third = openHistorian({ file, flushIntervalMs: 0, clock: () => now })
    third.useTags(Object.keys(kept))
    const db = new Database(file)
    const chunks = db.prepare('SELECT tag_id, tier, start_ms, end_ms, n FROM historian_chunk ORDER BY tag_id, tier, start_ms').all() as Array<{ tag_id: number; tier: number; start_ms: number; end_ms: number; n: number }>
    db.close()
    expect(chunks.length).toBeGreaterThan(0)
    chunks.forEach((c, i) => {
      const next = chunks[i + 1]
      if (!next || next.tag_id !== c.tag_id || next.tier !== c.tier) return
      const joinable = c.n + next.n <= CHUNK_MAX_ROWS[c.tier]! && next.end_ms < c.start_ms + CHUNK_SPAN_MS[c.tier]!
      expect(joinable, `tag ${c.tag_id} tier ${c.tier}: chunks at ${c.start_ms} and ${next.start_ms} left apart`).toBe(false)
    })
    third.close()
  })

  it('rebuilds after a restart the same rollups as it recorded live, across a gap', () => {
    const file = tempFile()
    let now = T0 + 13 * MINUTE_MS
    const first = openHistorian({ file, flushIntervalMs: 0, clock: () => now })
    first.useTags(['A'])
    const gapAt = T0 + 2 * MINUTE_MS
    for (let t = T0; t < T0 + 12 * MINUTE_MS; t += 1000) {
      // The link is lost for a minute, as live recording sees it: the gap in its time order.
      if (t === gapAt) first.openGap('link-lost', gapAt, { end: gapAt + MINUTE_MS })
      if (t >= gapAt && t < gapAt + MINUTE_MS) continue
      first.append({ tagIndex: [0], sourceTime: [t], value: [t < gapAt ? 10 : 0], status: [0] })
    }
    first.flush()
    const live = ROLLUP_TIERS.map(({ name }) => first.rollups('A', name, T0, T0 + HOUR_MS))
    first.close()
    now += MINUTE_MS
    const second = openHistorian({ file, flushIntervalMs: 0, clock: () => now })
    second.useTags(['A'])
    second.flush()
    ROLLUP_TIERS.forEach(({ name }, k) => expect(second.rollups('A', name, T0, T0 + HOUR_MS), `${name} rebuilt`).toEqual(live[k]))
    second.close()
  })

  it('tells its disk use per tier, within the pages in use, against the budget', () => {
    const h = openHistorian({ file: tempFile(), flushIntervalMs: 0, clock: () => T0 + 3 * HOUR_MS, retention: { diskBudgetBytes: 2 ** 30 } })
    h.useTags(['A'])
    for (let t = T0; t < T0 + 2 * HOUR_MS; t += 1000) h.append({ tagIndex: [0], sourceTime: [t], value: [20 + Math.sin(t / 60_000) + (t % 7_000) / 1e4], status: [0] })
    h.flush()
    const tiers = h.tierUsage()
    const disk = h.diskUsage()
    h.close()
    expect(tiers.map((t) => t.tier)).toEqual(['raw', '1m', '5m', '10m', '1h'])
    expect(tiers.every((t) => t.bytes > 0 && t.retentionMs > 0)).toBe(true)
    // Raw holds 7,200 samples; the minute tier 120 buckets: raw weighs most.
    expect(tiers[0]!.bytes).toBeGreaterThan(tiers[1]!.bytes)
    expect(tiers.reduce((sum, t) => sum + t.bytes, 0)).toBeLessThanOrEqual(disk.usedBytes)
    expect(disk.budgetBytes).toBe(2 ** 30)
  })
})

