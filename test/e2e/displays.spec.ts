import { expect, test } from '@playwright/test'
import { openEquipment, shelveAlarm, shot, signIn, useRig } from './host'

// ISA-101 display hierarchy through the web host: overview → equipment → faceplate and back,
// by mouse and by keyboard, an alarm's machine, and deep links that survive a reload.
// Five displays per test on a shared machine: more time than one screen of the default.
test.describe.configure({ timeout: 150_000 })
const rig = useRig('displays')
test.use({ viewport: { width: 1920, height: 1080 } })

const DEMO_MACHINES = ['CV-101', 'CV-102', 'CV-103', 'DR-201', 'DR-202', 'CR-301', 'PU-401', 'PU-402', 'EM-500']

test('the plant overview shows every machine of the demo mine on one screen, by area', async ({ page }) => {
  await signIn(page, rig.hmi.url)
  const overview = page.getByRole('region', { name: 'Plant overview' })
  for (const name of DEMO_MACHINES) await expect(overview.getByRole('link', { name, exact: true })).toBeVisible()
  for (const area of ['Conveying', 'Drilling', 'Crushing', 'Pumping', 'Power']) await expect(overview.getByRole('region', { name: `Area ${area}` })).toBeVisible()
  // Key values arrive, and the sparklines have the shift's history.
  await expect(overview.getByRole('meter', { name: 'CV-101.Vibration' })).toHaveAttribute('aria-valuenow', /\d/, { timeout: 15_000 })
  await expect(overview.getByText('loading history…')).toHaveCount(0, { timeout: 15_000 })
  // Each tile counts its machine's open work orders, named for assistive technology.
  const orders = overview.getByRole('link', { name: 'CV-101', exact: true }).getByRole('status', { name: 'Open work orders of CV-101' })
  await expect(orders).toHaveText(/^\d+ open work orders?$/, { timeout: 15_000 })
  // No scrollbars at 1920×1080: neither the page nor the overview scrolls, and every tile is inside the window.
  // A string: this project's node typings have no DOM.
  const overflow = await page.evaluate(`(() => {
    const root = document.documentElement
    const region = document.querySelector('[aria-label="Plant overview"]')
    const tiles = [...document.querySelectorAll('.tile')].map((t) => t.getBoundingClientRect())
    return {
      page: root.scrollHeight - root.clientHeight,
      pageX: root.scrollWidth - root.clientWidth,
      overview: region.scrollHeight - region.clientHeight,
      outside: tiles.filter((r) => r.bottom > innerHeight || r.right > innerWidth).length
    }
  })()`)
  expect(overflow).toEqual({ page: 0, pageX: 0, overview: 0, outside: 0 })
  await shot(page, 'overview-normal')
})

test('comms lost to a machine: its tags BAD with the reason on the overview, its run state unknown, Good again after', async ({ page }) => {
  await signIn(page, rig.hmi.url)
  const tile = page.getByRole('region', { name: 'Plant overview' }).getByRole('link', { name: 'DR-202', exact: true })
  // HydraulicPressure has a server-side limit alarm, whose listener on the node runs before every subscriber's.
  const pressure = tile.getByRole('meter', { name: 'DR-202.HydraulicPressure' })
  await expect(pressure).toHaveAttribute('aria-valuenow', /\d/, { timeout: 15_000 })
  // Running holds still: its value comes from the snapshot read once the warm start is in.
  await expect(tile.locator('.run-state')).not.toHaveText('No value')
  rig.plant.injectFault('DR-202', 'comms-loss')
  try {
    for (const name of ['DR-202.Vibration', 'DR-202.MotorTemp', 'DR-202.HydraulicPressure', 'DR-202.LubeLevel']) {
      await expect(tile.getByRole('meter', { name })).toHaveAttribute('aria-valuetext', /, BAD: BadCommunicationError since \d\d:\d\d:\d\d/, { timeout: 10_000 })
    }
    await expect(pressure.locator('abbr.quality-mark')).toHaveText('BAD')
    await expect(tile.locator('.run-state')).toHaveText('State unknown')
    await shot(page, 'overview-comms-loss')
  } finally {
    rig.plant.clearFault('DR-202', 'comms-loss')
  }
  await expect(pressure).not.toHaveAttribute('aria-valuetext', /BAD/, { timeout: 10_000 })
  await expect(pressure.locator('abbr.quality-mark')).toHaveCount(0)
  await expect(tile.locator('.run-state')).toHaveText(/^(Running|Stopped|Starting|Learning)$/)
})

