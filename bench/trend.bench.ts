/**
 * Trend figures (issue 8), measured on the real renderer in Debian's Chromium through the
 * web host (`plantwatch serve`), signed in through the sign-in screen:
 * - trend_first_draw_ms: 8 pens with 7 days of 1 s raw history each (written into the
 *   host's historian before it starts), the "7 d" preset pressed: from the `history:query`
 *   request leaving the renderer to the first frame painted with its answer (the chart's
 *   `trend:first-draw` User Timing measure). p95 of {@link FIRST_DRAW_RUNS} presses, each
 *   after a 24 h view; the first (nothing decoded on the host) in the unit text.
 * - trend_stream_fps: 16 pens changing at 10 Hz (demo plant `--extra-tags`, 100 ms
 *   publishing) in the 10-minute live window, frames per second the page painted
 *   (requestAnimationFrame callbacks) over {@link STREAM_WINDOW_MS};
 * - trend_long_tasks_over_50ms: main-thread tasks over 50 ms (PerformanceObserver
 *   'longtask') in that same run.
 * Run: npx tsx bench/trend.bench.ts (about 2 minutes; needs a build).
 */
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Page } from '@playwright/test'
import { openHistorian } from '../src/main/core/historian/historian'
import { addBenchUser, invokeOverWs, percentile, report, signInPage, startPlantwatchCli, tempDir } from './support'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const DAY_MS = 86_400_000
const HISTORY_PENS = 8
const STREAM_PENS = 16
const PUBLISH_INTERVAL_MS = 100
const FIRST_DRAW_RUNS = 10
const STREAM_WINDOW_MS = 30_000
/** The renderer's measure (TrendChart.tsx). */
const FIRST_DRAW_MEASURE = 'trend:first-draw'

