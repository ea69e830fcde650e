import { X509Certificate } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TagMap } from '../src/shared/tagMap'
import { createCore, type Core } from '../src/main/core/createCore'
import { silentLogger } from '../src/main/core/logger'
import { freePort, startQuirkServer, type QuirkServer } from './support/quirkServer'
import { signedIn, data, type Call } from './support/session'
import { tempDir, waitFor, waitForAsync } from './support/tempDir'

// Item 6 in the HMI: a refused server certificate is listed with subject, thumbprint, validity
// and issuer; an engineer trusts it through the contract (audited), and the running core
// connects at its next retry, without a restart.

const tagMap: TagMap = {
  version: 1,
  publishingIntervalMs: 200,
  tags: [{ name: 'CE.Temp', nodeId: 'nsu=urn:field-case:quirk;s=CE.Temp', equipment: 'CE', signal: 'temperature', unit: '°C', euRange: { low: 0, high: 100 }, limits: {} }]
}
let server: QuirkServer
let core: Core
let engineer: Call
let viewer: Call
const dataDir = tempDir('pki-hmi')

beforeAll(async () => {
  server = await startQuirkServer({ port: await freePort(), pkiDir: tempDir('pki-hmi-server'), secureOnly: true, variables: [{ name: 'CE.Temp', dataType: 'Double', value: () => 42 }] })
  core = await createCore({ dataDir, tagMap, logger: silentLogger, detection: false, warmStartMs: 0, plant: { securityMode: 'SignAndEncrypt', securityPolicy: 'Basic256Sha256', endpoint: server.endpoint } })
  ;({ call: engineer } = await signedIn(core, 'erin', 'engineer'))
  ;({ call: viewer } = await signedIn(core, 'vic', 'viewer'))
}, 60_000)
afterAll(async () => {
  await core?.dispose()
  await server?.stop()
})

describe('certificates in the HMI', () => {
  it('lists the refused server certificate, lets an engineer trust it, and connects at the next retry', async () => {
    const serverPem = readdirSync(join(server.certificateManager.rootDir, 'own', 'certs')).find((f) => f.endsWith('.pem'))!
    const x = new X509Certificate(readFileSync(join(server.certificateManager.rootDir, 'own', 'certs', serverPem)))
    const thumbprint = x.fingerprint.replace(/:/g, '').toLowerCase()
    const rejected = await waitForAsync('the refused certificate in pki:list', async () => data(await viewer('pki:list', undefined)).find((c) => c.status === 'rejected'), 30_000)
    expect(rejected).toMatchObject({ thumbprint, validFrom: Date.parse(x.validFrom), validTo: Date.parse(x.validTo) })
    expect(rejected.subject).toContain(x.subject.split('\n').find((l) => l.startsWith('CN='))!)
    expect(rejected.issuer).toMatch(/CN=/)
    expect(core.connection().status).not.toBe('connected')

    const refused = await viewer('pki:trust', { thumbprint })
    expect(refused.ok).toBe(false)
    if (!refused.ok) expect(refused.error.code).toBe('forbidden')

    const trusted = data(await engineer('pki:trust', { thumbprint: x.fingerprint }))
    expect(trusted).toMatchObject({ status: 'trusted', thumbprint })
    const record = core.audit.query({ command: 'pki:trust', limit: 1 })[0]!
    expect(record).toMatchObject({ user: 'erin', result: 'ok' })
    expect(record.summary).toContain(`trusted ${trusted.subject}`)

    // The server's own decision about Plantwatch's certificate.
    const own = data(await viewer('pki:list', undefined)).find((c) => c.status === 'own')!
    await server.certificateManager.trustCertificate(Buffer.from(new X509Certificate(readFileSync(own.file)).raw))
    await waitFor('connected without a restart', () => (core.connection().status === 'connected' ? true : undefined), 40_000)
    const diag = data(await viewer('diagnostics:get', undefined)).connections![0]!
    expect(diag).toMatchObject({ securityMode: 'SignAndEncrypt', securityPolicy: 'Basic256Sha256' })
    expect(diag.peerCertificate?.thumbprint).toBe(thumbprint)
    expect(diag.lastError?.message).toMatch(/certificate/)

    const unknown = await engineer('pki:trust', { thumbprint: '0'.repeat(40) })
    expect(unknown.ok).toBe(false)
    if (!unknown.ok) expect(unknown.error.code).toBe('not-found')
  }, 120_000)
})
