import { expect as baseExpect, test } from '@playwright/test'
import { join } from 'node:path'
import type { TagMap } from '../../src/shared/tagMap'
import { anomalyEvent } from '../../src/main/core/alarms/testFixtures'
import { openPlantDatabase } from '../../src/main/core/storage/plantDatabase'
import { planningMap, planWorkOrders } from '../../src/main/core/workorders/planner'
import { createWorkOrderStore } from '../../src/main/core/workorders/workOrderStore'
import { ACCOUNTS, openEquipment, shot, signIn, useRig } from './host'

// Starting the host (accounts, plant link, warm start) is slow on a busy machine.
test.describe.configure({ timeout: 180_000 })
// On a loaded machine the host answers in seconds, not milliseconds.
const expect = baseExpect.configure({ timeout: 30_000 })
const rig = useRig('workorders')

/**
 * The engine needs its learning period before it raises anything at plant speed 1, so the
 * order it would raise for a CV-101 bearing prediction is planned into the host's own
 * database (the same planner, the same file), and everything after goes through the HMI.
 */
function raiseBearingOrder(condition = 'trend:CV-101.Vibration:HH'): string {
  const db = openPlantDatabase(join(rig.dataDir, 'plantwatch.db'))
  const map: TagMap = {
    version: 1,
    publishingIntervalMs: 100,
    tags: [{ name: 'CV-101.Vibration', nodeId: 'ns=2;s=V', equipment: 'CV-101', signal: 'vibration', unit: 'mm/s', euRange: { low: 0, high: 20 }, limits: {} }]
  }
  const now = Date.now()
  const [order] = planWorkOrders(createWorkOrderStore(db), planningMap(map), [anomalyEvent({ id: `${condition}@${now}`, condition, time: now, etaSeconds: 6 * 3600 })], now)
  db.close()
  return order!.number
}

test('an operator finds the work order, filters by equipment, and moves it to done by keyboard; the log records it', async ({ page }) => {
  raiseBearingOrder()
  await signIn(page, rig.hmi.url, 'operator')
  await expect(page.getByRole('button', { name: 'Work orders' })).toBeVisible()
  // The overview's tile counts the machine's open order.
  const tileOrders = page.getByRole('link', { name: 'CV-101', exact: true }).getByRole('status', { name: 'Open work orders of CV-101' })
  await expect(tileOrders).toHaveText('1 open work order')
  await page.keyboard.press('Alt+O')
  const dialog = page.getByRole('dialog', { name: 'Work orders' })
  const table = dialog.getByRole('table', { name: 'Work orders, due first' })
  const row = table.getByRole('row', { name: /WO-000001 CV-101 bearing-wear, open, due in/ })
  await expect(row).toBeVisible({ timeout: 15_000 })
  await expect(row).toContainText('trend:CV-101.Vibration:HH')

  await dialog.getByLabel('Equipment').selectOption('DR-201')
  await expect(dialog.getByText('No work orders match.')).toBeVisible()
  await dialog.getByLabel('Equipment').selectOption('CV-101')
  await expect(row).toBeVisible()
  await expect(dialog.getByLabel('Runtime counters of CV-101')).toContainText('run hours')

  // S on the focused row: schedule, with a note typed into the focused field.
  await row.focus()
  await page.keyboard.press('s')
  const note = dialog.getByLabel('Note for WO-000001 (schedule)')
  await expect(note).toBeFocused()
  await page.keyboard.type('Monday day shift')
  await page.keyboard.press('Enter')
  const scheduled = table.getByRole('row', { name: /WO-000001 .*, scheduled,/ })
  await expect(scheduled).toBeVisible()

  // The named buttons work by keyboard too: no way back, only forward.
  await expect(scheduled.getByRole('button', { name: 'Schedule WO-000001' })).toHaveCount(0)
  await scheduled.getByRole('button', { name: 'Done WO-000001' }).focus()
  await page.keyboard.press('Enter')
  await dialog.getByLabel('Note for WO-000001 (done)').fill('bearing replaced')
  await dialog.getByRole('button', { name: 'Confirm done' }).press('Enter')
  // Done leaves the "not yet done" list; "All" shows it closed.
  await expect(table.getByRole('row', { name: /WO-000001/ })).toHaveCount(0)
  await dialog.getByLabel('State').selectOption('all')
  await expect(table.getByRole('row', { name: /WO-000001 .*, done, done/ })).toBeVisible()
  await page.keyboard.press('Escape')
  // The equipment display keeps its log: closing the order wrote a line there.
  await openEquipment(page, 'CV-101')
  await expect(page.getByRole('list', { name: 'Log entries, newest first' })).toContainText('WO-000001 done: Inspect bearing — bearing replaced')
  // The count followed the order to done (workorders:changed), without a reload.
  await expect(page.getByRole('region', { name: 'Equipment CV-101' }).getByRole('status', { name: 'Open work orders of CV-101' })).toHaveText('0 open work orders')

  // The steps are audited under the operator's name.
  await page.getByRole('button', { name: 'Switch user' }).click()
  const signInDialog = page.getByRole('dialog', { name: 'Sign in' })
  await signInDialog.getByRole('textbox', { name: 'User name' }).fill(ACCOUNTS.supervisor.name)
  await signInDialog.getByLabel('Password').fill('e2e password 1')
  await signInDialog.getByRole('button', { name: 'Sign in', exact: true }).click()
  await page.getByRole('button', { name: 'Audit trail' }).click()
  const trail = page.getByRole('dialog', { name: 'Audit trail' })
  await trail.getByLabel('Command').fill('workorders:transition')
  await trail.getByRole('button', { name: 'Search' }).click()
  await expect(trail.getByRole('table', { name: 'Audit records' }).getByRole('row').filter({ hasText: ACCOUNTS.operator.name })).toHaveCount(2)
})

