import { expect, test } from '@playwright/test'
import { shelveAlarm, signIn, useRig } from './host'

const rig = useRig('alarms')

test('an operator shelves, comments and acknowledges with a comment; the journal holds each with the user', async ({ page }) => {
  await signIn(page, rig.hmi.url, 'operator')
  rig.plant.injectFault('CV-101', 'bearing-wear', { timeToFailureS: 3, trip: false })
  const banner = page.getByRole('region', { name: 'Alarms' })
  const hh = banner.getByRole('row').filter({ hasText: 'CV-101.Vibration' }).filter({ hasText: 'HH 11' })
  await expect(hh).toContainText('Unacknowledged', { timeout: 20_000 })
  await expect(hh.getByRole('img', { name: 'Priority 1' })).toBeVisible()

  // The banner row opens its equipment.
  await hh.getByRole('button', { name: 'Open CV-101' }).click()
  await expect(page.getByRole('region', { name: 'Equipment CV-101' })).toBeVisible()

  await page.keyboard.press('Alt+M')
  const summary = page.getByRole('region', { name: 'Alarm summary' })
  await expect(summary).toBeVisible()
  await summary.getByRole('combobox', { name: 'Equipment' }).selectOption('CV-101')
  const h = summary.getByRole('row').filter({ hasText: 'CV-101.Vibration' }).filter({ hasText: /above H limit/ })
  // Both fields are required: an empty reason is refused before anything is sent.
  await shelveAlarm(h, summary, '30', 'vibration probe being replaced')
  await expect(h).toContainText('Shelved by olga')
  await expect(banner.getByRole('row').filter({ hasText: /above H limit/ })).toHaveCount(0)

  const hhRow = summary.getByRole('row').filter({ hasText: 'CV-101.Vibration' }).filter({ hasText: /above HH limit/ })
  await hhRow.getByRole('button', { name: 'Acknowledge' }).click()
  const ack = summary.getByRole('form', { name: 'Acknowledge' })
  await ack.getByRole('textbox', { name: 'Comment (optional)' }).fill('maintenance called')
  await ack.getByRole('button', { name: 'Acknowledge' }).click()
  await expect(hhRow).toContainText('Acknowledged')
  await expect(hhRow).toContainText('Last comment by olga: maintenance called')

  await summary.getByRole('tab', { name: 'Journal' }).click()
  const journal = summary.getByRole('table', { name: 'Journal entries' })
  await expect(journal.getByRole('row').filter({ hasText: 'shelve' }).filter({ hasText: 'vibration probe being replaced' })).toContainText('olga')
  await expect(journal.getByRole('row').filter({ hasText: 'acknowledge' }).filter({ hasText: 'maintenance called' })).toContainText('olga')
  await summary.getByRole('tab', { name: 'KPIs' }).click()
  await expect(summary.getByRole('table', { name: 'Alarm KPIs' })).toContainText('Alarms per 10 min per operator')
  rig.plant.resetEquipment('CV-101')
})

test('the alarm list, shelving included, survives a restart of the host', async ({ page }) => {
  await signIn(page, rig.hmi.url, 'operator')
  await page.getByRole('button', { name: 'Alarm summary' }).click()
  const summary = page.getByRole('region', { name: 'Alarm summary' })
  await summary.getByRole('combobox', { name: 'State' }).selectOption('shelved')
  await expect(summary.getByRole('row').filter({ hasText: 'vibration probe being replaced' })).toBeVisible()
  await rig.restartHmi()
  await signIn(page, rig.hmi.url, 'operator')
  await page.getByRole('button', { name: 'Alarm summary' }).click()
  await summary.getByRole('combobox', { name: 'State' }).selectOption('shelved')
  await expect(summary.getByRole('row').filter({ hasText: 'vibration probe being replaced' })).toBeVisible({ timeout: 15_000 })
})

test('Silence quiets this console and says so', async ({ page }) => {
  await signIn(page, rig.hmi.url, 'operator')
  const silence = page.getByRole('button', { name: 'Silence' })
  await expect(silence).toHaveAttribute('aria-pressed', 'true')
  // A new alarm sounds: the button is no longer pressed.
  rig.plant.injectFault('CV-102', 'bearing-wear', { timeToFailureS: 3, trip: false })
  await expect(silence).toHaveAttribute('aria-pressed', 'false', { timeout: 20_000 })
  await page.keyboard.press('Alt+S')
  await expect(silence).toHaveAttribute('aria-pressed', 'true')
  rig.plant.resetEquipment('CV-102')
})

test('banner rows stay in place while the pointer works on them; the alarms that came meanwhile show once it leaves', async ({ page }) => {
  await signIn(page, rig.hmi.url, 'operator')
  const banner = page.getByRole('region', { name: 'Alarms' })
  rig.plant.injectFault('CV-102', 'bearing-wear', { timeToFailureS: 3, trip: false })
  const first = banner.getByRole('row').filter({ hasText: 'CV-102.Vibration' }).first()
  await expect(first).toBeVisible({ timeout: 20_000 })
  const box = (await first.boundingBox())!
  await page.mouse.move(box.x + 40, box.y + box.height / 2)
  rig.plant.injectFault('CV-101', 'bearing-wear', { timeToFailureS: 3, trip: false })
  // An operator aiming at a row moves the pointer; a resting one lets go after a few seconds.
  const held = banner.getByText(/new held while the pointer is on the rows/)
  for (let i = 0; !(await held.isVisible()) && i < 40; i++) await page.mouse.move(box.x + 40 + (i % 2), box.y + box.height / 2, { steps: 2 }).then(() => page.waitForTimeout(500))
  await expect(held).toBeVisible()
  await expect(banner.getByRole('row').filter({ hasText: 'CV-101.' })).toHaveCount(0)
  await page.mouse.move(5, 5)
  await expect(banner.getByRole('row').filter({ hasText: 'CV-101.' }).first()).toBeVisible()
  await expect(held).toHaveCount(0)
  rig.plant.resetEquipment('CV-101')
  rig.plant.resetEquipment('CV-102')
})

test('on a 1366×768 screen the banner keeps three rows and says, in view, how many more the summary has', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 })
  await signIn(page, rig.hmi.url, 'operator')
  const banner = page.getByRole('region', { name: 'Alarms' })
  for (const machine of ['CV-101', 'CV-102', 'CV-103']) rig.plant.injectFault(machine, 'bearing-wear', { timeToFailureS: 3, trip: false })
  const more = banner.getByRole('button', { name: /^\d+ more in the alarm summary$/ })
  await expect(more).toBeInViewport({ ratio: 1, timeout: 30_000 })
  await expect(banner.locator('tbody tr')).toHaveCount(3)
  await more.click()
  await expect(page.getByRole('region', { name: 'Alarm summary' })).toBeVisible()
  for (const machine of ['CV-101', 'CV-102', 'CV-103']) rig.plant.resetEquipment(machine)
})
