import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { startWriteServer, WRITE_SERVER_URI, type WriteServer } from '../support/writeServer'
import { tempDir } from '../support/tempDir'
import { serveHmi, shot, signIn, type ServedHmi } from './host'

// Items 12 and 13 in the browser: an operator's write confirmed with old value, new value and
// unit; a write the server rejects shown with its StatusCode; the diagnostics view.
const dataDir = tempDir('e2e-commission')
let server: WriteServer
let hmi: ServedHmi

test.beforeAll(async () => {
  server = await startWriteServer(join(dataDir, 'server-pki'))
  const tag = (name: string) => ({ name, nodeId: `nsu=${WRITE_SERVER_URI};s=${name}`, equipment: 'WR', signal: 'pressure', unit: 'bar', euRange: { low: 0, high: 100 }, writable: true })
  const tagMap = join(dataDir, 'tagmap.json')
  writeFileSync(tagMap, JSON.stringify({ version: 1, publishingIntervalMs: 200, tags: [tag('WR.Setpoint'), tag('WR.Locked')] }))
  hmi = await serveHmi({ dataDir, endpoint: server.endpoint, tagMap })
})
let serverStopped = false

test.afterAll(async () => {
  await hmi?.stop()
  if (!serverStopped) await server?.stop()
})

test('an operator writes a value after confirming old and new value with the unit; a refused write shows why', async ({ page }) => {
  await signIn(page, hmi.url, 'operator')
  await page.getByRole('button', { name: 'Write value' }).click()
  const dialog = page.getByRole('dialog', { name: 'Write value' })
  await dialog.getByRole('combobox', { name: 'Tag' }).selectOption('WR.Setpoint')
  const input = dialog.getByRole('spinbutton', { name: /New value/ })

  await input.fill('120')
  await dialog.getByRole('button', { name: 'Review write' }).click()
  await expect(dialog.getByRole('alert')).toContainText('outside the EU range 0 to 100 bar')

  await input.fill('55')
  await dialog.getByRole('button', { name: 'Review write' }).click()
  const confirm = dialog.getByRole('group', { name: 'Confirm the write' })
  await expect(confirm).toContainText('Old value40.0 bar')
  await expect(confirm).toContainText('New value55.0 bar')
  await expect(confirm).toContainText('Unitbar')
  await confirm.getByRole('button', { name: 'Confirm write' }).click()
  await expect(dialog.getByRole('status')).toContainText('Written: WR.Setpoint 40.0 bar → 55.0 bar (Good)')
  expect(server.value('WR.Setpoint')).toBe(55)

  await dialog.getByRole('combobox', { name: 'Tag' }).selectOption('WR.Locked')
  await input.fill('8')
  await dialog.getByRole('button', { name: 'Review write' }).click()
  await dialog.getByRole('button', { name: 'Confirm write' }).click()
  await expect(dialog.getByRole('alert')).toContainText('the server rejected the write: BadNotWritable')
  expect(server.value('WR.Locked')).toBe(7)
  await page.keyboard.press('Escape')

  // The same write from the tag's faceplate, with the same confirmation.
  await page.goto(`${hmi.url}#/equipment/WR/tag/WR.Setpoint`)
  const faceplate = page.getByRole('dialog', { name: 'WR.Setpoint' })
  await expect(faceplate.getByRole('definition').filter({ hasText: /source time(?!stamp)/ })).toContainText('Good')
  const write = faceplate.getByRole('region', { name: 'Write WR.Setpoint' })
  await expect(write.getByRole('combobox', { name: 'Tag' })).toHaveCount(0)
  await write.getByRole('spinbutton', { name: /New value/ }).fill('60')
  await write.getByRole('button', { name: 'Review write' }).click()
  const confirmHere = write.getByRole('group', { name: 'Confirm the write' })
  await expect(confirmHere).toContainText('Old value55.0 bar')
  await expect(confirmHere).toContainText('New value60.0 bar')
  await confirmHere.getByRole('button', { name: 'Confirm write' }).click()
  await expect(write.getByRole('status')).toContainText('Written: WR.Setpoint 55.0 bar → 60.0 bar (Good)')
  expect(server.value('WR.Setpoint')).toBe(60)
  await shot(page, 'faceplate-write')

  // The server's refusal is shown on the faceplate as it came.
  await page.goto(`${hmi.url}#/equipment/WR/tag/WR.Locked`)
  const locked = page.getByRole('dialog', { name: 'WR.Locked' }).getByRole('region', { name: 'Write WR.Locked' })
  await locked.getByRole('spinbutton', { name: /New value/ }).fill('9')
  await locked.getByRole('button', { name: 'Review write' }).click()
  await locked.getByRole('button', { name: 'Confirm write' }).click()
  await expect(locked.getByRole('alert')).toHaveText(/^Not written: .*the server rejected the write: BadNotWritable/)
  expect(server.value('WR.Locked')).toBe(7)
})

test('a viewer sees no write button; the diagnostics view shows the connection and the certificates', async ({ page }) => {
  await signIn(page, hmi.url, 'viewer')
  await expect(page.getByRole('button', { name: 'Write value' })).toHaveCount(0)
  await page.goto(`${hmi.url}#/equipment/WR/tag/WR.Setpoint`)
  const faceplate = page.getByRole('dialog', { name: 'WR.Setpoint' })
  await expect(faceplate).toContainText('source time')
  await expect(faceplate.getByRole('region', { name: 'Write WR.Setpoint' })).toHaveCount(0)
  await page.keyboard.press('Escape')
  await page.getByRole('button', { name: 'Diagnostics' }).click()
  const dialog = page.getByRole('dialog', { name: 'Diagnostics' })
  const connection = dialog.getByRole('region', { name: `Connection ${server.endpoint}` })
  await expect(connection).toContainText(/connected since/)
  await expect(connection).toContainText('None / None')
  await expect(connection).toContainText('2 tags: 2 good')
  await expect(connection).toContainText(/items every 200 ms/)
  await expect(dialog.getByRole('table', { name: 'Certificates' })).toContainText('own')
  await expect(dialog.getByRole('button', { name: /^Trust / })).toHaveCount(0)
})

test('a value whose server went away shows its StatusCode and why on the faceplate', async ({ page }) => {
  await signIn(page, hmi.url, 'viewer')
  await page.goto(`${hmi.url}#/equipment/WR/tag/WR.Setpoint`)
  const faceplate = page.getByRole('dialog', { name: 'WR.Setpoint' })
  // The Value line: the value, its StatusCode's name, whose clock the time is, the time.
  const reading = faceplate.getByRole('definition').first()
  await expect(reading).toContainText(/Good\s*source time/)
  serverStopped = true
  await server.stop()
  // The link is lost: the last value is kept, marked Uncertain (last usable value) by Plantwatch, with since when.
  await expect(reading).toContainText('UncertainLastUsableValue', { timeout: 30_000 })
  await expect(reading).toContainText('STALE')
  await expect(reading).toContainText('marked by Plantwatch')
  await expect(faceplate.getByRole('definition').filter({ hasText: /^Stale/ })).toContainText(/UncertainLastUsableValue since \d\d:\d\d:\d\d: not updated/)
  await shot(page, 'faceplate-stale')
})
