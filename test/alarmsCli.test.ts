import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { runCli } from '../src/main/cli/index'
import { computeKpi } from '../src/main/core/alarms/alarmKpi'
import { journalRows } from '../src/main/core/alarms/alarmStore'
import { limitCondition, summaryFixture } from '../src/main/core/alarms/testFixtures'
import { alarmAndWorkOrderSources } from '../src/main/core/reports/liveSources'
import { tempDir } from './support/tempDir'

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await runCli(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s) })
  return { code, out, err }
}

const T0 = Date.parse('2026-11-30T06:00:00Z')

/** A shift's alarms: one chattering alarm, a flood of 14 in 2 minutes, an acknowledgement and a shelve. */
function recordShift(dir: string) {
  let now = T0
  const f = summaryFixture(() => now, { dir })
  for (const dt of [0, 10_000, 20_000]) {
    now = T0 + dt
    f.summary.set(limitCondition({ id: 'limit:CV-101.Speed:L', tag: 'CV-101.Speed', equipment: 'CV-101', priority: 2 }), true)
    now += 5_000
    f.summary.set(limitCondition({ id: 'limit:CV-101.Speed:L', tag: 'CV-101.Speed', equipment: 'CV-101', priority: 2 }), false)
  }
  for (let i = 0; i < 14; i++) {
    now = T0 + 3_600_000 + i * 8_000
    f.summary.set(limitCondition({ id: `limit:PU-40${i}.Flow:L`, tag: `PU-40${i}.Flow`, equipment: 'PU-401', priority: 3 }), true)
  }
  now = T0 + 3_700_000
  f.summary.acknowledge(['limit:PU-400.Flow:L'], 'olga', 'pump 1 tripped, restarting')
  f.summary.shelve('limit:PU-401.Flow:L', 60, 'consequential of PU-400 trip', 'olga')
  return f
}

describe('alarm journal and KPIs', () => {
  it('computes rate, flood time, bad actors, chattering and priority shares from the journal', () => {
    const f = recordShift(tempDir('alarm-kpi'))
    const kpi = computeKpi(journalRows(f.db, T0, T0 + 8 * 3_600_000), f.summary.list(), T0, T0 + 8 * 3_600_000)
    expect(kpi.raises).toBe(17)
    expect(kpi.alarmsPer10Min).toBeCloseTo(17 / 48, 2)
    expect(kpi.floods).toBe(1)
    expect(kpi.peakPer10Min).toBe(14)
    // The flood starts at the 11th raise (80 s in) and ends when the 10-min window holds 4: 10 min after the 10th raise.
    const start = T0 + 3_600_000 + 10 * 8_000
    const end = T0 + 3_600_000 + 9 * 8_000 + 600_000 + 8_000
    expect(kpi.floodPct).toBeCloseTo((100 * (end - start)) / (8 * 3_600_000), 1)
    expect(kpi.chattering.map((c) => [c.alarmId, c.raises])).toEqual([['limit:CV-101.Speed:L', 3]])
    expect(kpi.topBadActors[0]).toMatchObject({ alarmId: 'limit:CV-101.Speed:L', raises: 3 })
    expect(kpi.priorityCounts).toEqual({ 1: 0, 2: 3, 3: 14, 4: 0 })
    expect(kpi.priorityPct).toEqual({ 1: 0, 2: 17.6, 3: 82.4, 4: 0 })
    expect(kpi.shelves).toBe(1)
    expect(kpi.shelvedNow).toBe(1)
    // The shift report takes the counts as they are, not back from the rounded shares.
    expect(alarmAndWorkOrderSources(f.db).alarmKpis(T0, T0 + 8 * 3_600_000).priorityDistribution).toEqual({ 1: 0, 2: 3, 3: 14, 4: 0 })
  })

  it('exports the journal as CSV and prints the KPIs from the command line', async () => {
    const dir = tempDir('alarm-cli')
    recordShift(dir).db.close()
    const out = join(dir, 'journal.csv')
    expect(await run('alarms', 'journal', '--from', '2026-11-30T06:00:00Z', '--to', '2026-11-30T14:00:00Z', '--out', out, '--data-dir', dir)).toMatchObject({ code: 0 })
    const rows = parse(readFileSync(out, 'utf8'), { columns: true, bom: true }) as Record<string, string>[]
    expect(rows.filter((r) => r.transition === 'raise')).toHaveLength(17)
    expect(rows.find((r) => r.transition === 'acknowledge')).toMatchObject({ user: 'olga', comment: 'pump 1 tripped, restarting', alarm: 'limit:PU-400.Flow:L' })
    expect(rows.find((r) => r.transition === 'shelve')).toMatchObject({ comment: 'consequential of PU-400 trip' })
    const kpi = await run('alarms', 'kpi', '--from', '2026-11-30T06:00:00Z', '--to', '2026-11-30T14:00:00Z', '--data-dir', dir)
    expect(kpi.code).toBe(0)
    expect(kpi.out).toMatch(/ok {3}alarms per 10 min per operator {2}0\.35/)
    expect(kpi.out).toMatch(/MISS chattering alarms {16}1/)
    expect(kpi.out).toMatch(/1\. limit:CV-101\.Speed:L {2}3/)
  })

  it('refuses a span without offsets or backwards, writing nothing', async () => {
    const dir = tempDir('alarm-cli-bad')
    const bad = await run('alarms', 'journal', '--from', '2026-11-30T06:00:00', '--to', '2026-11-30T14:00:00Z', '--out', join(dir, 'x.csv'), '--data-dir', dir)
    expect(bad.code).toBe(2)
    expect(bad.err).toMatch(/--from must be an ISO 8601 time with an offset/)
    const back = await run('alarms', 'kpi', '--from', '2026-11-30T14:00:00Z', '--to', '2026-11-30T06:00:00Z', '--data-dir', dir)
    expect(back.err).toMatch(/--to .* must be after --from/)
  })
})
