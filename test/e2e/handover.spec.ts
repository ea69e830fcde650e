import { expect, test } from '@playwright/test'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { E2E_PASSWORD, signIn, useRig } from './host'

// Starting the plant and host (three accounts added by the CLI) can take over a minute on a busy machine.
test.describe.configure({ timeout: 360_000 })
// A draft is regenerated from the historian on each load: allow for a busy machine.
const SLOW = { timeout: 20_000 }
const rig = useRig('handover')

test('shift handover: an operator adds a note, the outgoing supervisor signs off, the incoming one acknowledges, and the PDF downloads', async ({ page, browser }) => {
  // The incoming supervisor, added as an admin would.
  const added = spawnSync(process.execPath, ['bin/plantwatch.mjs', 'users', 'add', 'sam', '--role', 'supervisor', '--password-file', join(rig.dataDir, 'e2e-password'), '--data-dir', rig.dataDir], { encoding: 'utf8' })
  expect(added.status, added.stderr).toBe(0)

  await signIn(page, rig.hmi.url, 'operator')
  // The header names the shift now.
  await expect(page.getByLabel('Current shift')).toContainText(/(Morning|Afternoon|Night) shift \d\d:\d\d–\d\d:\d\d/)
  // Keyboard only: focus the Handover button and press Enter.
  await page.getByRole('button', { name: 'Handover', exact: true }).focus()
  await page.keyboard.press('Enter')
  const view = page.getByRole('dialog', { name: 'Shift handover' })
  await expect(view.getByRole('status', { name: 'Report state' })).toHaveText('Draft (not signed)', { timeout: 15_000 })
  await expect(view.getByRole('table', { name: 'Report sections' })).toContainText('Energy')
  await expect(view.getByRole('button', { name: 'Sign off' })).toHaveCount(0)
  await view.getByRole('combobox', { name: 'Note section' }).selectOption('status')
  await view.getByRole('textbox', { name: 'Note' }).fill('PU-402 stopped for a seal change')
  await view.getByRole('textbox', { name: 'Note' }).press('Tab')
  await page.keyboard.press('Enter')
  await expect(view.getByRole('list', { name: 'Notes' })).toContainText('olga: PU-402 stopped for a seal change', SLOW)
  await view.getByRole('textbox', { name: 'New standing instruction' }).fill('Keep PU-402 isolated')
  await view.getByRole('button', { name: 'Add instruction' }).click()
  await expect(view.getByRole('list', { name: 'Standing instructions' })).toContainText('Keep PU-402 isolated', SLOW)

  // The outgoing supervisor signs the previous shift (the one due for handover).
  const outgoing = await browser.newPage()
  await signIn(outgoing, rig.hmi.url, 'supervisor')
  await outgoing.getByRole('button', { name: 'Handover', exact: true }).click()
  const sueView = outgoing.getByRole('dialog', { name: 'Shift handover' })
  await expect(sueView.getByRole('list', { name: 'Notes' })).toContainText('PU-402 stopped for a seal change', SLOW)
  outgoing.once('dialog', (d) => void d.accept())
  await sueView.getByRole('button', { name: 'Sign off' }).click()
  await expect(sueView.getByRole('status', { name: 'Report state' })).toHaveText('Signed: v1, signed by sue; waiting for the incoming supervisor', SLOW)
  // She cannot acknowledge her own handover: the form is not offered.
  await expect(sueView.getByRole('button', { name: 'Acknowledge handover' })).toHaveCount(0)
  const downloading = outgoing.waitForEvent('download')
  await sueView.getByRole('button', { name: 'Download PDF' }).click()
  const pdf = await downloading
  expect(pdf.suggestedFilename()).toMatch(/^handover_\d{4}-\d\d-\d\d_\d{4}_[A-Za-z-]+_v1\.pdf$/)
  expect(readFileSync(await pdf.path()).subarray(0, 5).toString()).toBe('%PDF-')
  await outgoing.close()

  // The incoming supervisor acknowledges with a comment, on the operator's console (Switch user).
  await page.getByRole('button', { name: 'Close Shift handover' }).click()
  await page.getByRole('button', { name: 'Switch user' }).click()
  const signInDialog = page.getByRole('dialog', { name: 'Sign in' })
  await signInDialog.getByRole('textbox', { name: 'User name' }).fill('sam')
  await signInDialog.getByLabel('Password').fill(E2E_PASSWORD)
  await signInDialog.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(page.getByText('Signed in: sam')).toBeVisible({ timeout: 15_000 })
  await page.getByRole('button', { name: 'Handover', exact: true }).click()
  await expect(view.getByRole('textbox', { name: 'Acknowledgement comment' })).toBeVisible(SLOW)
  await view.getByRole('textbox', { name: 'Acknowledgement comment' }).fill('Taken over; PU-402 stays isolated')
  await view.getByRole('button', { name: 'Acknowledge handover' }).click()
  await expect(view.getByRole('status', { name: 'Report state' })).toHaveText('Acknowledged by sam (v1, signed by sue)', SLOW)
  // Browsable in the HMI: the stored reports, each version downloadable.
  await view.getByText(/^Stored reports/).click()
  await expect(view.getByRole('table', { name: 'Stored reports' }).getByRole('row').filter({ hasText: 'sue' })).toContainText('sam', SLOW)
  // Signed reports are kept in the data folder with an index.
  const index = JSON.parse(readFileSync(join(rig.dataDir, 'reports', 'index.json'), 'utf8')) as { signedBy: string; acknowledgedBy: string | null }[]
  expect(index[0]).toMatchObject({ signedBy: 'sue', acknowledgedBy: 'sam' })
})
