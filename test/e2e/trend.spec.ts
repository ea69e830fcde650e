import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import { openEquipment, serveHmi, signIn, useRig } from './host'

const rig = useRig('trend')

test.beforeAll(async () => {
  // A day of the demo plant's physics in the historian, as a fresh install would pre-fill it.
  await rig.hmi.stop()
  const prefill = spawnSync(process.execPath, ['bin/plantwatch.mjs', 'history', 'prefill', '--days', '1', '--data-dir', rig.dataDir], { encoding: 'utf8' })
  if (prefill.status !== 0) throw new Error(`history prefill: ${prefill.stderr}`)
  rig.hmi = await serveHmi({ dataDir: rig.dataDir, endpoint: rig.plant.endpointUrl })
})

const shown = (page: Page) => page.getByRole('status', { name: 'Shown range' }).or(page.getByLabel('Shown range'))
const span = async (page: Page): Promise<number> => {
  const range = shown(page)
  return Number(await range.getAttribute('data-to')) - Number(await range.getAttribute('data-from'))
}

test('history and live in one trend: presets, wheel zoom, Live, cursor readout, CSV export, pen sets', async ({ page }, testInfo) => {
  // About 35 s on an idle machine; the margin is for a CI box shared with other jobs.
  test.setTimeout(120_000)
  await signIn(page, rig.hmi.url)
  await openEquipment(page, 'CV-101')
  const toolbar = page.getByRole('toolbar', { name: 'Trend range' })
  const points = page.getByTestId('trend-points')
  await expect(points).not.toHaveText('0', { timeout: 15_000 })
  await expect(shown(page)).toHaveText('Live · last 10 min')
  await expect(toolbar.getByRole('button', { name: '10 min' })).toHaveAttribute('aria-pressed', 'true')
  await expect(page.getByTestId('trend-history')).toContainText('history from the', { timeout: 10_000 })
  await page.screenshot({ path: testInfo.outputPath('trend-10min.png') })

  await toolbar.getByRole('button', { name: '1 h', exact: true }).click()
  await expect(shown(page)).toHaveText('Live · last 1 h')
  // The prefilled hour comes from the historian, decimated to the chart's width.
  await expect(page.getByTestId('trend-history')).toContainText('history from the', { timeout: 10_000 })
  await expect.poll(async () => Number(await points.textContent()), { timeout: 10_000 }).toBeGreaterThan(200)

  const plot = page.locator('.trend-plot .u-over')
  const box = (await plot.boundingBox())!
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  await page.mouse.wheel(0, -400)
  await expect(shown(page)).toHaveAttribute('data-live', 'false')
  await expect.poll(() => span(page)).toBeLessThan(3_600_000)
  await expect(toolbar.getByRole('button', { name: 'Live' })).toHaveAttribute('aria-pressed', 'false')

  // The cursor readout: each pen's value and its quality at the time under the pointer.
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2)
  const readout = page.getByTestId('trend-cursor-value')
  await expect(readout.first()).toHaveText(/\d.* · (Good|Partly good|Uncertain|Bad)$/)
  expect(await readout.count()).toBeGreaterThan(1)
  await expect(page.getByTestId('trend-cursor-time')).toHaveText(/\d\d:\d\d:\d\d/)

  await toolbar.getByRole('button', { name: 'Live' }).click()
  await expect(shown(page)).toHaveText(/^Live · last/)
  await expect(shown(page)).toHaveAttribute('data-live', 'true')

  await page.keyboard.press('Alt+4')
  await expect(shown(page)).toHaveText('Live · last 24 h')
  await expect(page.getByTestId('trend-history')).toContainText('history from the', { timeout: 10_000 })
  await page.mouse.move(0, 0)
  await page.waitForTimeout(500)
  await page.screenshot({ path: testInfo.outputPath('trend-24h.png') })

  const [download] = await Promise.all([page.waitForEvent('download'), toolbar.getByRole('button', { name: 'Export CSV' }).click()])
  expect(download.suggestedFilename()).toMatch(/^trend_.*\.csv$/)
  const lines = readFileSync((await download.path())!, 'utf8').split('\r\n').filter(Boolean)
  const header = lines[0]!.split(',')
  expect(header[0]).toBe('time')
  const pens = (header.length - 1) / 2
  expect(pens).toBeGreaterThanOrEqual(1)
  header.slice(1).forEach((cell, i) => (i % 2 === 1 ? expect(cell).toMatch(/ quality$/) : expect(cell).not.toMatch(/ quality$/)))
  const rows = lines.slice(1).map((line) => line.split(','))
  expect(rows.length).toBeGreaterThan(100)
  const range = shown(page)
  const [from, to] = [Number(await range.getAttribute('data-from')), Number(await range.getAttribute('data-to'))]
  // Checked in plain code and asserted once: a day's export has thousands of rows.
  const wrong = rows.filter((row) => {
    const t = Date.parse(row[0]!)
    return (
      row.length !== header.length ||
      !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(row[0]!) ||
      // Export is of the visible range (give the live window the seconds it slid meanwhile).
      t < from - 5_000 ||
      t > to + 5_000 ||
      Array.from({ length: pens }, (_, p) => row[2 + 2 * p]!).some((q) => !/^(Good|Partly good|Uncertain|Bad|No data)$/.test(q))
    )
  })
  expect(wrong.slice(0, 3)).toEqual([])
  expect(rows.some((row) => row[1] !== '' && Number.isFinite(Number(row[1])))).toBe(true)

  // A pen set: saved under a name, the pens changed, the set reloaded.
  const picker = page.getByRole('group', { name: 'Trend pens' })
  const checked = await picker.getByRole('checkbox', { checked: true }).evaluateAll((boxes) => boxes.map((b) => b.parentElement?.textContent?.trim()))
  await page.getByLabel('Pen set name').fill('Drive check')
  await page.getByRole('button', { name: 'Save pen set' }).click()
  await expect(page.getByText('saved "Drive check"')).toBeVisible()
  await picker.getByRole('checkbox', { name: checked[0]! }).uncheck()
  await expect(picker.getByRole('checkbox', { checked: true })).toHaveCount(checked.length - 1)
  await page.getByRole('combobox', { name: 'Pen set', exact: true }).selectOption('Drive check')
  await expect(picker.getByRole('checkbox', { checked: true })).toHaveCount(checked.length)
  await expect(picker.getByRole('checkbox', { name: checked[0]! })).toBeChecked()
})

