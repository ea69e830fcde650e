// Figures of issue 12 (operator displays), in headless Chromium through the web host:
// a 500-machine, 10,000-tag site whose values change once a second.
//   overview_render_ms             first render of an overview with 500 tiles, each on screen with its values (target ≤ 200)
//   overview_update_fps            frames per second while all 500 tiles update at 1 Hz (target ≥ 55)
//   overview_long_tasks_over_50ms  main-thread tasks over 50 ms meanwhile (target 0)
//   navigation_ms                  from pressing "Next unacknowledged" (an alarm's way to its machine)
//                                  to its equipment display drawn with its trend (target ≤ 300)
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Page } from '@playwright/test'
import { addBenchUser, percentile, report, signInPage, startPlantwatchCli, tempDir } from './support'

const MACHINES = 500
const TAGS_PER_MACHINE = 20
const AREAS = 10
const UPDATE_INTERVAL_MS = 1000
const RENDER_RUNS = 3
const FPS_WINDOW_MS = 10_000
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

if (!existsSync(CHROMIUM) || !existsSync('out/renderer/index.html')) {
  console.log(`bench: displays skipped: needs ${CHROMIUM} and a build (npm run build)`)
  process.exit(0)
}
for (const dir of ['XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'XDG_DATA_HOME']) process.env[dir] ??= tempDir(dir.toLowerCase())

const machineName = (m: number): string => `M-${String(m + 1).padStart(3, '0')}`

/**
 * The site's tag map on the demo plant's synthetic tags (each a slow sine, 10…90): every tenth
 * machine's first tag has H at 85, so some tiles are in alarm as they would be on a real site.
 */
function siteTagMap(file: string): string {
  const tags = []
  const equipment: Record<string, { area: string; type: string; description: string }> = {}
  for (let m = 0; m < MACHINES; m++) {
    const name = machineName(m)
    equipment[name] = { area: `Area ${String((m % AREAS) + 1).padStart(2, '0')}`, type: 'pump', description: `Synthetic machine ${m + 1}` }
    for (let t = 0; t < TAGS_PER_MACHINE; t++) {
      const n = m * TAGS_PER_MACHINE + t + 1
      const id = `Extra.T${String(n).padStart(5, '0')}`
      tags.push({
        name: `${name}.V${String(t + 1).padStart(2, '0')}`,
        nodeId: `nsu=urn:plantwatch:demo-mine;s=${id}`,
        equipment: name,
        signal: t % 4 === 0 ? 'vibration' : t % 4 === 1 ? 'temperature' : t % 4 === 2 ? 'pressure' : 'flow',
        unit: '',
        euRange: { low: 0, high: 100 },
        limits: t === 0 && m % 10 === 0 ? { H: 85 } : { H: 97, L: 3 }
      })
    }
  }
  writeFileSync(file, JSON.stringify({ version: 1, publishingIntervalMs: UPDATE_INTERVAL_MS, tags, equipment }))
  return file
}

/**
 * Page scripts as strings: the bench's typings have no DOM. Done when every tile is on the
 * page and each one on screen shows its values (tiles far from view leave theirs out).
 */
const untilTiles = (count: number): string => `new Promise((resolve) => {
  const drawn = () => {
    const tiles = document.querySelectorAll('.tile')
    if (tiles.length < ${count}) return false
    const bare = [...tiles].find((t) => !t.querySelector(".tile-values"))
    return !bare || bare.getBoundingClientRect().top >= innerHeight
  }
  const check = () => drawn() ? requestAnimationFrame(() => resolve()) : requestAnimationFrame(check)
  check()
})`

async function renderOnce(page: Page): Promise<number> {
  await page.getByRole('link', { name: machineName(0), exact: true }).click()
  await page.getByRole('region', { name: `Equipment ${machineName(0)}` }).waitFor()
  await page.waitForTimeout(500)
  return page.evaluate(`(async () => {
    const t0 = performance.now()
    document.querySelector('[data-shortcut="overview"]').click()
    await ${untilTiles(MACHINES)}
    return performance.now() - t0
  })()`)
}

const work = tempDir('displays-bench')
addBenchUser(work)
const plant = await startPlantwatchCli(
  ['plant', '--port', '0', '--extra-tags', String(MACHINES * TAGS_PER_MACHINE), '--data-dir', work],
  /opc\.tcp:\/\/[\d.]+:\d+\/\S*/
)
const host = await startPlantwatchCli(
  ['serve', '--port', '0', '--endpoint', plant.match[0], '--tagmap', siteTagMap(join(work, 'site.json')), '--data-dir', work],
  /Plantwatch HMI: (http:\S+)/,
  // 10,000 tags to subscribe before the host listens; a loaded machine needs minutes.
  180_000
)
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
})
try {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
  const url = host.match[1]!
  await page.goto(`${url}/?tiles=${MACHINES}`)
  await signInPage(page)
  await page.getByRole('region', { name: 'Plant overview' }).waitFor({ timeout: 60_000 })
  await page.evaluate(untilTiles(MACHINES))
  // Let values and the first alarms arrive before measuring.
  await page.waitForTimeout(5_000)

  const renders: number[] = []
  for (let i = 0; i < RENDER_RUNS; i++) renders.push(await renderOnce(page))
  renders.sort((a, b) => a - b)
  console.log(`# ${MACHINES} tiles (${MACHINES * TAGS_PER_MACHINE} tags), renders: ${renders.map((r) => r.toFixed(0)).join(', ')} ms`)
  // Wall times: a loaded machine (other processes on few cores) stretches them; the load is printed with them.
  console.log(`# load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} on ${(await import('node:os')).availableParallelism()} cores`)
  report('overview_render_ms', percentile(renders, 50), 'ms')

  const steady = (await page.evaluate(`(async () => {
    let longTasks = 0
    const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) if (e.duration > 50) longTasks++ })
    observer.observe({ type: 'longtask' })
    let frames = 0
    const t0 = performance.now()
    await new Promise((resolve) => {
      const frame = () => { frames++; performance.now() - t0 < ${FPS_WINDOW_MS} ? requestAnimationFrame(frame) : resolve() }
      requestAnimationFrame(frame)
    })
    observer.disconnect()
    return { fps: frames / ((performance.now() - t0) / 1000), longTasks }
  })()`)) as { fps: number; longTasks: number }
  report('overview_update_fps', steady.fps, 'fps')
  report('overview_long_tasks_over_50ms', steady.longTasks, 'tasks', 0)

  const next = page.getByRole('button', { name: /^Next unacknowledged: / })
  await next.waitFor({ timeout: 60_000 })
  const navigation = (await page.evaluate(`(async () => {
    const button = document.querySelector('[data-shortcut="next-unacknowledged"]')
    const machine = button.textContent.replace(/^Next unacknowledged: /, '')
    const t0 = performance.now()
    button.click()
    await new Promise((resolve) => {
      const check = () => {
        const region = document.querySelector('[aria-label="Equipment ' + machine + '"]')
        const points = Number(region?.querySelector('[data-testid="trend-points"]')?.textContent ?? 0)
        points > 0 ? requestAnimationFrame(() => resolve()) : requestAnimationFrame(check)
      }
      check()
    })
    return performance.now() - t0
  })()`)) as number
  report('navigation_ms', navigation, 'ms')
  await page.close()
} finally {
  await browser.close()
  await host.stop()
  await plant.stop()
}