test('overview → equipment → faceplate and back, by mouse', async ({ page }) => {
  await signIn(page, rig.hmi.url)
  await openEquipment(page, 'CV-101')
  const breadcrumb = page.getByRole('list', { name: 'Breadcrumb' })
  await expect(breadcrumb).toHaveText(/Plant.*Conveying.*CV-101/)
  const display = page.getByRole('region', { name: 'Equipment CV-101' })
  await expect(display.getByRole('region', { name: 'Tags of CV-101' }).getByRole('button')).toHaveCount(9)
  await expect(display.getByTestId('trend-points')).not.toHaveText('0', { timeout: 15_000 })
  await expect(display.getByRole('status', { name: 'Open work orders of CV-101' })).toHaveText(/^\d+ open work orders?$/)
  await shot(page, 'equipment-normal')

  await display.getByRole('button', { name: 'CV-101.Vibration', exact: true }).click()
  const faceplate = page.getByRole('dialog', { name: 'CV-101.Vibration' })
  await expect(faceplate).toBeVisible()
  await expect(faceplate).toContainText('HH 11')
  await expect(faceplate).toContainText('Good')
  // Beside the value: its StatusCode by name and its source timestamp to the millisecond.
  const reading = faceplate.getByRole('definition').filter({ has: page.locator('.faceplate-status') })
  await expect(reading).toContainText('source time')
  await expect(reading).toContainText('Good')
  await expect(reading.locator('time')).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/)
  // And the server's own timestamp of it, asked from the core while the faceplate is open.
  const serverTime = faceplate.locator('.faceplate-server-time')
  await expect(faceplate.getByRole('term').filter({ hasText: 'Server time' })).toBeVisible()
  await expect(faceplate.locator('.faceplate-server-time time')).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/, { timeout: 10_000 })
  // The demo plant stamps both with the same clock.
  await expect(serverTime).toContainText('same as its source timestamp')
  await expect(faceplate.getByRole('img', { name: 'CV-101.Vibration, last hour' })).toBeVisible()
  await shot(page, 'faceplate-normal')
  await faceplate.getByRole('button', { name: 'Close CV-101.Vibration' }).click()
  await expect(faceplate).toHaveCount(0)
  await expect(display).toBeVisible()

  await page.getByRole('button', { name: 'Back', exact: true }).click()
  await expect(page.getByRole('region', { name: 'Plant overview' })).toBeVisible()
  await page.getByRole('button', { name: 'Forward', exact: true }).click()
  await expect(display).toBeVisible()
  // The area in the breadcrumb opens that area's overview.
  await breadcrumb.getByRole('link', { name: 'Conveying' }).click()
  await expect(page.getByRole('region', { name: 'Area Conveying' })).toBeVisible()
  await expect(page.getByRole('region', { name: 'Area Drilling' })).toHaveCount(0)
})

