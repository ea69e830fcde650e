import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openHistorian } from '../core/historian/historian'
import { runCli } from './index'

const HOUR_MS = 3_600_000
// Recent (the default raw retention is 90 days) and on a whole hour.
const T0 = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 5 * HOUR_MS
const BAD = 0x80ac0000

describe('plantwatch history export', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pw-history-cli-'))
  const run = async (...argv: string[]) => {
    const out: string[] = []
    const err: string[] = []
    const code = await runCli([...argv, '--data-dir', dataDir], { stdout: (s) => out.push(s), stderr: (s) => err.push(s) })
    return { code, stdout: out.join(''), stderr: err.join('') }
  }
  const iso = (ms: number): string => new Date(ms).toISOString()

  beforeAll(() => {
    const h = openHistorian({ file: join(dataDir, 'historian.db'), flushIntervalMs: 0 })
    h.useTags(['CV-101.Vibration', 'CV-101.Power'])
    // Vibration every 10 s for 10 min, Bad for its 5th minute; power every 30 s.
    for (let t = T0; t < T0 + 10 * 60_000; t += 10_000) {
      const bad = t >= T0 + 4 * 60_000 && t < T0 + 5 * 60_000
      h.append({ tagIndex: [0], sourceTime: [t], value: [bad ? NaN : 2 + (t - T0) / 60_000], status: [bad ? BAD : 0] })
      if ((t - T0) % 30_000 === 0) h.append({ tagIndex: [1], sourceTime: [t], value: [100], status: [0] })
    }
    h.openGap('test-end', T0 + 10 * 60_000)
    h.close()
  })
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('writes one row a minute with a value and a quality column per tag, in ISO 8601 with offset', async () => {
    const out = join(dataDir, 'minutes.csv')
    const { code, stderr } = await run('history', 'export', '--tags', 'CV-101.Vibration,CV-101.Power', '--from', iso(T0), '--to', iso(T0 + 9 * 60_000), '--out', out)
    expect(stderr).toMatch(/wrote 9 rows/)
    expect(code).toBe(0)
    const text = readFileSync(out, 'utf8')
    expect(text.charCodeAt(0)).toBe(0xfeff)
    const lines = text.slice(1).trimEnd().split('\r\n')
    expect(lines[0]).toBe('time,CV-101.Vibration,CV-101.Vibration quality,CV-101.Power,CV-101.Power quality')
    expect(lines).toHaveLength(10)
    const first = lines[1]!.split(',')
    expect(Date.parse(first[0]!)).toBe(T0)
    expect(first[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/)
    // Six values 2, 2 1/6 … 2 5/6, each held 10 s: their time-weighted average (rollups keep binary32 precision).
    expect(Number(first[1])).toBeCloseTo(2 + 15 / 36, 6)
    expect(first.slice(2)).toEqual(['Good', '100', 'Good'])
    // The minute of Bad samples has no usable value, and the one before stops holding at its start.
    expect(lines[5]!.split(',').slice(1, 3)).toEqual(['', 'Bad'])
  })

  it('writes every sample raw, with the StatusCode of the bad ones', async () => {
    const out = join(dataDir, 'raw.csv')
    const { code } = await run('history', 'export', '--tags', 'CV-101.Vibration', '--from', iso(T0 + 4 * 60_000), '--to', iso(T0 + 5 * 60_000), '--out', out, '--interval', 'raw')
    expect(code).toBe(0)
    const lines = readFileSync(out, 'utf8').slice(1).trimEnd().split('\r\n')
    expect(lines).toHaveLength(7)
    expect(lines[1]!.split(',').slice(1)).toEqual(['', 'Bad (0x80AC0000)'])
  })

  it.each([
    [['--from', 'yesterday'], /--from "yesterday" is not an ISO 8601 time/],
    [['--from', '2026-03-01T06:00:00'], /not an ISO 8601 time with an offset/],
    [['--to', 'REPLACE_BEFORE'], /--to .* must be after --from/],
    [['--tags', 'CV-101.Nope'], /unknown tag "CV-101.Nope"/],
    [['--out', '/nonexistent-folder/x.csv'], /--out \/nonexistent-folder\/x.csv cannot be written/],
    [['--interval', '5m'], /--interval must be 1m or raw/]
  ])('refuses %j with a clear error, exit 2 and no file', async (override, message) => {
    const args: Record<string, string> = { '--tags': 'CV-101.Vibration', '--from': iso(T0), '--to': iso(T0 + 60_000), '--out': join(dataDir, 'refused.csv') }
    for (let i = 0; i < override.length; i += 2) args[override[i]!] = override[i + 1] === 'REPLACE_BEFORE' ? iso(T0 - 60_000) : override[i + 1]!
    const before = readdirSync(dataDir).sort()
    const { code, stderr } = await run('history', 'export', ...Object.entries(args).flat())
    expect(stderr).toMatch(message)
    expect(code).toBe(2)
    expect(existsSync(join(dataDir, 'refused.csv'))).toBe(false)
    expect(readdirSync(dataDir).sort()).toEqual(before)
  })
})
