import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../src/main/cli/index'
import { createAlarmStore } from '../src/main/core/alarms/alarmStore'
import { createAlarmSummary } from '../src/main/core/alarms/alarmSummary'
import { limitCondition } from '../src/main/core/alarms/testFixtures'
import type { HandoverContent } from '../src/shared/handover'
import { handoverRig, RIG_CALENDAR, type HandoverRig } from './support/handoverRig'
import { data } from './support/session'
import { tempDir } from './support/tempDir'

const MORNING = Date.parse('2026-11-25T05:00:00Z')
const HANDOVER = MORNING + 8 * 3_600_000 + 600_000

async function cli(args: string[], dataDir: string): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await runCli([...args, '--data-dir', dataDir], { stdout: (s) => void (out += s), stderr: (s) => void (err += s) })
  return { code, out, err }
}

describe('plantwatch report, unattended', () => {
  let rig: HandoverRig
  const outDir = tempDir('report-cli')
  beforeAll(async () => {
    rig = await handoverRig({ days: 0.5, historyEnd: HANDOVER, now: HANDOVER, intervalS: 60 })
    writeFileSync(join(rig.dataDir, 'settings.json'), JSON.stringify({ shifts: RIG_CALENDAR }))
  }, 60_000)
  afterAll(() => rig?.close())

  it('writes a DRAFT of an unsigned shift from the data folder, and the signed version once signed', async () => {
    const file = join(outDir, 'draft.pdf')
    const draft = await cli(['report', '--shift', '2026-11-25 06:00', '--out', file], rig.dataDir)
    expect(draft, draft.err).toMatchObject({ code: 0 })
    expect(draft.err).toContain('wrote a DRAFT report')
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-')
    const sue = await rig.as('sue')
    const v1 = data(await sue('report:signOff', { shiftStart: MORNING }))
    const json = join(outDir, 'signed.json')
    expect((await cli(['report', '--shift', '2026-11-25 06:00', '--out', json], rig.dataDir)).code).toBe(0)
    const exported = JSON.parse(readFileSync(json, 'utf8')) as { contentHash: string; version: { version: number; signedBy: string } }
    expect(exported).toMatchObject({ contentHash: v1.contentHash, version: { version: 1, signedBy: 'sue' } })
  })

  it('rebuilds the alarm sections offline from the alarm journal: standing and shelved alarms at the shift end, KPIs of the shift', async () => {
    // Alarms of the Afternoon shift, journaled by the alarm model as a running core would.
    const afternoon = MORNING + 8 * 3_600_000
    let now = afternoon + 3_600_000
    const summary = createAlarmSummary({ store: createAlarmStore(rig.db), clock: () => now })
    const low = limitCondition({ id: 'limit:PU-402.DischargePressure:L', tag: 'PU-402.DischargePressure', equipment: 'PU-402', limit: 'L', priority: 1, message: 'DischargePressure below L limit', value: 2 })
    const hot = limitCondition({ id: 'limit:CV-101.MotorTemp:H', tag: 'CV-101.MotorTemp', equipment: 'CV-101', limit: 'H', priority: 2, message: 'MotorTemp above H limit', value: 92 })
    summary.set(low, true, now)
    summary.acknowledge([low.id], 'olga', 'seal change under way')
    now += 600_000
    summary.set(hot, true, now)
    summary.shelve(hot.id, 720, 'thermocouple being replaced', 'olga')
    rig.setNow(afternoon + 8 * 3_600_000 + 600_000)
    const json = join(outDir, 'afternoon.json')
    const run = await cli(['report', '--shift', '2026-11-25 14:00', '--out', json, '--format', 'json'], rig.dataDir)
    expect(run, run.err).toMatchObject({ code: 0 })
    const { content } = JSON.parse(readFileSync(json, 'utf8')) as { content: HandoverContent }
    expect(content.tables.standing.rows.map((r) => [r[0], r[2], r[5]])).toEqual([
      [1, 'PU-402.DischargePressure', 'acknowledged (olga)'],
      [2, 'CV-101.MotorTemp', 'unacknowledged']
    ])
    // The 12-hour shelve runs past the shift's end: its expiry is not in the journal yet.
    expect(content.tables.watch.rows).toEqual([])
    expect(content.tables.shelved.rows).toEqual([['CV-101', 'CV-101.MotorTemp', 'olga', 'thermocouple being replaced', '15:10', 'not recorded']])
    expect(content.tables.kpis.available).toBe(true)
    const kpi = new Map(content.tables.kpis.rows.map((r) => [r[0], r[1]]))
    expect(kpi.get('Raised by priority (P1/P2/P3/P4)')).toBe('1 / 1 / 0 / 0')
    expect(kpi.get('Alarms per 10 min (average)')).toBe('0.04')
  })

  it('refuses a time off the calendar, a future shift, a bad format and an unwritable output, writing nothing', async () => {
    const file = join(outDir, 'never.pdf')
    const offGrid = await cli(['report', '--shift', '2026-11-25 07:00', '--out', file], rig.dataDir)
    expect(offGrid.code).toBe(2)
    expect(offGrid.err).toMatch(/--shift: 2026-11-25 07:00 \+01:00 \(Europe\/Berlin\) is not a shift boundary; shifts start at 06:00, 14:00, 22:00/)
    const future = await cli(['report', '--shift', '2099-11-25 06:00', '--out', file], rig.dataDir)
    expect(future.code).toBe(2)
    expect(future.err).toMatch(/in the future/)
    expect((await cli(['report', '--shift', '2026-11-25 06:00', '--out', file, '--format', 'docx'], rig.dataDir)).err).toMatch(/--format must be pdf, csv or json/)
    const unwritable = await cli(['report', '--shift', '2026-11-25 06:00', '--out', join(outDir, 'no-such-folder', 'r.pdf')], rig.dataDir)
    expect(unwritable.code).toBe(2)
    expect(unwritable.err).toMatch(/cannot write .*no-such-folder\/r\.pdf/)
    expect(existsSync(file)).toBe(false)
    expect(readdirSync(outDir).filter((f) => f.includes('.tmp'))).toEqual([])
  })
})