if (!existsSync(CHROMIUM) || !existsSync('out/renderer/index.html')) {
  console.log(`bench: trend skipped: needs ${CHROMIUM} and a build (npm run build)`)
  process.exit(0)
}
for (const dir of ['XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'XDG_DATA_HOME']) process.env[dir] ??= tempDir(dir.toLowerCase())

const tagName = (i: number): string => `Extra.T${String(i + 1).padStart(5, '0')}`

function writeTagMap(file: string): void {
  const tags = Array.from({ length: STREAM_PENS }, (_, i) => ({
    name: tagName(i),
    nodeId: `nsu=urn:plantwatch:demo-mine;s=${tagName(i)}`,
    equipment: 'Extra',
    unit: '',
    euRange: { low: 0, high: 100 }
  }))
  writeFileSync(file, JSON.stringify({ version: 1, publishingIntervalMs: PUBLISH_INTERVAL_MS, tags }))
}

/** 7 days of 1 s values of the history pens, ending now, as the historian would have recorded them. */
function prefill(dataDir: string, end: number): void {
  const historian = openHistorian({ file: join(dataDir, 'historian.db'), flushIntervalMs: 0 })
  try {
    historian.useTags(Array.from({ length: HISTORY_PENS }, (_, i) => tagName(i)))
    const tagIndex = Uint32Array.from({ length: HISTORY_PENS }, (_, i) => i)
    const sourceTime = new Float64Array(HISTORY_PENS)
    const value = new Float64Array(HISTORY_PENS)
    const status = new Uint32Array(HISTORY_PENS)
    const start = Math.floor((end - 7 * DAY_MS) / 1000) * 1000
    for (let t = start, k = 0; t < end; t += 1000, k++) {
      sourceTime.fill(t)
      for (let p = 0; p < HISTORY_PENS; p++) value[p] = 50 + 5 * Math.sin(t / 3_600_000 + p) + Math.random() * 0.5
      historian.append({ tagIndex, sourceTime, value, status })
      if (k % 3600 === 3599) historian.flush()
    }
    historian.flush()
  } finally {
    historian.close()
  }
}

const toolbarButton = (page: Page, name: string) => page.getByRole('toolbar', { name: 'Trend range' }).getByRole('button', { name, exact: true })

async function showPenSet(page: Page, name: string, pens: number): Promise<void> {
  await page.getByRole('combobox', { name: 'Pen set', exact: true }).selectOption(name)
  await page.locator('.trend-legend tbody tr').nth(pens - 1).waitFor({ timeout: 15_000 })
}

/** Presses a preset and resolves with the first-draw measure of the answer covering `spanMs`. */
async function firstDrawOf(page: Page, preset: string, spanMs: number): Promise<number> {
  const pressedAt = await page.evaluate(() => performance.now())
  await toolbarButton(page, preset).click()
  const handle = await page.waitForFunction(
    ({ name, after, span }) => {
      const entry = performance.getEntriesByName(name).at(-1) as { startTime: number; duration: number; detail?: unknown } | undefined
      const detail = entry?.detail as { spanMs?: number } | undefined
      return entry && entry.startTime > after && Math.abs((detail?.spanMs ?? 0) - span) < span * 0.01 ? entry.duration : false
    },
    { name: FIRST_DRAW_MEASURE, after: pressedAt, span: spanMs },
    { timeout: 30_000, polling: 50 }
  )
  return (await handle.jsonValue()) as number
}

/** TREND_BENCH_PROFILE=1: the renderer's hottest functions (self time) over the stream window, to find what a slow figure spends. */
async function startProfile(page: Page): Promise<() => Promise<void>> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.start')
  return async () => {
    const { profile } = await cdp.send('Profiler.stop')
    const self = new Map<string, number>()
    const dt = (profile.endTime - profile.startTime) / Math.max(1, profile.samples?.length ?? 1) / 1000
    const byId = new Map(profile.nodes.map((node) => [node.id, node]))
    for (const id of profile.samples ?? []) {
      const f = byId.get(id)!.callFrame
      const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`
      self.set(key, (self.get(key) ?? 0) + dt)
    }
    for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`# ${ms.toFixed(0).padStart(6)} ms  ${key}`)
  }
}

const work = tempDir('trend-bench')
addBenchUser(work)
const tagmap = join(work, 'trend-tags.json')
writeTagMap(tagmap)
const prefillStarted = performance.now()
prefill(work, Date.now())
console.log(`# prefilled ${HISTORY_PENS} pens x 7 d at 1 s in ${((performance.now() - prefillStarted) / 1000).toFixed(1)} s`)

const plant = await startPlantwatchCli(['plant', '--port', '0', '--extra-tags', String(STREAM_PENS), '--data-dir', work], /opc\.tcp:\/\/[\d.]+:\d+\/\S*/)
const host = await startPlantwatchCli(['serve', '--port', '0', '--endpoint', plant.match[0], '--tagmap', tagmap, '--data-dir', work], /Plantwatch HMI: (http:\S+)/)
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
})
try {
  const url = host.match[1]!
  await invokeOverWs(url, 'pensets:save', { name: 'history8', tags: Array.from({ length: HISTORY_PENS }, (_, i) => tagName(i)) })
  await invokeOverWs(url, 'pensets:save', { name: 'stream16', tags: Array.from({ length: STREAM_PENS }, (_, i) => tagName(i)) })
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } })
  await page.goto(url)
  await signInPage(page)
  // The trend sits on an equipment's display, reached from the plant overview.
  await page.getByRole('region', { name: 'Plant overview' }).getByRole('link', { name: 'Extra', exact: true }).click({ timeout: 30_000 })
  await page.getByTestId('trend-points').waitFor({ timeout: 30_000 })

  await showPenSet(page, 'history8', HISTORY_PENS)
  const draws: number[] = []
  for (let run = 0; run < FIRST_DRAW_RUNS; run++) {
    await firstDrawOf(page, '24 h', DAY_MS)
    draws.push(await firstDrawOf(page, '7 d', 7 * DAY_MS))
  }
  const first = draws[0]!
  const sorted = [...draws].sort((a, b) => a - b)
  report(
    'trend_first_draw_ms',
    percentile(sorted, 95),
    `ms (p95 of ${FIRST_DRAW_RUNS} "7 d" presses, ${HISTORY_PENS} pens x 7 d at 1 s, request to first painted frame; first: ${first.toFixed(0)} ms, median ${percentile(sorted, 50).toFixed(0)} ms)`
  )

  await showPenSet(page, 'stream16', STREAM_PENS)
  await toolbarButton(page, '10 min').click()
  await page.waitForTimeout(3_000)
  const profiler = process.env.TREND_BENCH_PROFILE ? await startProfile(page) : undefined
  // A string, not a function: tsx would wrap named functions in a helper the page does not have.
  const stream = (await page.evaluate(`(async () => {
    let frames = 0
    const longTasks = []
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (entry.duration > 50) longTasks.push(entry.duration)
    })
    observer.observe({ type: 'longtask' })
    const started = performance.now()
    await new Promise((resolve) => {
      const tick = () => {
        frames++
        if (performance.now() - started < ${STREAM_WINDOW_MS}) requestAnimationFrame(tick)
        else resolve()
      }
      requestAnimationFrame(tick)
    })
    observer.disconnect()
    const points = Number(document.querySelector('[data-testid="trend-points"]')?.textContent ?? 0)
    return { fps: frames / ((performance.now() - started) / 1000), longTasks, points }
  })()`)) as { fps: number; longTasks: number[]; points: number }
  await profiler?.()
  report('trend_stream_fps', stream.fps, `fps (${STREAM_PENS} pens at 10 Hz, 10-min live window, ${STREAM_WINDOW_MS / 1000} s; ${stream.points} points plotted at the end)`)
  report(
    'trend_long_tasks_over_50ms',
    stream.longTasks.length,
    `tasks (same run${stream.longTasks.length ? `; longest ${Math.max(...stream.longTasks).toFixed(0)} ms` : ''})`,
    0
  )
} finally {
  await browser.close()
  await host.stop()
  await plant.stop()
}
