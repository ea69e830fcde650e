import { readdirSync, readFileSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { X509Certificate } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConnectionState } from '../src/shared/domain'
import { createCore, type Core } from '../src/main/core/createCore'
import { silentLogger } from '../src/main/core/logger'
import { loadTagMap } from '../src/main/core/tagmap/loadTagMap'
import { appPaths } from '../src/main/hosting/appPaths'
import { startDemoPlant, type DemoPlant } from '../src/main/demo-plant'
import { tempDir, waitFor } from './support/tempDir'

describe('a SignAndEncrypt connection never trusts an unknown server certificate', () => {
  let plant: DemoPlant
  const dataDir = tempDir('secure')
  const clientPki = join(dataDir, 'pki', 'client')
  const secure = {
    securityMode: 'SignAndEncrypt',
    securityPolicy: 'Basic256Sha256',
    user: { username: 'operator', password: 'operator' }
  } as const

  beforeAll(async () => {
    plant = await startDemoPlant({ port: 0, pkiDir: join(dataDir, 'pki', 'plant') })
  })
  afterAll(async () => plant?.stop())

  const start = async (states: ConnectionState[]): Promise<Core> => {
    const core = await createCore({
      dataDir,
      tagMap: await loadTagMap(appPaths().defaultTagMap),
      logger: silentLogger,
      plant: { ...secure, endpoint: plant.endpointUrl }
    })
    core.on('connection:changed', (s) => states.push(s))
    return core
  }

  it('refuses first, says why and where the certificate went; connects once an engineer trusts it', async () => {
    const states: ConnectionState[] = []
    const first = await start(states)
    let failed: ConnectionState
    try {
      failed = await waitFor('the refusal', () => states.find((s) => s.status === 'failed'), 20_000)
    } finally {
      await first.dispose()
    }
    expect(failed.reason).toMatch(/server certificate not trusted/)
    expect(failed.reason).toContain(join(clientPki, 'rejected'))
    const rejected = readdirSync(join(clientPki, 'rejected')).filter((f) => /\.(pem|der)$/.test(f))
    expect(rejected).toHaveLength(1)

    // The engineer's two decisions: trust the plant's certificate, and the plant trusts ours.
    renameSync(join(clientPki, 'rejected', rejected[0]!), join(clientPki, 'trusted', 'certs', rejected[0]!))
    const ownCert = readdirSync(join(clientPki, 'own', 'certs')).find((f) => f.endsWith('.pem'))!
    await plant.trustClientCertificate(new X509Certificate(readFileSync(join(clientPki, 'own', 'certs', ownCert))).raw)

    const again: ConnectionState[] = []
    const second = await start(again)
    try {
      await waitFor('a secure connection', () => (second.connection().status === 'connected' ? true : undefined), 20_000)
    } finally {
      await second.dispose()
    }
  })
})
