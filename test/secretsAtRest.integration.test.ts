import { statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openNodeSettings } from '../src/main/cli/nodeSettings'
import { silentLogger } from '../src/main/core/logger'
import { settingsFilePath } from '../src/main/core/settings/settings'
import { startDemoPlant, type DemoPlant } from '../src/main/demo-plant'
import { startPlantwatch } from '../src/main/hosting/startPlantwatch'
import type { ConnectionState } from '../src/shared/domain'
import { tempDir, waitFor } from './support/tempDir'

const SECRET = 'only-in-the-file'
// The first connection makes the client's certificate: seconds alone, far more on a loaded machine.
const CONNECT_TIMEOUT_MS = 60_000

describe('the OPC UA password, from --password-file or plain settings.json, against a real server', () => {
  let plant: DemoPlant
  const plantDir = tempDir('pwfile-plant')
  // One data dir for every connection: the client's certificate is made once.
  const dataDir = tempDir('pwfile')

  beforeAll(async () => {
    plant = await startDemoPlant({ port: 0, pkiDir: join(plantDir, 'pki'), users: [{ username: 'engineer', password: SECRET }] })
  })
  afterAll(async () => plant?.stop())

  /** Connects as `engineer`; resolves with the first settled state and whether the HMI would warn. */
  async function connect(stored: { password?: string }, passwordFile?: string): Promise<{ state: ConnectionState; warns: boolean | undefined }> {
    writeFileSync(settingsFilePath(dataDir), JSON.stringify({ plant: { endpoint: plant.endpointUrl, user: { username: 'engineer', ...stored } } }), { mode: 0o644 })
    const { settings, credentials } = await openNodeSettings(dataDir, passwordFile ? { passwordFile } : {}, silentLogger)
    const pw = await startPlantwatch({ dataDir, settings, credentials, logger: silentLogger })
    try {
      const state = await waitFor('a settled connection', () => {
        const now = pw.core.connection()
        return now.status === 'connected' || now.status === 'failed' ? now : undefined
      }, CONNECT_TIMEOUT_MS)
      return { state, warns: pw.core.sessions.state(pw.core.sessions.open({ console: true, peer: 'ipc' })).secretsUnencrypted }
    } finally {
      await pw.dispose()
    }
  }
  const passwordFile = (password: string): string => {
    const path = join(dataDir, `opcua-password-${password}`)
    writeFileSync(path, `${password}\n`, { mode: 0o600 })
    return path
  }

  it('connects with the password from a file; nothing stored, so no warning', async () => {
    expect(await connect({}, passwordFile(SECRET))).toMatchObject({ state: { status: 'connected' }, warns: false })
  }, 2 * CONNECT_TIMEOUT_MS)

  it('connects with a plain password in settings.json, made owner-only, and the HMI says it is not encrypted', async () => {
    expect(await connect({ password: SECRET })).toMatchObject({ state: { status: 'connected' }, warns: true })
    if (process.platform !== 'win32') expect(statSync(settingsFilePath(dataDir)).mode & 0o777).toBe(0o600)
  }, 2 * CONNECT_TIMEOUT_MS)

  it('a wrong password in the file is refused by the server, and not repeated in the reason', async () => {
    const { state } = await connect({}, passwordFile('not-it'))
    expect(state.status).toBe('failed')
    expect(state.reason).not.toContain('not-it')
  }, 2 * CONNECT_TIMEOUT_MS)
})
