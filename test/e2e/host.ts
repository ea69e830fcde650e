import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test, type Locator, type Page } from '@playwright/test'
import type { Role } from '../../src/shared/access'
import { startDemoPlant, type DemoPlant } from '../../src/main/demo-plant'
import { startPlantwatchCli } from '../support/cli'
import { tempDir } from '../support/tempDir'

/** A `plantwatch serve` process, as a user starts it (the built CLI). */
export interface ServedHmi {
  url: string
  stop(): Promise<void>
}

/** The accounts every e2e data dir has, created with `plantwatch users add` as an admin would. */
export const ACCOUNTS = {
  operator: { name: 'olga', role: 'operator' },
  viewer: { name: 'vic', role: 'viewer' },
  supervisor: { name: 'sue', role: 'supervisor' },
  engineer: { name: 'erin', role: 'engineer' }
} as const satisfies Record<string, { name: string; role: Role }>
export const E2E_PASSWORD = 'e2e password 1'

/** Starts `plantwatch serve` on a free port and resolves with its URL once it listens. */
export async function serveHmi(options: { dataDir: string; endpoint?: string; tagMap?: string }): Promise<ServedHmi> {
  addAccounts(options.dataDir)
  const args = ['serve', '--port', '0', '--data-dir', options.dataDir]
  if (options.endpoint) args.push('--endpoint', options.endpoint)
  if (options.tagMap) args.push('--tagmap', options.tagMap)
  const served = await startPlantwatchCli(args, /Plantwatch HMI: (http:\/\/\S+)/, 30_000)
  return { url: served.match[1]!, stop: served.stop }
}

function addAccounts(dataDir: string): void {
  const passwordFile = join(dataDir, 'e2e-password')
  if (existsSync(passwordFile)) return
  writeFileSync(passwordFile, `${E2E_PASSWORD}\n`, { mode: 0o600 })
  for (const { name, role } of Object.values(ACCOUNTS)) {
    const added = spawnSync(process.execPath, ['bin/plantwatch.mjs', 'users', 'add', name, '--role', role, '--password-file', passwordFile, '--data-dir', dataDir], {
      encoding: 'utf8'
    })
    if (added.status !== 0) throw new Error(`users add ${name}: ${added.stderr}`)
  }
}

/** Opens the HMI and signs in through the real sign-in screen. */
export async function signIn(page: Page, url: string, who: keyof typeof ACCOUNTS = 'operator'): Promise<void> {
  await page.goto(url)
  await page.getByRole('textbox', { name: 'User name' }).fill(ACCOUNTS[who].name)
  await page.getByLabel('Password').fill(E2E_PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByText(`Signed in: ${ACCOUNTS[who].name}`)).toBeVisible({ timeout: 15_000 })
}

/** The demo plant and a served HMI of one spec file: started before its tests, stopped after. */
export interface Rig {
  dataDir: string
  plant: DemoPlant
  hmi: ServedHmi
  /** Stops and starts the host on the same data dir (a restart, as an operator would see it). */
  restartHmi(): Promise<void>
}

export function useRig(prefix: string): Rig {
  const rig = { dataDir: tempDir(prefix) } as Rig
  rig.restartHmi = async () => {
    await rig.hmi.stop()
    rig.hmi = await serveHmi({ dataDir: rig.dataDir, endpoint: rig.plant.endpointUrl })
  }
  test.beforeAll(async () => {
    // A plant, accounts (password hashing) and a host with its warm start: slow on a busy machine.
    test.setTimeout(180_000)
    // Around the clock: no 07:00 handover stop or idle Sunday under a spec that watches a running conveyor.
    rig.plant = await startDemoPlant({ port: 0, pkiDir: join(rig.dataDir, 'pki', 'plant'), schedule: null })
    rig.hmi = await serveHmi({ dataDir: rig.dataDir, endpoint: rig.plant.endpointUrl })
  })
  test.afterAll(async () => {
    await rig.hmi?.stop()
    await rig.plant?.stop()
  })
  return rig
}

/** Opens a machine's equipment display from the plant overview (the default screen), as an operator clicks its tile. */
export async function openEquipment(page: Page, name: string): Promise<void> {
  await page.getByRole('region', { name: 'Plant overview' }).getByRole('link', { name, exact: true }).click()
  await expect(page.getByRole('region', { name: `Equipment ${name}` })).toBeVisible()
}

/** Set PLANTWATCH_SCREENSHOTS to a folder to keep a screenshot of each display a spec names. */
export async function shot(page: Page, name: string): Promise<void> {
  const shots = process.env.PLANTWATCH_SCREENSHOTS
  if (!shots) return
  mkdirSync(shots, { recursive: true })
  await page.screenshot({ path: join(shots, `${name}.png`) })
}

/**
 * Shelves the alarm of `row` (a summary row or a faceplate's list item) through the Shelve form
 * inside `within`, checking first that an empty reason is refused before anything is sent.
 */
export async function shelveAlarm(row: Locator, within: Locator, minutes: string, reason: string): Promise<void> {
  await row.getByRole('button', { name: 'Shelve' }).click()
  const form = within.getByRole('form', { name: 'Shelve' })
  await form.getByRole('button', { name: 'Shelve' }).click()
  await expect(form.getByRole('alert')).toHaveText('Reason is required')
  await form.getByRole('combobox', { name: 'Duration' }).selectOption(minutes)
  await form.getByRole('textbox', { name: 'Reason' }).fill(reason)
  await form.getByRole('button', { name: 'Shelve' }).click()
}
