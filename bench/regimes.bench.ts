/**
 * Operating-regime figures (issue 9): `../shared/datasets/regimes` (a conveyor drive over
 * ordinary weeks) through `plantwatch detect --input`, scored by the shared
 * `regime-score.mjs`: with the conveyor drive's tag map (bench/fixtures), and with no tag
 * map, only the limits an operator knows. Then a recorded healthy week of the demo plant.
 * Missing data prints a skip reason.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runDetectCommand } from '../src/main/cli/detect'
import { report, tempDir } from './support'

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
const SHARED = resolve(ROOT, '../shared')
const DATA = join(SHARED, 'datasets/regimes')
const SCORER = join(SHARED, 'tools/regime-score.mjs')
const TAG_MAP = join(ROOT, 'bench/fixtures/conveyor-drive.tagmap.json')

interface Score {
  false_episodes_per_healthy_day: number
  healthy_time_in_alarm_pct: number
  files: Array<{ gain_vs_limit_min?: number | null }>
}

async function scoreRun(extra: string[]): Promise<Score> {
  const truth = JSON.parse(readFileSync(join(DATA, 'truth.json'), 'utf8')) as { files: Array<{ file: string }> }
  const out = tempDir('regimes')
  try {
    for (const { file } of truth.files) {
      let err = ''
      const code = await runDetectCommand(['--input', join(DATA, file), '--out', join(out, file), ...extra], { stdout: () => {}, stderr: (s) => (err += s) })
      if (code !== 0) throw new Error(`detect failed on ${file}: ${err}`)
    }
    return JSON.parse(execFileSync(process.execPath, [SCORER, '--data', DATA, '--results', out, '--json']).toString()) as Score
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
}

/** `--limits` from the data set's own statement of its limits (what an operator would type). */
function limitsArg(): string {
  const truth = JSON.parse(readFileSync(join(DATA, 'truth.json'), 'utf8')) as { limits: Record<string, Record<string, number>> }
  return Object.entries(truth.limits)
    .map(([tag, l]) => `${tag}:${Object.entries(l).map(([k, v]) => `${k}=${v}`).join(',')}`)
    .join(';')
}

async function regimes(): Promise<void> {
  if (!existsSync(DATA) || !existsSync(SCORER)) return console.log(`bench: regimes skipped: ${DATA} or its scorer is missing`)
  const mapped = await scoreRun(['--tagmap', TAG_MAP])
  report('regimes_false_episodes_per_day', mapped.false_episodes_per_healthy_day, 'episodes/day', 2)
  report('regimes_time_in_alarm_pct', mapped.healthy_time_in_alarm_pct, '%', 2)
  const gain = mapped.files.find((f) => 'gain_vs_limit_min' in f)?.gain_vs_limit_min
  report('regimes_fault_gain_min', gain ?? 0, 'min', 0)
  const bare = await scoreRun(['--limits', limitsArg()])
  report('regimes_nomap_time_in_alarm_pct', bare.healthy_time_in_alarm_pct, '%', 2)
  console.log(`# no tag map: ${bare.false_episodes_per_healthy_day} false episodes/day, fault gain ${bare.files.find((f) => 'gain_vs_limit_min' in f)?.gain_vs_limit_min ?? 'missed'} min`)
}

async function demoWeek(): Promise<void> {
  try {
    const { healthyWeek } = await import('./detectionPlant')
    const week = healthyWeek()
    console.log(`# demo healthy week: ${week.anomalies} anomalies over ${week.days} days after learning, by detector ${JSON.stringify(week.byDetector)}`)
    report('demo_healthy_week_false_alarms_per_day', week.anomalies / week.days, 'alarms/day', 2)
  } catch (e) {
    console.log(`bench: demo_healthy_week skipped: the demo plant's record mode failed: ${(e as Error).message}`)
  }
}

await regimes()
await demoWeek()