test('keyboard alone: zoom, pan and step to a maintenance-log marker on the time axis', async ({ page }) => {
  await signIn(page, rig.hmi.url)
  await openEquipment(page, 'CV-101')
  await expect(page.getByTestId('trend-points')).not.toHaveText('0', { timeout: 15_000 })
  const text = `Greased CV-101 tail pulley ${Date.now()}`
  await page.getByLabel('Log entry').fill(text)
  await page.getByRole('button', { name: 'Add entry' }).click()
  await expect(page.getByRole('listitem').filter({ hasText: text })).toBeVisible()

  // The picker searches every tag: a pen of another unit, added from the keyboard.
  const picker = page.getByRole('group', { name: 'Trend pens' })
  const pens = await picker.getByRole('checkbox', { checked: true }).count()
  await page.keyboard.press('Alt+T')
  await expect(picker.getByRole('searchbox', { name: 'Find a tag' })).toBeFocused()
  await page.keyboard.type('DR-201 power')
  await expect(picker.getByRole('checkbox', { name: 'DR-201.Power', exact: true })).not.toBeChecked()
  await page.keyboard.press('Enter')
  await expect(picker.getByRole('checkbox', { name: 'DR-201.Power', exact: true })).toBeChecked()
  await expect(picker.getByRole('checkbox', { checked: true })).toHaveCount(pens + 1)
  await expect(page.getByRole('group', { name: /^Trend of .*DR-201\.Power/ })).toBeVisible()

  await page.keyboard.press('Alt+C')
  await expect(page.getByRole('group', { name: /^Trend of / })).toBeFocused()
  const before = await span(page)
  await page.keyboard.press('-')
  await expect(shown(page)).toHaveAttribute('data-live', 'false')
  await expect.poll(() => span(page)).toBeGreaterThan(before * 1.2)
  const zoomed = await span(page)
  const to = Number(await shown(page).getAttribute('data-to'))
  await page.keyboard.press('ArrowLeft')
  await expect.poll(async () => Number(await shown(page).getAttribute('data-to'))).toBeLessThan(to - zoomed * 0.05)
  await page.keyboard.press('+')
  await expect.poll(() => span(page)).toBeLessThan(zoomed * 0.9)

  // The entry was written a moment ago, after the window: ] steps forward to it (past any
  // work order the engine booked meanwhile) and brings it into view.
  const marker = page.getByRole('status', { name: 'Time marker' })
  for (let step = 0; step < 5 && !((await marker.textContent()) ?? '').includes(text); step++) await page.keyboard.press(']')
  await expect(marker).toContainText(text)
  await expect(marker).toContainText('Log ·')
  await page.keyboard.press('Escape')
  await expect(page.getByRole('status', { name: 'Time marker' })).toHaveText('')

  // Raw export of the window shown: every stored sample, refused with a reason over 24 h.
  const toolbar = page.getByRole('toolbar', { name: 'Trend range' })
  await page.keyboard.press('Alt+5')
  await expect(shown(page)).toHaveText('Live · last 7 d')
  await toolbar.getByRole('button', { name: 'Export raw CSV' }).click()
  await expect(toolbar.getByRole('status', { name: 'Export' })).toHaveText(/^Raw export covers at most 24 h; 7 d is shown/)
  await page.keyboard.press('Alt+1')
  await expect(shown(page)).toHaveText('Live · last 10 min')
  const [download] = await Promise.all([page.waitForEvent('download'), toolbar.getByRole('button', { name: 'Export raw CSV' }).click()])
  expect(download.suggestedFilename()).toMatch(/^trend_.*_raw\.csv$/)
  const lines = readFileSync((await download.path())!, 'utf8').split('\r\n').filter(Boolean)
  expect(lines[0]!.split(',')[0]).toBe('time')
  expect(lines.length).toBeGreaterThan(10)
  const times = lines.slice(1).map((line) => Date.parse(line.split(',')[0]!))
  expect(times.every((t, i) => Number.isFinite(t) && (i === 0 || t > times[i - 1]!))).toBe(true)
  await expect(toolbar.getByRole('status', { name: 'Export' })).toHaveText(/^Raw export: \d+ samples$/)
})

