import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { runDetectCommand } from '../../src/main/cli/detect'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const NAB = resolve(ROOT, '../shared/datasets/nab')
const dir = mkdtempSync(join(tmpdir(), 'pw-detect-'))
if (!existsSync(NAB)) console.log(`skipping the NAB layout test: ${NAB} is missing`)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await runDetectCommand(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s) })
  return { code, out, err }
}

describe('plantwatch detect', () => {
  it('writes one scored row per input row and follows the condition, not an acknowledgement', async () => {
    const lines = ['timestamp,Vibration,MotorTemp']
    for (let s = 0; s < 900; s++) {
      const vib = s >= 700 && s < 760 ? 9 : 3 + 0.05 * Math.sin(s)
      const temp = s === 300 ? Number.NaN : 60 + 0.1 * Math.cos(s)
      lines.push(`${new Date(Date.UTC(2026, 0, 1) + s * 1000).toISOString()},${vib},${Number.isNaN(temp) ? '' : temp}`)
    }
    writeFileSync(join(dir, 'in.csv'), lines.join('\n'))
    const res = await run(['--input', join(dir, 'in.csv'), '--out', join(dir, 'out.csv'), '--limits', 'Vibration:H=7.1,HH=11;MotorTemp:H=90,HH=105', '--learn-hours', '0.1'])
    // stderr says what the engine inferred: roles, mode and what it learned.
    expect(res.err).toContain('csv: health Vibration (vibration), MotorTemp (temperature); context none; mode: always running')
    expect(res.code).toBe(0)
    const rows = readFileSync(join(dir, 'out.csv'), 'utf8').trim().split('\n')
    expect(rows[0]).toBe('timestamp,anomaly_score,is_anomaly,eta_to_limit_s,reason')
    expect(rows.length).toBe(901)
    const flag = rows.slice(1).map((r) => r.split(',')[2])
    expect(flag.slice(0, 700).every((f) => f === '0')).toBe(true)
    expect(flag.slice(705, 760).every((f) => f === '1')).toBe(true)
    expect(flag.slice(800).every((f) => f === '0')).toBe(true)
    expect(rows[720]).toMatch(/limit: Vibration: above H limit/)
    for (const r of rows.slice(1)) {
      const score = Number(r.split(',')[1])
      expect(score >= 0 && score <= 1).toBe(true)
    }
  })

  it('rejects malformed input and limits with line, column and reason (exit 2)', async () => {
    writeFileSync(join(dir, 'bad.csv'), 'timestamp,A\n2026-01-01 00:00:00,1\n2026-01-01 00:00:01,oops\n')
    const bad = await run(['--input', join(dir, 'bad.csv'), '--out', join(dir, 'o.csv')])
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('line 3, column 2: A: text "oops" has no mapping')
    writeFileSync(join(dir, 'ok.csv'), 'timestamp,A\n2026-01-01 00:00:00,1\n')
    const limits = await run(['--input', join(dir, 'ok.csv'), '--out', join(dir, 'o.csv'), '--limits', 'A:H=x'])
    expect(limits.code).toBe(2)
    expect(limits.err).toMatch(/--limits:line 1, column 3: expected HH, H, L or LL = a number/)
    const unknown = await run(['--input', join(dir, 'ok.csv'), '--out', join(dir, 'o.csv'), '--limits', 'B:H=1'])
    expect(unknown.err).toContain('no column "B"')
    expect((await run(['--bogus'])).code).toBe(2)
    expect((await run(['--input', join(dir, 'missing.csv'), '--out', join(dir, 'o.csv')])).err).toContain('cannot read input')
  })

  it('takes signal kinds, limits, actions and per-tag detector overrides from a tag map', async () => {
    const tag = (name: string, detectors?: unknown): Record<string, unknown> => ({
      name,
      nodeId: `ns=2;s=${name}`,
      equipment: 'CV-1',
      signal: 'vibration',
      unit: 'mm/s',
      euRange: { low: 0, high: 50 },
      limits: { H: 7.1, HH: 11 },
      action: 'inspect bearing',
      ...(detectors ? { detectors } : {})
    })
    const map = { version: 1, tags: [tag('A'), tag('B', { disable: ['limit'] })] }
    writeFileSync(join(dir, 'map.json'), JSON.stringify(map))
    const rows = ['timestamp,A,B', ...Array.from({ length: 60 }, (_, s) => `${1767225600000 + s * 1000},${s > 30 ? 9 : 3},${s > 30 ? 9 : 3}`)]
    writeFileSync(join(dir, 'mapped.csv'), rows.join('\n'))
    const res = await run(['--input', join(dir, 'mapped.csv'), '--out', join(dir, 'mapped.out.csv'), '--tagmap', join(dir, 'map.json')])
    expect(res.code).toBe(0)
    const out = readFileSync(join(dir, 'mapped.out.csv'), 'utf8')
    expect(out).toContain('limit: A: above H limit (actual 9 mm/s, expected 7.1 mm/s). Suggested action: inspect bearing')
    expect(out).not.toContain('limit: B:')
    writeFileSync(join(dir, 'badmap.json'), JSON.stringify({ version: 1, tags: [tag('A', { disable: ['nope'] })] }))
    const bad = await run(['--input', join(dir, 'mapped.csv'), '--out', join(dir, 'x.csv'), '--tagmap', join(dir, 'badmap.json')])
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('tag "A" (tags[0]) field detectors.disable.0')
  })

  it.runIf(existsSync(NAB))('writes NAB’s results layout, row-aligned with the data', async () => {
    const sub = join(dir, 'nab', 'data', 'realKnownCause')
    mkdirSync(sub, { recursive: true })
    copyFileSync(join(NAB, 'data/realKnownCause/nyc_taxi.csv'), join(sub, 'nyc_taxi.csv'))
    const res = await run(['--nab', join(dir, 'nab'), '--out', join(dir, 'nabout')])
    expect(res.code).toBe(0)
    const out = readFileSync(join(dir, 'nabout/realKnownCause/nyc_taxi.csv'), 'utf8').trim().split('\n')
    const data = readFileSync(join(sub, 'nyc_taxi.csv'), 'utf8').trim().split('\n')
    expect(out[0]).toBe('timestamp,value,anomaly_score')
    expect(out.length).toBe(data.length)
    expect(out[500]!.split(',')[0]).toBe(data[500]!.split(',')[0])
  })
})
