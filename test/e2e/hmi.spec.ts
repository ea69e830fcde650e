import { expect, test } from '@playwright/test'
import { openEquipment, signIn, useRig } from './host'


const rig = useRig('hmi')

test('the trend streams live plant values', async ({ page }) => {
  await signIn(page, rig.hmi.url)
  await openEquipment(page, 'CV-101')
  await expect(page.getByText('Connected', { exact: false }).first()).toBeVisible({ timeout: 15_000 })
  const points = page.getByTestId('trend-points')
  await expect(points).not.toHaveText('0', { timeout: 15_000 })
  const before = Number(await points.textContent())
  await expect.poll(async () => Number(await points.textContent()), { timeout: 10_000 }).toBeGreaterThan(before)
})

test('an alarm is raised by a plant fault and acknowledged by the operator', async ({ page }) => {
  await signIn(page, rig.hmi.url)
  const banner = page.getByRole('region', { name: /alarms/i })
  await expect(banner.getByText(/no active alarms/i)).toBeVisible({ timeout: 15_000 })
  rig.plant.injectFault('CV-101', 'bearing-wear', { timeToFailureS: 3, trip: false })
  const hh = banner.getByRole('row').filter({ hasText: 'CV-101.Vibration' }).filter({ hasText: 'HH 11' })
  await expect(hh).toContainText('Unacknowledged', { timeout: 15_000 })
  await hh.getByRole('button', { name: 'Acknowledge', exact: true }).click()
  await expect(hh).toContainText('Acknowledged')
  await expect(hh).not.toContainText('Unacknowledged')
  await expect(hh.getByRole('button', { name: 'Acknowledge', exact: true })).toHaveCount(0)
  rig.plant.resetEquipment('CV-101')
})

test('a maintenance log entry survives a restart of the host', async ({ page }) => {
  // A host restart and two sign-ins: on a loaded machine more than the default minute.
  test.slow()
  await signIn(page, rig.hmi.url)
  await openEquipment(page, 'CV-101')
  const text = `Replaced CV-101 idler ${Date.now()}`
  await page.getByLabel('Log entry').fill(text)
  await page.getByRole('button', { name: 'Add entry' }).click()
  // In the log (the trend also marks it on its time axis).
  const log = page.getByRole('list', { name: 'Log entries, newest first' })
  await expect(log.getByText(text)).toBeVisible()

  await rig.restartHmi()
  await signIn(page, rig.hmi.url)
  await openEquipment(page, 'CV-101')
  await expect(log.getByText(text)).toBeVisible({ timeout: 15_000 })
})

test('an operator can acknowledge and log from the keyboard alone', async ({ page }) => {
  await signIn(page, rig.hmi.url)
  const banner = page.getByRole('region', { name: /alarms/i })
  rig.plant.injectFault('CV-101', 'bearing-wear', { timeToFailureS: 3, trip: false })
  // Wait for the fault to settle at its worst (HH raised) so no new alarm arrives mid-test.
  const hh = banner.getByRole('row').filter({ hasText: 'CV-101.Vibration' }).filter({ hasText: 'HH 11' })
  await expect(hh).toContainText('Unacknowledged', { timeout: 15_000 })
  const acknowledged = banner.getByRole('cell', { name: /^Acknowledged/ })
  const before = await acknowledged.count()
  await page.keyboard.press('Alt+A')
  await expect(banner.getByRole('button', { name: 'Acknowledge', exact: true }).first()).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(acknowledged).toHaveCount(before + 1)

  const text = `Keyboard entry ${Date.now()}`
  // The log is on the machine's display: the keyboard opens the display of the next unacknowledged alarm.
  await page.keyboard.press('Alt+N')
  await expect(page.getByRole('region', { name: 'Equipment CV-101' })).toBeVisible()
  await page.keyboard.press('Alt+L')
  await expect(page.getByLabel('Log entry')).toBeFocused()
  await page.keyboard.type(text)
  await page.keyboard.press('Control+Enter')
  // The entry is in the log, and the field is empty for the next one.
  await expect(page.getByRole('list', { name: 'Log entries, newest first' }).getByText(text)).toBeVisible()
  await expect(page.getByLabel('Log entry')).toHaveValue('')
  rig.plant.resetEquipment('CV-101')
})
