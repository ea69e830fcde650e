import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Alarm } from '../src/shared/domain'
import type { HandoverContent } from '../src/shared/handover'
import { handoverRig, type HandoverRig, type RigCall } from './support/handoverRig'
import { data } from './support/session'
import { tempDir } from './support/tempDir'

const HOUR_MS = 3_600_000
/** The Morning shift of 2026-11-25 in Berlin: 06:00–14:00 local, 05:00Z–13:00Z. */
const MORNING = Date.parse('2026-11-25T05:00:00Z')
const MORNING_END = MORNING + 8 * HOUR_MS
/** Sign-off happens at the handover: ten minutes after the bell. */
const HANDOVER = MORNING_END + 10 * 60_000

const alarm = (a: Partial<Alarm> & Pick<Alarm, 'id' | 'tag' | 'equipment' | 'kind'>): Alarm => ({
  limit: null,
  priority: 2,
  state: 'unacknowledged',
  active: true,
  message: `${a.tag} ${a.kind}`,
  value: null,
  threshold: null,
  unit: '',
  raisedAt: MORNING + HOUR_MS,
  ...a
})

describe('shift handover workflow on real storage', () => {
  let rig: HandoverRig
  let olga: RigCall, sue: RigCall, sam: RigCall, vic: RigCall

  beforeAll(async () => {
    // Four days of the demo mine: this Morning shift and the three before it, for the energy comparison.
    rig = await handoverRig({ days: 4, historyEnd: HANDOVER, now: MORNING + 2 * HOUR_MS })
    ;[olga, sue, sam, vic] = await Promise.all([rig.as('olga'), rig.as('sue'), rig.as('sam'), rig.as('vic')])
  }, 120_000)
  afterAll(() => rig?.close())

  it('builds a live draft during the shift: notes by operators, maintenance and writes of the shift', async () => {
    data(await olga('report:addNote', { shiftStart: MORNING, section: 'status', text: 'PU-402 stopped for a seal change' }))
    data(await olga('maintenance:add', { text: 'Seal changed on PU-402', equipment: 'PU-402' }))
    data(await olga('report:addInstruction', { text: 'Keep PU-402 isolated until the fitter signs it off' }))
    const draft = data(await vic('report:get', { shiftStart: MORNING }))
    expect(draft.state).toBe('draft')
    expect(draft.content.asOf).toBe(MORNING + 2 * HOUR_MS)
    expect(draft.content.notes.map((n) => n.text)).toEqual(['PU-402 stopped for a seal change'])
    expect(draft.content.tables.maintenance.rows.map((r) => r[2])).toEqual(['Seal changed on PU-402'])
    // The maintenance entry is an operator write; the report's own notes are not.
    expect(draft.content.tables.writes.rows.map((r) => [r[1], r[2], r[4]])).toEqual([['olga', 'maintenance:add', 'ok']])
    expect(draft.content.instructions.map((i) => i.text)).toEqual(['Keep PU-402 isolated until the fitter signs it off'])
    expect(draft.contentHash).toBe(createHash('sha256').update(JSON.stringify(draft.content)).digest('hex'))
  })

  it('refuses a sign-off by a role too low, one before the end of the shift, a time off the calendar and a future shift; nothing is written', async () => {
    rig.setNow(HANDOVER)
    const tooLow = await olga('report:signOff', { shiftStart: MORNING })
    expect(tooLow).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(!tooLow.ok && tooLow.error.message).toMatch(/needs the supervisor role; olga has the operator role/)
    const viewerNote = await vic('report:addNote', { shiftStart: MORNING, section: 'general', text: 'x' })
    expect(viewerNote).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    const offGrid = await sue('report:signOff', { shiftStart: MORNING + 60_000 })
    expect(offGrid).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    expect(!offGrid.ok && offGrid.error.message).toMatch(/not a shift boundary; shifts start at 06:00, 14:00, 22:00/)
    const future = await sue('report:get', { shiftStart: MORNING + 24 * HOUR_MS })
    expect(!future.ok && future.error.message).toMatch(/Morning shift of 2026-11-26 06:00 \+01:00 is in the future/)
    const early = await sue('report:signOff', { shiftStart: MORNING_END })
    expect(!early.ok && early.error.message).toMatch(/runs until 2026-11-25 22:00 \+01:00: sign-off opens 60 min before its end/)
    expect(rig.handover.store.versions(MORNING)).toEqual([])
    expect(rig.handover.store.notes(MORNING)).toHaveLength(1)
    // Each refusal of a change is in the audit trail, as a refusal.
    const refused = rig.audit.query({ command: 'report:signOff' }).map((r) => r.result)
    expect(refused).toEqual(['invalid-input', 'invalid-input', 'forbidden'])
  })

  it('locks the signed report as an immutable version whose SHA-256 is in the audit trail', async () => {
    rig.alarms.push(
      alarm({ id: 'trend:CV-101.Vibration:HH', tag: 'CV-101.Vibration', equipment: 'CV-101', kind: 'predictive', limit: 'HH', message: 'CV-101 vibration reaches HH', eta: { seconds: 3 * 3600, uncertaintySeconds: 1800, at: HANDOVER }, action: 'inspect bearing' }),
      alarm({ id: 'trend:CR-301.BearingTemp:H', tag: 'CR-301.BearingTemp', equipment: 'CR-301', kind: 'predictive', limit: 'H', eta: { seconds: 40 * 60, uncertaintySeconds: 300, at: HANDOVER } }),
      alarm({ id: 'trend:PU-401.MotorTemp:H', tag: 'PU-401.MotorTemp', equipment: 'PU-401', kind: 'predictive', limit: 'H', eta: { seconds: 30 * 3600, uncertaintySeconds: 3600, at: HANDOVER } }),
      alarm({ id: 'PU-402.DischargePressure:L', tag: 'PU-402.DischargePressure', equipment: 'PU-402', kind: 'limit', limit: 'L', priority: 1, message: 'PU-402 discharge pressure low' })
    )
    const v1 = data(await sue('report:signOff', { shiftStart: MORNING }))
    expect(v1).toMatchObject({ version: 1, signedBy: 'sue', supersedes: null, acknowledgedBy: null })
    const stored = rig.handover.store.versions(MORNING)[0]!
    expect(createHash('sha256').update(stored.content).digest('hex')).toBe(v1.contentHash)
    const record = rig.audit.query({ command: 'report:signed' })[0]!
    expect(record.summary).toContain(`sha256=${v1.contentHash}`)
    expect(record.summary).toContain('Morning shift 2026-11-25 06:00 +01:00 version 1')
    expect(rig.audit.verify().ok).toBe(true)
    const content = JSON.parse(stored.content) as HandoverContent
    // What to watch: only ETAs inside the next shift (ends 22:00 local), soonest first.
    expect(content.tables.watch.rows.map((r) => r[2])).toEqual(['CR-301', 'CV-101'])
    expect(content.tables.standing.rows.map((r) => r[1])).toEqual(['PU-402'])
    expect(content.tables.status.rows.find((r) => r[0] === 'PU-402')?.[4]).toBe('alarm P1: PU-402 discharge pressure low')
    expect(content.trends.rows.map((t) => t.equipment).sort()).toEqual(['CR-301', 'CV-101', 'PU-401'])
    // The database itself refuses to change or drop a signed version.
    expect(() => rig.db.prepare('UPDATE handover_versions SET signed_by = ? WHERE id = ?').run('mallory', v1.id)).toThrow(/immutable/)
    expect(() => rig.db.prepare('DELETE FROM handover_versions WHERE id = ?').run(v1.id)).toThrow(/never deleted/)
    // Kept as files in the data folder, with an index.
    const index = JSON.parse(readFileSync(join(rig.dataDir, 'reports', 'index.json'), 'utf8')) as { file: string; contentHash: string }[]
    expect(index[0]!.contentHash).toBe(v1.contentHash)
    expect(existsSync(join(rig.dataDir, 'reports', index[0]!.file))).toBe(true)
  })

  it('refuses a second sign-off and changes nothing', async () => {
    const again = await sam('report:signOff', { shiftStart: MORNING })
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } })
    expect(!again.ok && again.error.message).toMatch(/signed already by sue \(version 1\); a change now is a correction/)
    expect(rig.handover.store.versions(MORNING)).toHaveLength(1)
  })

  it('is acknowledged by the incoming supervisor with a comment, never by the one who signed, and only once', async () => {
    const own = await sue('report:acknowledge', { shiftStart: MORNING, comment: 'ok' })
    expect(own).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    const empty = await sam('report:acknowledge', { shiftStart: MORNING, comment: '   ' })
    expect(empty).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    const ack = data(await sam('report:acknowledge', { shiftStart: MORNING, comment: 'Taken over; will watch CV-101' }))
    expect(ack).toMatchObject({ version: 1, acknowledgedBy: 'sam', ackComment: 'Taken over; will watch CV-101' })
    expect(await sam('report:acknowledge', { shiftStart: MORNING, comment: 'again' })).toMatchObject({ ok: false, error: { code: 'conflict' } })
    const report = data(await vic('report:get', { shiftStart: MORNING }))
    expect(report.state).toBe('acknowledged')
    expect(report.contentHash).toBe(ack.contentHash)
  })

  it('makes a correction a new version linking the old one, with the notes written after sign-off', async () => {
    data(await olga('report:addNote', { shiftStart: MORNING, section: 'maintenance', text: 'Correction: the PU-402 seal was changed at 11:40' }))
    const pending = data(await vic('report:get', { shiftStart: MORNING }))
    expect(pending.pendingNotes.map((n) => n.text)).toEqual(['Correction: the PU-402 seal was changed at 11:40'])
    expect(await olga('report:correct', { shiftStart: MORNING, reason: 'x' })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    const v2 = data(await sam('report:correct', { shiftStart: MORNING, reason: 'seal change time' }))
    const [first, second] = rig.handover.store.versions(MORNING)
    expect(second).toMatchObject({ version: 2, supersedes: first!.id, reason: 'seal change time', signedBy: 'sam', acknowledgedBy: null })
    expect(v2.contentHash).not.toBe(first!.contentHash)
    expect((JSON.parse(second!.content) as HandoverContent).notes.map((n) => n.text)).toContain('Correction: the PU-402 seal was changed at 11:40')
    expect(rig.audit.query({ command: 'report:corrected' })[0]!.summary).toContain(`version 2 corrects version 1 sha256=${v2.contentHash}`)
    const after = data(await vic('report:get', { shiftStart: MORNING }))
    expect(after).toMatchObject({ state: 'signed', pendingNotes: [] })
    expect(after.versions.map((v) => v.version)).toEqual([1, 2])
  })

  it('reports energy per machine and for the site from the historian, against the previous three Morning shifts', () => {
    const content = JSON.parse(rig.handover.store.versions(MORNING)[0]!.content) as HandoverContent
    const energy = content.tables.energy
    expect(energy.columns).toEqual(['Equipment', 'kWh', 'Peak kW', 'kWh −1', 'kWh −2', 'kWh −3', 'vs avg', 'Source'])
    // Checked against the raw counter in the historian: last value in the shift minus the last before it.
    const counter = (tag: string, from: number, to: number): number => {
      const raw = rig.historian.queryRaw(tag, from - HOUR_MS, to)
      let before = Number.NaN
      let last = Number.NaN
      raw.t.forEach((t, i) => {
        if (t <= from) before = raw.v[i]!
        if (t < to) last = raw.v[i]!
      })
      return last - before
    }
    for (const name of ['CV-101', 'CR-301', 'EM-500']) {
      const row = energy.rows.find((r) => r[0] === name)!
      // The first sample in the shift opens it, so up to one sample interval (30 s) of energy differs.
      const expected = counter(`${name}.Energy`, MORNING, MORNING_END)
      expect(row[1] as number, name).toBeCloseTo(expected, -Math.log10(expected * 0.01))
      for (let k = 1; k <= 3; k++) {
        const prev = counter(`${name}.Energy`, MORNING - k * 24 * HOUR_MS, MORNING_END - k * 24 * HOUR_MS)
        expect(Math.abs((row[2 + k] as number) - prev) / prev, `${name} −${k}`).toBeLessThan(0.01)
      }
    }
    // The site comes from the site incomer EM-500, not from adding up the machines.
    expect(content.siteEnergy.kWh).toBe(energy.rows.find((r) => r[0] === 'EM-500')![1])
    expect(content.siteEnergy.previousKWh).toHaveLength(3)
  })

  it('says so in the energy section when the historian has a gap in the shift', async () => {
    const night = MORNING - 8 * HOUR_MS // 2026-11-24 22:00 local
    rig.historian.openGap('link lost', night + HOUR_MS, { end: night + 2 * HOUR_MS })
    rig.historian.flush()
    const report = data(await vic('report:get', { shiftStart: night }))
    expect(report.content.tables.energy.note).toMatch(/historian gaps .*: all machines: 23:00–2026-11-25 00:00 link lost$/)
  })

  it('reports an empty shift (nothing recorded) without inventing figures', async () => {
    const long = MORNING - 10 * 24 * HOUR_MS
    const report = data(await vic('report:get', { shiftStart: long }))
    expect(report.content.tables.energy).toMatchObject({ available: false, rows: [] })
    expect(report.content.tables.energy.note).toMatch(/no machine has an energy counter/)
    expect(report.content.tables.status.rows.map((r) => r[2])).toContain('no value')
    // The alarm list of ten days ago is not kept: the alarm sections say so rather than show today's.
    expect(report.content.tables.standing).toMatchObject({ available: false, rows: [] })
    expect(report.content.tables.standing.note).toMatch(/not kept/)
    expect(report.content.tables.kpis.note).toMatch(/not connected yet/)
  })

  it('carries a standing instruction into later shifts until someone clears it', async () => {
    const [instruction] = data(await vic('report:instructions'))
    rig.setNow(HANDOVER + 24 * HOUR_MS)
    // A day later: new sessions (the old ones expired), as on the next day's consoles.
    ;[olga, vic] = await Promise.all([rig.as('olga'), rig.as('vic')])
    const tomorrow = data(await vic('report:get', { shiftStart: MORNING + 24 * HOUR_MS }))
    expect(tomorrow.content.instructions.map((i) => i.text)).toEqual([instruction!.text])
    expect(await vic('report:clearInstruction', { id: instruction!.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    data(await olga('report:clearInstruction', { id: instruction!.id }))
    expect(await olga('report:clearInstruction', { id: instruction!.id })).toMatchObject({ ok: false, error: { code: 'not-found' } })
    rig.setNow(HANDOVER + 48 * HOUR_MS)
    vic = await rig.as('vic')
    const later = data(await vic('report:get', { shiftStart: MORNING + 48 * HOUR_MS }))
    expect(later.content.instructions).toEqual([])
  })
})

/** poppler-utils turn the PDF into text and pictures; without them the PDF checks are skipped, saying why. */
const poppler = ['pdftotext', 'pdftoppm', 'pdfinfo'].every((tool) => spawnSync(tool, ['-v']).error === undefined)
if (!poppler) console.log('SKIP handover PDF checks: poppler-utils (pdftotext, pdftoppm, pdfinfo) not installed; apt-get install poppler-utils')

describe.skipIf(!poppler)('the handover PDF, read back with poppler', () => {
  let rig: HandoverRig
  let vic: RigCall
  const dir = tempDir('handover-pdf')
  const pdf = async (shiftStart: number, paper: 'A4' | 'LETTER', name: string, version?: number): Promise<{ file: string; text: string; pages: string[] }> => {
    const out = data(await vic('report:export', { shiftStart, format: 'pdf', paper, ...(version ? { version } : {}) }))
    const file = join(dir, name)
    writeFileSync(file, Buffer.from(out.base64, 'base64'))
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
    return { file, text, pages: text.split('\f').filter((p) => p.trim()) }
  }

  beforeAll(async () => {
    rig = await handoverRig({ days: 1, historyEnd: HANDOVER, now: HANDOVER })
    vic = await rig.as('vic')
    rig.alarms.push(
      alarm({ id: 'trend:CV-101.Vibration:HH', tag: 'CV-101.Vibration', equipment: 'CV-101', kind: 'predictive', limit: 'HH', message: 'CV-101 vibration reaches HH', eta: { seconds: 2 * 3600, uncertaintySeconds: 900, at: HANDOVER }, action: 'inspect bearing' }),
      alarm({ id: 'PU-402.DischargePressure:L', tag: 'PU-402.DischargePressure', equipment: 'PU-402', kind: 'limit', limit: 'L', priority: 1, message: 'PU-402 discharge pressure low' }),
      alarm({ id: 'baseline:CR-301.BearingTemp', tag: 'CR-301.BearingTemp', equipment: 'CR-301', kind: 'anomaly', priority: 3, message: 'above its normal level for this load (5.2 σ)' })
    )
    const sue = await rig.as('sue')
    for (let i = 0; i < 60; i++) data(await sue('report:addNote', { shiftStart: MORNING, section: i % 2 ? 'general' : 'maintenance', text: `Round ${i + 1}: checked belt tracking on CV-10${(i % 3) + 1}, nothing to report. `.repeat(1 + (i % 4)) }))
    data(await sue('report:signOff', { shiftStart: MORNING }))
  }, 120_000)
  afterAll(() => rig?.close())

  it('has every section, the figures of the database, a header and "page i of n" on every page', async () => {
    const { file, text, pages } = await pdf(MORNING, 'A4', 'a4.pdf')
    const content = JSON.parse(rig.handover.store.versions(MORNING)[0]!.content) as HandoverContent
    for (const heading of ['Shift handover: Demo mine', 'Plant status at handover', 'Standing alarms', 'Shelved alarms', 'Alarm KPIs of the shift (EEMUA 191)', 'What to watch next shift', 'Work orders', 'Maintenance log', 'Operator writes', 'Configuration changes', 'Energy', 'Trend snapshots', 'Sign-off']) {
      expect(text, heading).toContain(heading)
    }
    expect(text).toContain('Crew: A; next shift: Afternoon, crew B')
    expect(text).toContain('Version 1, signed by sue')
    expect(text).toContain(content.tables.standing.rows[0]![3] as string)
    // Watch: the predicted crossing and its action; the unconnected sources say so.
    expect(text).toMatch(/CV-101 +CV-101\.Vibration +CV-101 vibration reaches HH +inspect bearing/)
    expect(text).toContain('the source is not connected yet')
    // Signs the standard PDF fonts lack are spelled out, never printed as "?".
    expect(text).toContain('above its normal level for this load (5.2 sigma)')
    // Every energy figure of the database is printed, in its row.
    // (a whole number prints with the column's decimals: 1587 beside 1588.1 reads 1587.0)
    const num = (v: unknown): string => `${String(v).replace('.', '\\.')}${Number.isInteger(v) ? '(\\.0+)?' : '0*'}`
    for (const row of content.tables.energy.rows) expect(text).toMatch(new RegExp(`${row[0]} +${num(row[1])} +${num(row[2])} `))
    expect(text).toContain(`Content hash (SHA-256), as in the audit trail: ${content ? rig.handover.store.versions(MORNING)[0]!.contentHash : ''}`)
    expect(pages.length).toBeGreaterThan(2)
    pages.forEach((page, i) => {
      expect(page, `page ${i + 1}`).toContain('Demo mine · Morning shift 2026-11-25 06:00 +01:00')
      expect(page, `page ${i + 1}`).toContain(`Page ${i + 1} of ${pages.length}`)
      expect(page).toContain('Signed, version 1')
    })
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Page size: +595\.28 x 841\.89 pts \(A4\)/)
    const prefix = join(dir, 'a4')
    execFileSync('pdftoppm', ['-r', '40', '-png', file, prefix])
    const pngs = readdirSync(dir).filter((f) => f.startsWith('a4-') && f.endsWith('.png'))
    expect(pngs).toHaveLength(pages.length)
    for (const png of pngs) expect(statSync(join(dir, png)).size).toBeGreaterThan(2_000)
  })

  it('prints on Letter too, and labels a 9-hour DST night shift in the header of a draft', async () => {
    const autumnNight = Date.parse('2026-10-24T20:00:00Z') // 22:00 +02:00, ends 06:00 +01:00
    const { file, text, pages } = await pdf(autumnNight, 'LETTER', 'letter.pdf')
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Page size: +612 x 792 pts \(letter\)/)
    expect(text).toContain('9 h (clocks back 1 h: DST)')
    expect(text).toContain('DRAFT: not signed')
    expect(pages.every((p) => p.includes('DRAFT'))).toBe(true)
    // Nothing was recorded then: no figures are made up.
    expect(text).toContain('no machine has an energy counter (kWh) or power (kW) tag with recorded values')
  })

  it('exports the same tables as CSV (one value a line) and JSON', async () => {
    const content = JSON.parse(rig.handover.store.versions(MORNING)[0]!.content) as HandoverContent
    const csv = data(await vic('report:export', { shiftStart: MORNING, format: 'csv' }))
    expect(csv.fileName).toBe('handover_2026-11-25_0600_Morning_v1.csv')
    const rows = parse(Buffer.from(csv.base64, 'base64').toString('utf8'), { bom: true, columns: true }) as { section: string; row: string; column: string; value: string }[]
    const cv101 = content.tables.energy.rows.findIndex((r) => r[0] === 'CV-101') + 1
    expect(rows.find((r) => r.section === 'energy' && r.row === String(cv101) && r.column === 'kWh')?.value).toBe(String(content.tables.energy.rows[cv101 - 1]![1]))
    expect(rows.filter((r) => r.section === 'standing' && r.column === 'Alarm').map((r) => r.value)).toEqual(['PU-402 discharge pressure low', 'above its normal level for this load (5.2 σ)'])
    const json = JSON.parse(Buffer.from(data(await vic('report:export', { shiftStart: MORNING, format: 'json' })).base64, 'base64').toString('utf8')) as { content: HandoverContent; contentHash: string }
    expect(createHash('sha256').update(JSON.stringify(json.content)).digest('hex')).toBe(json.contentHash)
  })
})
