import { expect, test } from '@playwright/test'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ACCOUNTS, signIn, useRig } from './host'

const rig = useRig('access')

test('a browser sees nothing of the plant before sign-in, and the host refuses its commands', async ({ page }) => {
  await page.goto(rig.hmi.url)
  await expect(page.getByRole('textbox', { name: 'User name' })).toBeVisible()
  await expect(page.getByRole('region', { name: 'Alarms' })).toHaveCount(0)
  // The page's own socket, unauthenticated: any command but signing in is refused.
  // (A string: this runs in the page, whose DOM types this Node project does not load.)
  const answer = await page.evaluate(`new Promise((resolve) => {
    const ws = new WebSocket('ws://' + location.host + '/ws')
    ws.onopen = () => ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'alarms:acknowledge', input: { ids: ['limit:CV-101.Vibration:HH'] } }))
    ws.onmessage = (event) => resolve(JSON.parse(String(event.data)))
  })`)
  expect(answer).toMatchObject({ type: 'result', id: 1, result: { ok: false, error: { code: 'unauthenticated' } } })
  await page.getByRole('textbox', { name: 'User name' }).fill('olga')
  await page.getByLabel('Password').fill('not the password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('alert')).toHaveText('wrong user name or password', { timeout: 15_000 })
})

test('a viewer sees the alarms but no Acknowledge button', async ({ page }) => {
  await signIn(page, rig.hmi.url, 'viewer')
  rig.plant.injectFault('CV-101', 'bearing-wear', { timeToFailureS: 3, trip: false })
  const banner = page.getByRole('region', { name: 'Alarms' })
  await expect(banner.getByRole('row').filter({ hasText: 'CV-101.Vibration' }).first()).toBeVisible({ timeout: 15_000 })
  await expect(banner.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Add entry' })).toHaveCount(0)
  rig.plant.resetEquipment('CV-101')
})

test("an operator's acknowledge is audited under the operator's name, and a supervisor finds it", async ({ page }) => {
  await signIn(page, rig.hmi.url, 'operator')
  rig.plant.injectFault('CV-101', 'bearing-wear', { timeToFailureS: 3, trip: false })
  const banner = page.getByRole('region', { name: 'Alarms' })
  const hh = banner.getByRole('row').filter({ hasText: 'CV-101.Vibration' }).filter({ hasText: 'HH 11' })
  await expect(hh).toContainText('Unacknowledged', { timeout: 15_000 })
  // From the keyboard, as an operator at the console does: a pointer click lands where the
  // row was, and the banner re-sorts as this fault raises its other alarms.
  await hh.getByRole('button', { name: 'Acknowledge', exact: true }).press('Enter')
  await expect(hh).toContainText(`by ${ACCOUNTS.operator.name}`)
  rig.plant.resetEquipment('CV-101')

  // Switch user at shift change: the plant stays on screen, the supervisor signs in over it.
  await page.getByRole('button', { name: 'Switch user' }).click()
  await expect(page.getByRole('region', { name: 'Alarms' })).toBeVisible()
  const dialog = page.getByRole('dialog', { name: 'Sign in' })
  await dialog.getByRole('textbox', { name: 'User name' }).fill(ACCOUNTS.supervisor.name)
  await dialog.getByLabel('Password').fill('e2e password 1')
  await dialog.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(page.getByText(`Signed in: ${ACCOUNTS.supervisor.name}`)).toBeVisible()
  await page.getByRole('button', { name: 'Audit trail' }).click()
  const trail = page.getByRole('dialog', { name: 'Audit trail' })
  await trail.getByLabel('Command').fill('alarms:acknowledge')
  await trail.getByRole('button', { name: 'Search' }).click()
  const row = trail.getByRole('table', { name: 'Audit records' }).getByRole('row').filter({ hasText: 'limit:CV-101.Vibration:HH' }).first()
  await expect(row).toContainText(ACCOUNTS.operator.name)
  await expect(row).toContainText('ok')

  // The same record in the exported trail, and the chain holds.
  const out = join(rig.dataDir, 'audit.csv')
  const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/plantwatch.mjs', ...args, '--data-dir', rig.dataDir], { encoding: 'utf8' })
  const exported = cli('audit', 'export', '--from', '2000-01-01T00:00:00Z', '--to', '2100-01-01T00:00:00Z', '--out', out)
  expect(exported.status, exported.stderr).toBe(0)
  expect(readFileSync(out, 'utf8')).toMatch(/,olga,ws 127\.0\.0\.1:\d+,alarms:acknowledge,"\{""ids"":\[""limit:CV-101\.Vibration:HH""\]\}",ok,/)
  const verified = cli('audit', 'verify')
  expect(verified.stdout).toMatch(/audit trail intact: \d+ records/)
  expect(verified.status).toBe(0)
})
