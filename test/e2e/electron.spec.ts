import { _electron as electron, expect, test } from '@playwright/test'
// @ts-expect-error plain ES module script without type declarations; it returns { ok, binary } or { ok: false, reason }
import { electronBinary } from '../../scripts/electronBinary.mjs'
import { tempDir } from '../support/tempDir'

const found = electronBinary() as { ok: true; binary: string } | { ok: false; reason: string }
if (!found.ok) console.log(`electron e2e skipped: ${found.reason}`)

test('the desktop app shows the HMI in a sandboxed window', async () => {
  test.skip(!found.ok, found.ok ? '' : `Electron e2e skipped: ${found.reason}`)
  if (!found.ok) return
  const app = await electron.launch({ executablePath: found.binary, args: ['.', `--data-dir=${tempDir('electron')}`] })
  try {
    const window = await app.firstWindow()
    // A desktop console opens locked: the plant is on screen, acting needs a sign-in.
    await expect(window.getByRole('button', { name: 'Sign in' })).toBeVisible({ timeout: 30_000 })
    await expect(window.getByRole('region', { name: 'Alarms' })).toBeVisible()
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined')
    // The app's own origin, no new windows, no connections out (the checklist, in the real binary).
    type Page = { location: { origin: string }; open(url: string): unknown; fetch(url: string): Promise<unknown> }
    expect(await window.evaluate(() => (globalThis as unknown as Page).location.origin)).toBe('plantwatch://app')
    expect(await window.evaluate(() => (globalThis as unknown as Page).open('https://example.com/') === null)).toBe(true)
    expect(await window.evaluate(() => (globalThis as unknown as Page).fetch('https://example.com/').then(() => 'fetched', () => 'blocked'))).toBe('blocked')
    expect(app.windows()).toHaveLength(1)
  } finally {
    await app.close()
  }
})
