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