test("alarm markers: the journal's transitions of the pens on the time axis; a click opens the alarm in the summary", async ({ page }) => {
  test.setTimeout(120_000)
  await signIn(page, rig.hmi.url)
  rig.plant.injectFault('CV-101', 'bearing-wear', { timeToFailureS: 3, trip: false })
  try {
    const banner = page.getByRole('region', { name: 'Alarms' })
    await expect(banner.getByRole('row').filter({ hasText: 'CV-101.Vibration' }).first()).toBeVisible({ timeout: 20_000 })
    await openEquipment(page, 'CV-101')
    // Vibration is among CV-101's default pens (health signals first); checking it again changes nothing.
    await page.getByRole('group', { name: 'Trend pens' }).getByRole('checkbox', { name: 'CV-101.Vibration', exact: true }).check()
    await expect(page.getByRole('group', { name: /^Trend of .*CV-101\.Vibration/ })).toBeVisible()
    await expect(page.getByTestId('trend-points')).not.toHaveText('0', { timeout: 15_000 })

    // ] from the window's middle steps forward to the raise, a few seconds old.
    await page.keyboard.press('Alt+C')
    const marker = page.getByRole('status', { name: 'Time marker' })
    // Stepped until there: the journal's answer may still be on its way for the first steps.
    await expect(async () => {
      await page.keyboard.press(']')
      await expect(marker).toContainText('Alarm raised', { timeout: 500 })
    }).toPass({ timeout: 15_000 })
    await expect(marker).toContainText(/Alarm raised · P\d · CV-101\.Vibration/)
    await expect(page.getByRole('button', { name: 'Open in alarm summary' })).toBeVisible()

    // A fixed window (zoomed out around the middle), so the marker stays where it is to click it.
    await page.keyboard.press('-')
    await expect(shown(page)).toHaveAttribute('data-live', 'false')
    const at = Number(await marker.getAttribute('data-at'))
    // Unpinned, the marker under the pointer shows on hover: that proves the pointer is on it before
    // the click. Measured again on each try: the chart takes a new window on its next animation frame.
    await page.keyboard.press('Escape')
    await expect(marker).toHaveText('')
    let point = { x: 0, y: 0 }
    await expect(async () => {
      const [from, to] = [Number(await shown(page).getAttribute('data-from')), Number(await shown(page).getAttribute('data-to'))]
      const box = (await page.locator('.trend-plot .u-over').boundingBox())!
      point = { x: box.x + ((at - from) / (to - from)) * box.width, y: box.y + box.height - 4 }
      await page.mouse.move(point.x, point.y - 40)
      await page.mouse.move(point.x, point.y)
      await expect(marker).toContainText(/Alarm \w+.* · P\d · CV-101\.Vibration/, { timeout: 500 })
    }).toPass({ timeout: 10_000 })
    await page.mouse.click(point.x, point.y)

    const summary = page.getByRole('region', { name: 'Alarm summary' })
    await expect(summary).toBeVisible()
    expect(page.url()).toMatch(/#\/alarms\/[^/]+\/\d+$/)
    const focused = summary.locator('tr[aria-current="true"]')
    await expect(focused).toContainText('CV-101.Vibration')
    await expect(summary.getByRole('combobox', { name: 'Equipment' })).toHaveValue('CV-101')
  } finally {
    rig.plant.resetEquipment('CV-101')
  }
})