test('an alarm leads to its work order, the order to its evidence alarm and back; a log entry quoting the order links both ways', async ({ page }) => {
  // The order's evidence names the limit alarm the fault below raises, so the two meet in the alarm summary.
  const alarmId = 'limit:CV-101.Vibration:HH'
  const number = raiseBearingOrder(alarmId)
  await signIn(page, rig.hmi.url, 'operator')
  rig.plant.injectFault('CV-101', 'bearing-wear', { timeToFailureS: 3, trip: false })
  await page.keyboard.press('Alt+M')
  const summary = page.getByRole('region', { name: 'Alarm summary' })
  const hh = summary.getByRole('row').filter({ hasText: 'CV-101.Vibration' }).filter({ hasText: /above HH limit/ })
  const toOrder = hh.getByRole('button', { name: `Open work order ${number}` })
  await expect(toOrder).toBeVisible()
  await shot(page, 'alarm-summary-work-order-links')

  // Alarm → its work order, by keyboard: the list opens on that order alone, its row focused.
  await toOrder.focus()
  await page.keyboard.press('Enter')
  const dialog = page.getByRole('dialog', { name: 'Work orders' })
  const row = dialog.getByRole('row', { name: new RegExp(`${number} CV-101 bearing-wear, open`) })
  await expect(row).toBeFocused()
  await expect(dialog.getByText(`Showing ${number} only`)).toBeVisible()
  await expect(dialog.getByRole('table', { name: 'Work orders, due first' }).getByRole('row')).toHaveCount(2)
  await shot(page, 'work-order-links')

  // The order's evidence → its alarm, in the summary, marked as the one linked to.
  await row.getByRole('button', { name: `Open alarm ${alarmId} (active)` }).click()
  await expect(dialog).toBeHidden()
  await expect(page).toHaveURL(new RegExp(`#/alarms/${encodeURIComponent(alarmId)}/\\d+$`))
  const linked = summary.locator('tr[aria-current="true"]')
  await expect(linked).toContainText(/above HH limit/)
  // Back leads to where the operator came from; the linked row leads to the order again.
  await page.keyboard.press('Alt+B')
  await expect(page).toHaveURL(/#\/alarms$/)
  await page.getByRole('navigation', { name: 'Displays' }).getByRole('button', { name: 'Forward' }).click()
  await linked.getByRole('button', { name: `Open work order ${number}` }).click()
  await expect(row).toBeFocused()
  await page.keyboard.press('Escape')

  // A log entry quoting the number is the order's: it links to the order, and the order to it.
  await page.getByRole('button', { name: 'Open CV-101' }).first().click()
  const log = page.getByRole('region', { name: 'Maintenance log' })
  await log.getByRole('textbox', { name: 'Log entry' }).fill(`Probe checked for ${number}, bearing noisy`)
  await log.getByRole('button', { name: 'Add entry' }).click()
  const entries = log.getByRole('list', { name: 'Log entries, newest first' })
  await entries.getByRole('listitem').filter({ hasText: 'Probe checked' }).getByRole('button', { name: `Open work order ${number}` }).click()
  await row.getByRole('button', { name: new RegExp(`Open log entry of .* for ${number}`) }).click()
  await expect(dialog).toBeHidden()
  await expect(page).toHaveURL(/#\/equipment\/CV-101\/log\/\d+$/)
  const shown = entries.locator('li[aria-current="true"]')
  await expect(shown).toBeFocused()
  await expect(shown).toContainText('Probe checked')
  await expect(page.getByRole('region', { name: 'Alarms of CV-101' }).getByRole('button', { name: `Open work order ${number}` }).first()).toBeVisible()
  await shot(page, 'equipment-work-order-links')
  rig.plant.resetEquipment('CV-101')
})
