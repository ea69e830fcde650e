/**
 * Anomaly engine figures (issue 4). Prints `bench: <name> <value> <unit>` lines:
 * NAB (three profiles) and SKAB with the shared scorers, single-core detector
 * throughput, in-worker latency, and lead times on the demo plant's record mode.
 * Missing datasets or record mode print a skip reason instead of failing.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AnomalyEvent } from '../src/shared/anomaly'
import { runNab } from '../src/main/core/detection/benchmarks'
import { createEngineState, stepSample } from '../src/main/core/detection/engine'
import { runSkab } from '../src/main/core/detection/skab'
import { testTag } from '../src/main/core/detection/testSupport'
import { startDetectionWorker } from '../src/main/core/detection/worker'
import { percentile, report, tempDir } from './support'

const SHARED = resolve(fileURLToPath(new URL('..', import.meta.url)), '../shared')
const scorer = (name: string): string => join(SHARED, 'tools', name)

function nab(): void {
  const data = join(SHARED, 'datasets/nab')
  if (!existsSync(data) || !existsSync(scorer('nab-score.mjs'))) return console.log(`bench: nab skipped: ${data} or its scorer is missing`)
  const out = tempDir('nab')
  try {
    runNab(data, out)
    const json = execFileSync(process.execPath, [scorer('nab-score.mjs'), '--results', out, '--json'], { stdio: ['ignore', 'pipe', 'ignore'] })
    const p = JSON.parse(json.toString()).profiles as Record<string, { normalizedScore: number }>
    report('nab_standard', p.standard!.normalizedScore, 'score', 2)
    report('nab_low_fp', p.reward_low_FP_rate!.normalizedScore, 'score', 2)
    report('nab_low_fn', p.reward_low_FN_rate!.normalizedScore, 'score', 2)
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
}

function skab(): void {
  const data = join(SHARED, 'datasets/skab')
  if (!existsSync(data) || !existsSync(scorer('skab-score.mjs'))) return console.log(`bench: skab skipped: ${data} or its scorer is missing`)
  const out = tempDir('skab')
  try {
    runSkab(data, out)
    const r = JSON.parse(execFileSync(process.execPath, [scorer('skab-score.mjs'), '--results', out, '--json']).toString()) as { f1: number; far_pct: number }
    report('skab_f1', r.f1, 'f1', 4)
    report('skab_far_pct', r.far_pct, '%', 2)
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
}

/** The default single-tag set: a temperature with H/HH runs limit, rate, baseline, drift, trend and health. */
function throughput(): void {
  const st = createEngineState([testTag({ name: 'CV-101.MotorTemp', index: 0 })])
  const events: AnomalyEvent[] = []
  const noise = new Float64Array(1 << 16)
  let seed = 1
  for (let i = 0; i < noise.length; i++) {
    seed = (seed * 16807) % 2147483647
    noise[i] = 60 + (seed / 2147483647 - 0.5)
  }
  const x = { t: 0, v: 0, status: 0 }
  const run = (n: number, from: number): number => {
    const t0 = performance.now()
    for (let i = 0; i < n; i++) {
      x.t = 1.7e12 + (from + i) * 100
      x.v = noise[i & 0xffff]!
      stepSample(st, 0, x, events)
    }
    return performance.now() - t0
  }
  run(1_000_000, 0)
  const n = 5_000_000
  report('detector_samples_per_s', (n / run(n, 1_000_000)) * 1000, 'samples/s', 0)
}

/** In-worker time from a batch's arrival to its events being posted, 100 tags × 10 samples per batch. */
async function latency(): Promise<void> {
  const tags = Array.from({ length: 100 }, (_, i) => testTag({ name: `T${i}`, equipment: `E${i % 10}`, index: i }))
  const worker = startDetectionWorker(tags, { tickIntervalMs: 0 })
  const samples: number[] = []
  const done = new Promise<void>((resolveDone) => {
    worker.onProcessed((p) => {
      if (p.seq >= 200) samples.push(p.latencyMs)
      if (p.seq === 1199) resolveDone()
    })
  })
  for (let seq = 0; seq < 1200; seq++) {
    const n = 1000
    const batch = { seq, tagIndex: new Uint32Array(n), sourceTime: new Float64Array(n), value: new Float64Array(n), status: new Uint32Array(n) }
    for (let i = 0; i < n; i++) {
      batch.tagIndex[i] = i % 100
      batch.sourceTime[i] = 1.7e12 + (seq * 10 + Math.floor(i / 100)) * 100
      batch.value[i] = 60 + Math.sin(seq + i) + (seq === 1000 && i % 100 === 7 ? 50 : 0)
    }
    worker.push(batch)
    if (seq % 50 === 0) await new Promise((r) => setTimeout(r, 5))
  }
  await done
  await worker.dispose()
  samples.sort((a, b) => a - b)
  report('detect_latency_ms', percentile(samples, 50), 'ms', 3)
  report('detect_latency_p99_ms', percentile(samples, 99), 'ms', 3)
}

async function plant(): Promise<void> {
  if (!existsSync(fileURLToPath(new URL('../src/main/demo-plant/record.ts', import.meta.url)))) {
    return console.log('bench: lead_time skipped: the demo plant has no record mode (src/main/demo-plant/record.ts)')
  }
  try {
    const { DEGRADING, faultRun, healthyDay } = await import('./detectionPlant')
    const runs = DEGRADING.map(([fault, equipment]) => faultRun(fault, equipment))
    for (const r of runs) console.log(`# ${r.fault} on ${r.equipment}: lead ${r.leadMin?.toFixed(0) ?? 'missed'} min, vs H limit ${r.gainVsLimitMin?.toFixed(0) ?? 'n/a'} min, first ${r.firstDetector ?? 'none'}, predictive alarm ${r.predictiveLeadMin === null ? 'none' : `${r.predictiveLeadMin.toFixed(0)} min before failure`}`)
    const leads = runs.map((r) => r.leadMin ?? 0).sort((a, b) => a - b)
    const gains = runs.map((r) => r.gainVsLimitMin ?? 0).sort((a, b) => a - b)
    report('lead_time_median_min', leads[Math.floor(leads.length / 2)]!, 'min', 1)
    report('lead_gain_vs_h_limit_min', gains[Math.floor(gains.length / 2)]!, 'min', 1)
    const day = healthyDay()
    console.log(`# healthy day: ${day.predictive} predictive, by detector ${JSON.stringify(day.byDetector)}`)
    report('false_alarms_per_healthy_day', day.anomalies, 'alarms/day', 0)
    report('predictive_false_alarms_per_healthy_day', day.predictive, 'alarms/day', 0)
  } catch (e) {
    console.log(`bench: lead_time skipped: the demo plant's record mode failed: ${(e as Error).message}`)
  }
}

nab()
skab()
throughput()
await latency()
await plant()
