import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { runNab } from '../../src/main/core/detection/benchmarks'
import { runSkab } from '../../src/main/core/detection/skab'

const SHARED = resolve(fileURLToPath(new URL('../..', import.meta.url)), '../shared')
const present = existsSync(join(SHARED, 'datasets/nab')) && existsSync(join(SHARED, 'tools/nab-score.mjs'))
if (!present) console.log(`skipping benchmark regression tests: ${SHARED} (NAB, SKAB and their scorers) is missing`)
const dir = mkdtempSync(join(tmpdir(), 'pw-bench-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// Guards the published figures: a change that loses them fails here, with the real scorers.
describe.runIf(present)('benchmarks with the shared scorers', () => {
  it('reaches the NAB target of 70 on the full corpus (Skyline 58.2, Numenta HTM 70.1)', () => {
    runNab(join(SHARED, 'datasets/nab'), join(dir, 'nab'))
    const json = execFileSync(process.execPath, [join(SHARED, 'tools/nab-score.mjs'), '--results', join(dir, 'nab'), '--json', '--profile', 'standard'], { stdio: ['ignore', 'pipe', 'ignore'] })
    expect(JSON.parse(json.toString()).profiles.standard.normalizedScore).toBeGreaterThanOrEqual(70)
  })

  it('reaches SKAB F1 ≥ 0.76 with FAR ≤ 20 %', () => {
    runSkab(join(SHARED, 'datasets/skab'), join(dir, 'skab'))
    const json = execFileSync(process.execPath, [join(SHARED, 'tools/skab-score.mjs'), '--results', join(dir, 'skab'), '--json'])
    const r = JSON.parse(json.toString()) as { f1: number; far_pct: number }
    expect(r.f1).toBeGreaterThanOrEqual(0.76)
    expect(r.far_pct).toBeLessThanOrEqual(20)
  })
})
