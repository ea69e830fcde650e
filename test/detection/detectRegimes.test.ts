import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { runDetectCommand } from '../../src/main/cli/detect'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const CASE = resolve(ROOT, '../shared/field-cases/2026-11-30/detect-quoted-csv')
const dir = mkdtempSync(join(tmpdir(), 'pw-detect-regimes-'))
if (!existsSync(CASE)) console.log(`skipping the quoted-CSV field case: ${CASE} is missing`)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await runDetectCommand(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s) })
  return { code, out, err }
}

const MAP = {
  version: 1,
  tags: [
    { name: 'run', nodeId: 's=CV.Run', equipment: 'CV', signal: 'state', euRange: { low: 0, high: 1 }, states: { PRODUCING: 1, TRIPPED: 0 } },
    { name: 'tph', nodeId: 's=CV.Tph', equipment: 'CV', signal: 'flow', euRange: { low: 0, high: 3000 } },
    { name: 'vib', nodeId: 's=CV.Vib', equipment: 'CV', signal: 'vibration', unit: 'mm/s', euRange: { low: 0, high: 50 }, limits: { H: 7.1 } }
  ],
  equipment: { CV: { vibrationClass: 'group2-flexible' } }
}

describe('plantwatch detect on data as users have it', () => {
  it.runIf(existsSync(CASE))('reads the quoted field case, with ";" and decimal commas too, like the plain file', async () => {
    const q = await run(['--input', join(CASE, 'quoted.csv'), '--out', join(dir, 'q.csv'), '--learn-hours', '0'])
    const s = await run(['--input', join(CASE, 'quoted-semicolon.csv'), '--out', join(dir, 's.csv'), '--learn-hours', '0'])
    expect([q.code, s.code]).toEqual([0, 0])
    expect(q.err).toContain('separator ",", decimal "."')
    expect(s.err).toContain('separator ";", decimal ","')
    // The semicolon variant holds the first rows of the same data.
    const semi = readFileSync(join(dir, 's.csv'), 'utf8').trim().split('\n')
    expect(semi.length).toBeGreaterThan(1)
    expect(semi).toEqual(readFileSync(join(dir, 'q.csv'), 'utf8').trim().split('\n').slice(0, semi.length))
  })

  it('tells roles, modes and time format on stderr; text states map through the tag map', async () => {
    const rows = ['time;run;tph;vib']
    for (let k = 0; k < 240; k++) rows.push(`${1767225600 + k * 30};${k < 20 ? 'TRIPPED' : 'PRODUCING'};${k < 20 ? '0' : '1950,5'};${k < 20 ? '0,2' : '2,4'}`)
    writeFileSync(join(dir, 'states.csv'), rows.join('\r\n'))
    writeFileSync(join(dir, 'map.json'), JSON.stringify(MAP))
    const r = await run(['--input', join(dir, 'states.csv'), '--out', join(dir, 'states.out.csv'), '--tagmap', join(dir, 'map.json'), '--learn-hours', '1'])
    expect(r.code).toBe(0)
    expect(r.err).toContain('times in epoch seconds')
    expect(r.err).toContain('CV: health vib (vibration); context run (state), tph (flow); mode: running state from run; load regimes by tph')
    expect(r.err).toMatch(/learned CV: 1\.\d h running, settle \d+ s, load regimes 1950/)
    expect(readFileSync(join(dir, 'states.out.csv'), 'utf8').trim().split('\n')).toHaveLength(241)
  })

  it('refuses bad input with line, column and field, and leaves the previous output whole', async () => {
    const out = join(dir, 'kept.csv')
    writeFileSync(out, 'previous run\n')
    const cases: Array<[string, RegExp]> = [
      ['time,A\n2026-01-01 00:00:00,RUN\n2026-01-01 00:00:30,HALF\n', /line 3, column 2: A: text "HALF" has no mapping/],
      ['time,A\n2026-01-01 00:00:00,1\n1767225630,2\n', /line 3, column 1: time: mixed time formats/],
      ['time,A\n2026-01-01 00:00:30,1\n2026-01-01 00:00:00,2\n', /line 3, column 1: time: backwards timestamp/],
      ['time,A\n2026-01-01 00:00:00,1\n2026-01-01 00:00:00,2\n', /line 3, column 1: time: duplicate timestamp/]
    ]
    for (const [text, message] of cases) {
      writeFileSync(join(dir, 'bad.csv'), text)
      const r = await run(['--input', join(dir, 'bad.csv'), '--out', out])
      expect(r.code).toBe(2)
      expect(r.err).toMatch(message)
      expect(readFileSync(out, 'utf8')).toBe('previous run\n')
    }
    writeFileSync(join(dir, 'two.csv'), 'time,run,vib\n2026-01-01 00:00:00,PRODUCING,2\n')
    writeFileSync(join(dir, 'loadmap.json'), JSON.stringify({ ...MAP, equipment: { CV: { loadTag: 'tph' } } }))
    const missing = await run(['--input', join(dir, 'two.csv'), '--out', out, '--tagmap', join(dir, 'loadmap.json')])
    expect(missing.code).toBe(2)
    expect(missing.err).toContain('line 1, column 1: tag map equipment.CV.loadTag names "tph", which is no column of the input')
    const badMap = await run(['--input', join(dir, 'two.csv'), '--out', out, '--tagmap', join(dir, 'map2.json')])
    expect(badMap.code).toBe(2)
    writeFileSync(join(dir, 'map3.json'), JSON.stringify({ ...MAP, equipment: { CV: { loadTag: 'nope' } } }))
    expect((await run(['--input', join(dir, 'two.csv'), '--out', out, '--tagmap', join(dir, 'map3.json')])).err).toContain('equipment.CV.loadTag')
    expect((await run(['--input', join(dir, 'two.csv'), '--out', out, '--learn-hours', 'x'])).err).toContain('--learn-hours must be a number')
    expect(readFileSync(out, 'utf8')).toBe('previous run\n')
  })
})