test('overview → equipment → faceplate and back, by keyboard', async ({ page }) => {
  await signIn(page, rig.hmi.url)
  await page.getByRole('link', { name: 'DR-201', exact: true }).focus()
  await page.keyboard.press('Enter')
  const display = page.getByRole('region', { name: 'Equipment DR-201' })
  await expect(display).toBeVisible()
  const tag = display.getByRole('button', { name: 'DR-201.MotorTemp', exact: true })
  await tag.focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('dialog', { name: 'DR-201.MotorTemp' })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await page.keyboard.press('Alt+B')
  await expect(page.getByRole('region', { name: 'Plant overview' })).toBeVisible()
  await page.keyboard.press('Alt+M')
  await expect(page.getByRole('region', { name: 'Alarm summary' })).toBeVisible()
  await page.keyboard.press('Alt+P')
  await expect(page.getByRole('region', { name: 'Plant overview' })).toBeVisible()
  // The header's help line is cut to the width there is; Alt+K lists every key.
  await page.keyboard.press('Alt+K')
  const keys = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
  await expect(keys.getByRole('listitem').filter({ hasText: 'Alt+N next unacknowledged alarm' })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog')).toHaveCount(0)
})

test("an alarm opens its machine's display: the next unacknowledged alarm, and a row on the equipment display", async ({ page }) => {
  await signIn(page, rig.hmi.url)
  rig.plant.injectFault('CV-102', 'bearing-wear', { timeToFailureS: 3, trip: false })
  const tile = page.getByRole('link', { name: 'CV-102', exact: true })
  await expect(tile.getByRole('img', { name: /^Priority \d alarm, unacknowledged/ })).toBeVisible({ timeout: 20_000 })
  await expect(tile).toContainText('Anomaly')
  await shot(page, 'overview-fault')
  const next = page.getByRole('button', { name: /^Next unacknowledged: CV-102/ })
  await expect(next).toBeVisible()
  await page.keyboard.press('Alt+N')
  const display = page.getByRole('region', { name: 'Equipment CV-102' })
  await expect(display).toBeVisible()
  const alarms = display.getByRole('region', { name: 'Alarms of CV-102' })
  await expect(alarms.getByRole('button', { name: 'CV-102.Vibration' }).first()).toBeVisible()
  await shot(page, 'equipment-fault')
  await alarms.getByRole('button', { name: 'CV-102.Vibration' }).first().click()
  const faceplate = page.getByRole('dialog', { name: 'CV-102.Vibration' })
  await expect(faceplate.getByRole('img', { name: /^Priority \d alarm/ }).first()).toBeVisible()
  await shot(page, 'faceplate-fault')

  // The faceplate's alarm actions: shelve (a reason is required), comment, acknowledge.
  const h = faceplate.getByRole('listitem').filter({ hasText: /above H limit/ })
  const hh = faceplate.getByRole('listitem').filter({ hasText: /above HH limit/ })
  await expect(hh).toContainText('Unacknowledged', { timeout: 20_000 })
  await shelveAlarm(h, faceplate, '30', 'probe being replaced')
  await expect(h).toContainText('Shelved by olga')
  await expect(h.getByRole('button', { name: 'Unshelve' })).toBeVisible()
  await hh.getByRole('button', { name: 'Comment' }).click()
  const comment = faceplate.getByRole('form', { name: 'Comment' })
  await comment.getByRole('textbox', { name: 'Comment' }).fill('fitter on the way')
  await comment.getByRole('button', { name: 'Comment' }).click()
  await expect(hh).toContainText('Last comment by olga: fitter on the way')
  await hh.getByRole('button', { name: 'Acknowledge' }).click()
  await faceplate.getByRole('form', { name: 'Acknowledge' }).getByRole('button', { name: 'Acknowledge' }).click()
  await expect(hh).toContainText('Acknowledged by olga')
  await expect(hh.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0)
  await shot(page, 'faceplate-actions')
  await page.keyboard.press('Escape')
  rig.plant.resetEquipment('CV-102')
})

test('an engineer takes a limit alarm that is not listed out of service from the faceplate, and returns it', async ({ page }) => {
  await signIn(page, rig.hmi.url, 'engineer')
  await page.goto(`${rig.hmi.url}#/equipment/CV-103/tag/CV-103.Vibration`)
  const faceplate = page.getByRole('dialog', { name: 'CV-103.Vibration' })
  await expect(faceplate).toBeVisible({ timeout: 15_000 })
  const unlisted = faceplate.getByRole('group', { name: 'Limit alarms of CV-103.Vibration not listed' })
  await expect(unlisted.getByRole('button')).toHaveText(['Take HH alarm out of service', 'Take H alarm out of service'])
  await unlisted.getByRole('button', { name: 'Take H alarm out of service' }).click()
  const form = faceplate.getByRole('form', { name: 'Take out of service' })
  await form.getByRole('button', { name: 'Take out of service' }).click()
  await expect(form.getByRole('alert')).toHaveText('Reason is required')
  await form.getByRole('textbox', { name: 'Reason' }).fill('probe off for calibration')
  await form.getByRole('button', { name: 'Take out of service' }).click()
  const h = faceplate.getByRole('listitem').filter({ hasText: /above H limit/ })
  await expect(h).toContainText('Out of service by erin: probe off for calibration')
  await expect(h).toContainText('Normal')
  await expect(unlisted.getByRole('button')).toHaveText(['Take HH alarm out of service'])
  await shot(page, 'faceplate-out-of-service')
  await h.getByRole('button', { name: 'Return to service' }).click()
  await expect(h).toHaveCount(0)
  await expect(unlisted.getByRole('button', { name: 'Take H alarm out of service' })).toBeVisible()
})

test('a deep link opens the same display, also after a reload', async ({ page }) => {
  await signIn(page, rig.hmi.url)
  await page.goto(`${rig.hmi.url}#/equipment/PU-402/tag/PU-402.DischargePressure`)
  await expect(page.getByRole('region', { name: 'Equipment PU-402' })).toBeVisible({ timeout: 15_000 })
  await expect(page.getByRole('dialog', { name: 'PU-402.DischargePressure' })).toBeVisible()
  await page.reload()
  await expect(page.getByRole('dialog', { name: 'PU-402.DischargePressure' })).toBeVisible({ timeout: 15_000 })
  await page.goto(`${rig.hmi.url}#/area/Drilling`)
  await expect(page.getByRole('region', { name: 'Area Drilling' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'CV-101', exact: true })).toHaveCount(0)
  // An alarm that is not listed (any more) opens on its journal around the time in the link.
  await page.goto(`${rig.hmi.url}#/alarms/${encodeURIComponent('limit:DR-202.LubeLevel:LL')}/${Date.now() - 60_000}`)
  const journal = page.getByRole('region', { name: 'Alarm summary' }).getByRole('region', { name: 'Alarm journal' })
  await expect(journal).toContainText('Transitions of alarm limit:DR-202.LubeLevel:LL within 12 h of')
  await expect(journal.getByText('No transitions in this span.')).toBeVisible()
  await journal.getByRole('button', { name: 'Show the whole journal' }).click()
  await expect(journal.getByRole('group', { name: 'Journal filters' })).toBeVisible()
})

/**
 * How far the page scrolls sideways, and the header's and alarm banner's controls that lie outside the
 * window: a long line must never push Silence or Sign out off screen. A string, as for TEXT_CHECK.
 */
const OFF_SCREEN = `(() => {
  const controls = [...document.querySelectorAll('.app-header button, .app-header select, .alarm-banner button')]
  const outside = controls.filter((el) => { const r = el.getBoundingClientRect(); return r.right > innerWidth || r.bottom > innerHeight }).map((el) => el.textContent.trim().slice(0, 20))
  return { pageX: document.documentElement.scrollWidth - document.documentElement.clientWidth, outside }
})()`

/**
 * Text elements of the displays (with text of their own) whose contrast against the background they sit on is
 * under WCAG AA (4.5:1; disabled controls are exempt), or that clip their text; a string, as this project's node typings have no DOM.
 */
const TEXT_CHECK = `(() => {
  const lum = (c) => { const [r, g, b] = c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map((v) => { const s = Number(v) / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4 }); return 0.2126 * r + 0.7152 * g + 0.0722 * b }
  const opaque = (c) => !/rgba\\(.*,\\s*0\\)$/.test(c) && c !== 'transparent'
  const background = (el) => { for (let e = el; e; e = e.parentElement) { const bg = getComputedStyle(e).backgroundColor; if (opaque(bg) && !/rgba\\(.*,\\s*0?\\.\\d+\\)$/.test(bg)) return bg } return 'rgb(255, 255, 255)' }
  const low = [], clipped = []
  for (const el of document.querySelectorAll('.nav-bar *, .overview *, .eq-head *, .eq-tags *, .eq-alarms *, .eq-learned *')) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())
    if (!own || el.closest('svg, .visually-hidden, :disabled, [aria-disabled="true"]') || !el.getClientRects().length) continue
    const style = getComputedStyle(el)
    if (style.visibility === 'hidden') continue
    const [a, b] = [lum(style.color), lum(background(el))]
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)
    if (ratio < 4.5) low.push(el.className + ' "' + el.textContent.trim().slice(0, 20) + '" ' + ratio.toFixed(2))
    if (style.textOverflow !== 'ellipsis' && el.scrollWidth > el.clientWidth + 1 && style.overflow !== 'visible') clipped.push(el.className + ' "' + el.textContent.trim().slice(0, 20) + '"')
  }
  return { low, clipped }
})()`

test('at 1366×768 and 1920×1080 text keeps WCAG AA contrast and is not clipped', async ({ page }) => {
  test.setTimeout(300_000)
  await signIn(page, rig.hmi.url)
  for (const size of [
    { width: 1366, height: 768 },
    { width: 1920, height: 1080 }
  ]) {
    await page.setViewportSize(size)
    await page.goto(`${rig.hmi.url}#/`)
    await expect(page.getByRole('meter', { name: 'CV-101.Vibration' })).toHaveAttribute('aria-valuenow', /\d/, { timeout: 15_000 })
    expect(await page.evaluate(TEXT_CHECK)).toEqual({ low: [], clipped: [] })
    expect(await page.evaluate(OFF_SCREEN)).toEqual({ pageX: 0, outside: [] })
    await shot(page, `overview-${size.width}`)
    await openEquipment(page, 'CR-301')
    expect(await page.evaluate(TEXT_CHECK)).toEqual({ low: [], clipped: [] })
    await shot(page, `equipment-${size.width}`)
  }
})

test('a tile far below the visible overview shows its name alone, and draws its values as it is scrolled near', async ({ page }) => {
  await signIn(page, rig.hmi.url)
  // A short window: the overview scrolls, and the last area lies more than a screen below.
  await page.setViewportSize({ width: 1366, height: 420 })
  await page.goto(`${rig.hmi.url}#/`)
  const overview = page.getByRole('region', { name: 'Plant overview' })
  await expect(overview.getByRole('meter', { name: 'CV-101.Vibration' })).toHaveAttribute('aria-valuenow', /\d/, { timeout: 15_000 })
  const last = overview.getByRole('link', { name: DEMO_MACHINES.at(-1)!, exact: true })
  await expect(last).toBeAttached()
  await expect(last.getByRole('meter')).toHaveCount(0)
  await last.scrollIntoViewIfNeeded()
  await expect(last.getByRole('meter').first()).toHaveAttribute('aria-valuenow', /\d/, { timeout: 10_000 })
  // Scrolled back up, the first machine is drawn again with its values.
  await overview.getByRole('link', { name: DEMO_MACHINES[0]!, exact: true }).scrollIntoViewIfNeeded()
  await expect(overview.getByRole('meter', { name: 'CV-101.Vibration' })).toHaveAttribute('aria-valuenow', /\d/)
})
