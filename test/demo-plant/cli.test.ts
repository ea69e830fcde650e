import { mkdtemp, readFile, rm, writeFile, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runPlantCommand } from '../../src/main/demo-plant/cli'
import { connect } from './helpers'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-plant-cli-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function run(argv: string[], untilStopped?: (out: string[]) => Promise<void>): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = []
  const err: string[] = []
  const code = await runPlantCommand(argv, {
    dataDir: dir,
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
    ...(untilStopped ? { untilStopped: () => untilStopped(out) } : {})
  })
  return { code, out: out.join(''), err: err.join('') }
}

describe('plantwatch plant', () => {
  it('prints help', async () => {
    const r = await run(['--help'])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/--record OUT\.csv/)
  })

  it.each([
    [['--bogus'], /bogus/],
    [['--port', 'abc'], /--port must be an integer/],
    [['--port', '70000'], /--port/],
    [['--speed', '0'], /--speed/],
    [['--extra-tags', '1e9'], /--extra-tags/],
    [['--record', 'x.csv'], /needs --duration/],
    [['--record', 'x.csv', '--duration', 'forever'], /--duration must be a duration/],
    [['--duration', '8h'], /only apply with --record/],
    [['positional'], /positional/i]
  ])('rejects %j with exit code 2 and a clear message', async (argv, message) => {
    const r = await run(argv)
    expect(r.code).toBe(2)
    expect(r.err).toMatch(message)
  })

  it('rejects an unreadable or malformed users file', async () => {
    const missing = await run(['--users', join(dir, 'nope.json')])
    expect(missing.code).toBe(2)
    expect(missing.err).toContain('nope.json')
    const file = join(dir, 'users.json')
    await writeFile(file, JSON.stringify([{ username: 'a' }]))
    const bad = await run(['--users', file])
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('users.json')
  })

  it('rejects a malformed scenario with file, position and reason', async () => {
    const file = join(dir, 'bad.json')
    await writeFile(file, '{\n  "events": [ { "at": "1h", "equipment": "XX-9", "fault": "lube-leak" } ]\n}\n')
    const r = await run(['--record', join(dir, 'o.csv'), '--duration', '1h', '--scenario', file])
    expect(r.code).toBe(2)
    expect(r.err).toContain(`${file}:2:`)
    expect(r.err).toContain('unknown equipment "XX-9"')
  })

  it('records a labelled dataset plus ground truth without a server', async () => {
    const out = join(dir, 'rec.csv')
    const scenario = join(dir, 's.json')
    await writeFile(scenario, JSON.stringify({ events: [{ at: '30m', equipment: 'CV-101', fault: 'bearing-wear', params: { timeToFailureS: 7200 } }] }))
    const r = await run(['--record', out, '--duration', '8h', '--interval', '1m', '--seed', '4', '--scenario', scenario, '--speed', '3600'])
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    const lines = (await readFile(out, 'utf8')).trim().split('\n')
    expect(lines).toHaveLength(1 + 481)
    expect(lines[0]!.split(',')[0]).toBe('timestamp')
    expect(lines[0]!.endsWith(',fault,failed')).toBe(true)
    const truth = JSON.parse(await readFile(`${out}.truth.json`, 'utf8')) as { faults: Array<{ equipment: string; fault: string; startS: number; failureS: number | null }> }
    expect(truth.faults).toEqual([expect.objectContaining({ equipment: 'CV-101', fault: 'bearing-wear', startS: 1800 })])
    expect(truth.faults[0]!.failureS).toBeGreaterThan(1800)
  })

  it('serves until stopped, with its PKI under the data dir', async () => {
    const r = await run(['--port', '0', '--seed', '2'], async (out) => {
      const url = /serving (opc\.tcp:\/\/\S+);/.exec(out.join(''))?.[1]
      expect(url).toBeDefined()
      const c = await connect(url!, dir, join(dir, 'pki', 'plant'))
      expect(c.ns).toBeGreaterThan(0)
      await c.close()
    })
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/demo plant stopped/)
    expect(await readdir(join(dir, 'pki', 'plant', 'own', 'certs'))).not.toHaveLength(0)
  })
})
