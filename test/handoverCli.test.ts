import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../src/main/cli/index'
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
