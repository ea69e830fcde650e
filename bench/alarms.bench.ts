// Issue 11's figures: limit evaluations per second on one core, journal writes per second,
// and Chromium's long tasks while 1,000+ alarms arrive in 10 s through the real stack.
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from '@playwright/test'
import { SampleBatchSchema } from '../src/shared/contract'
import { STATUS_GOOD, type TagInfo } from '../src/shared/domain'
import type { AlarmTransition } from '../src/shared/alarms'
import { createAlarmStore } from '../src/main/core/alarms/alarmStore'
import { createAlarmSummary } from '../src/main/core/alarms/alarmSummary'
import { createLimitAlarms } from '../src/main/core/alarms/limitAlarms'
import { openPlantDatabase } from '../src/main/core/storage/plantDatabase'
import { addBenchUser, report, signInPage, startPlantwatchCli, tempDir } from './support'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

// 1. alarm_eval_per_s: values judged against H/HH/L/LL per second through the limit alarms'
// batch path (the one evaluator, its delays and the summary's batching), values inside the limits.
{
  const TAGS = 10_000
  const tags: TagInfo[] = Array.from({ length: TAGS }, (_, index) => ({
    index,
    name: `T${index}`,
    nodeId: `ns=2;s=T${index}`,
    equipment: `E${index % 50}`,
    signal: 'pressure',
    unit: 'bar',
    euRange: { low: 0, high: 100 },
    limits: { HH: 95, H: 90, L: 10, LL: 5 }
  }))
  const db = openPlantDatabase(join(tempDir('alarm-eval'), 'plantwatch.db'))
  const summary = createAlarmSummary({ store: createAlarmStore(db), clock: Date.now })
  const limits = createLimitAlarms(tags, summary, Date.now)
  const batch = SampleBatchSchema.parse({
    seq: 0,
    tagIndex: Uint32Array.from(tags, (t) => t.index),
    sourceTime: new Float64Array(TAGS).fill(Date.now()),
    value: Float64Array.from(tags, (t) => 20 + (t.index % 60)),
    status: new Uint32Array(TAGS).fill(STATUS_GOOD)
  })
  for (let i = 0; i < 50; i++) limits(batch)
  const rounds = 400
  const t0 = process.hrtime.bigint()
  for (let i = 0; i < rounds; i++) {
    batch.sourceTime.fill(1e12 + i * 100)
    limits(batch)
  }
  const s = Number(process.hrtime.bigint() - t0) / 1e9
  report('alarm_eval_per_s', (rounds * TAGS * 4) / s, 'limit evaluations/s (4 limits per value)', 0)
  report('alarm_eval_values_per_s', (rounds * TAGS) / s, 'values/s', 0)
  db.close()
}

// 2. journal_writes_per_s: transitions saved through the store, 500 per transaction (a flood's batch).
{
  const db = openPlantDatabase(join(tempDir('alarm-journal'), 'plantwatch.db'))
  const store = createAlarmStore(db)
  const BATCH = 500
  const transition = (i: number): AlarmTransition => ({
    at: 1e12 + i,
    kind: i % 2 ? 'return' : 'raise',
    alarmId: `limit:T${i % 3000}:H`,
    tag: `T${i % 3000}`,
    equipment: `E${i % 50}`,
    alarmKind: 'limit',
    priority: 2,
    value: 91.5,
    state: i % 2 ? 'returned-unacknowledged' : 'unacknowledged',
    message: 'Pressure above H limit',
    user: null,
    comment: null,
    annunciated: i % 2 === 0
  })
  const batches = 200
  const prepared = Array.from({ length: batches }, (_, b) => Array.from({ length: BATCH }, (_, i) => transition(b * BATCH + i)))
  const t0 = process.hrtime.bigint()
  for (const rows of prepared) store.save([], [], rows)
  const s = Number(process.hrtime.bigint() - t0) / 1e9
  report('journal_writes_per_s', (batches * BATCH) / s, 'transitions/s', 0)
  db.close()
}

// 3. alarm_flood_ui_long_tasks: a plant whose 3,000 tags cross H or L limits on spread phases
// (about 1,000 raises per 10 s, as many returns), through OPC UA, the core and the web host
// to Chromium; long tasks over 100 ms counted over 20 s of the flood.
if (!existsSync(CHROMIUM) || !existsSync('out/renderer/index.html')) {
  console.log(`bench: alarm_flood_ui_long_tasks skipped: needs ${CHROMIUM} and a build (npm run build)`)
} else {
  for (const dir of ['XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'XDG_DATA_HOME']) process.env[dir] ??= tempDir(dir.toLowerCase())
  const FLOOD_TAGS = 3_000
  const work = tempDir('alarm-flood')
  addBenchUser(work)
  const tagmap = join(work, 'flood.json')
  writeFileSync(
    tagmap,
    JSON.stringify({
      version: 1,
      publishingIntervalMs: 100,
      tags: Array.from({ length: FLOOD_TAGS }, (_, i) => {
        const id = `Extra.T${String(i + 1).padStart(5, '0')}`
        return { name: id, nodeId: `nsu=urn:plantwatch:demo-mine;s=${id}`, equipment: `Flood-${Math.floor(i / 100)}`, signal: 'pressure', unit: 'bar', euRange: { low: 0, high: 100 }, limits: { H: 85, L: 15 }, deadband: 1 }
      })
    })
  )
  const plant = await startPlantwatchCli(['plant', '--port', '0', '--extra-tags', String(FLOOD_TAGS), '--data-dir', work], /opc\.tcp:\/\/[\d.]+:\d+\/\S*/)
  const host = await startPlantwatchCli(['serve', '--port', '0', '--endpoint', plant.match[0], '--tagmap', tagmap, '--data-dir', work], /Plantwatch HMI: (http:\S+)/)
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] })
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    // Run in the page, where PerformanceObserver knows long tasks (a string: this file is typed for Node).
    await page.addInitScript('window.longTasks = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.longTasks.push(e.duration) }).observe({ type: "longtask", buffered: true })')
    await page.goto(host.match[1]!)
    await signInPage(page)
    // The flood is under way once the banner counts hundreds of alarms.
    const deadline = Date.now() + 90_000
    while (!/(\d{3,}) listed/.test((await page.locator('.banner-count').textContent()) ?? '')) {
      if (Date.now() > deadline) throw new Error(`no flood after 90 s: ${await page.locator('.banner-count').textContent()}`)
      await page.waitForTimeout(500)
    }
    await page.evaluate(() => ((globalThis as unknown as { longTasks: number[] }).longTasks = []))
    await page.waitForTimeout(20_000)
    const tasks = await page.evaluate(() => (globalThis as unknown as { longTasks: number[] }).longTasks)
    const listed = await page.locator('.banner-count').textContent()
    console.log(`# flood: banner says "${listed}"; long tasks (ms): ${tasks.map((t) => t.toFixed(0)).join(', ') || 'none'}`)
    report('alarm_flood_ui_long_tasks', tasks.filter((t) => t > 100).length, 'long tasks over 100 ms in 20 s', 0)
  } finally {
    await browser.close()
    await host.stop()
    await plant.stop()
  }
}
