import { writeFileSync } from 'node:fs'
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

describe('the OPC UA password from --password-file reaches a real server', () => {
  let plant: DemoPlant
  const plantDir = tempDir('pwfile-plant')
  // One data dir for both connections: the client's certificate is made once.
  const dataDir = tempDir('pwfile')

  beforeAll(async () => {
    plant = await startDemoPlant({ port: 0, pkiDir: join(plantDir, 'pki'), secureOnly: false, users: [{ username: 'engineer', password: SECRET }] })
  })
  afterAll(async () => plant?.stop())

  /** Connects as `engineer` with the password in a file; resolves with the first settled state. */
  async function connectWith(password: string): Promise<ConnectionState> {
    writeFileSync(settingsFilePath(dataDir), JSON.stringify({ plant: { endpoint: plant.endpointUrl, user: { username: 'engineer' } } }), { mode: 0o600 })
    const passwordFile = join(dataDir, `opcua-password-${password}`)
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 })
    const { settings, credentials } = await openNodeSettings(dataDir, { passwordFile }, silentLogger)
    const pw = await startPlantwatch({ dataDir, settings, credentials, logger: silentLogger })
    try {
      return await waitFor('a settled connection', () => {
        const state = pw.core.connection()
        return state.status === 'connected' || state.status === 'failed' ? state : undefined
      })
    } finally {
      await pw.dispose()
    }
  }

  it('connects with the right password, and the connection state says it came from a file', async () => {
    expect(await connectWith(SECRET)).toMatchObject({ status: 'connected', credentialStorage: 'password-file' })
  })

  it('a wrong password in the file is refused by the server', async () => {
    const state = await connectWith('not-it')
    expect(state).toMatchObject({ status: 'failed', credentialStorage: 'password-file' })
    expect(state.reason).not.toContain('not-it')
  })
})
