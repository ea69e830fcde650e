import { X509Certificate } from 'node:crypto'
import { readdirSync, readFileSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { freePort, startQuirkServer, type QuirkServer, type QuirkVariable } from './support/quirkServer'
import { probePlant, quirkTag, type PlantProbe } from './support/plantProbe'
import { tempDir, waitFor } from './support/tempDir'

// Field cases secure-only-endpoint-message and server-cert-trust-renewal, and their kind:
// certificates both ways, credentials, policies. Refusals are retried every second here.

const temp: QuirkVariable = { name: 'CE.Temp', dataType: 'Double', value: () => 40 + Math.sin(Date.now() / 3000) }
const tags = [quirkTag(0, 'CE.Temp')]
const secure = { securityMode: 'SignAndEncrypt', securityPolicy: 'Basic256Sha256', retry: { refusedMs: 1_000 } } as const

// Tests that do not trust anything share one client PKI: creating a key pair costs seconds.
const sharedClientPki = join(tempDir('security-client'), 'pki')
let server: QuirkServer | undefined
let probe: PlantProbe | undefined
afterEach(async () => {
  await probe?.dispose()
  await server?.stop()
  probe = undefined
  server = undefined
})

const stateMatching = (p: PlantProbe, since: number, re: RegExp) => () => p.states.slice(since).find((s) => s.status === 'failed' && re.test(s.reason ?? ''))
const pems = (dir: string): string[] => readdirSync(dir).filter((f) => /\.(pem|der)$/.test(f))
const trustRejected = (pkiDir: string): void => {
  for (const f of pems(join(pkiDir, 'rejected'))) renameSync(join(pkiDir, 'rejected', f), join(pkiDir, 'trusted', 'certs', f))
}
const ownCertificate = (pkiDir: string): Buffer => {
  const file = pems(join(pkiDir, 'own', 'certs'))[0]!
  return Buffer.from(new X509Certificate(readFileSync(join(pkiDir, 'own', 'certs', file))).raw)
}

describe('a server that offers SignAndEncrypt only, with security None configured', () => {
  it('fails once with a final message listing what the server offers and what to change, without retrying', async () => {
    server = await startQuirkServer({ port: await freePort(), pkiDir: tempDir('so-server'), variables: [temp], secureOnly: true })
    probe = await probePlant(server.endpoint, tags, { pkiDir: sharedClientPki, settingsFile: '/data/settings.json' })
    const failed = await waitFor('the failure', () => probe!.states.find((s) => s.status === 'failed'), 15_000)
    expect(failed.reason).toMatch(/does not offer securityMode None with securityPolicy None; it offers SignAndEncrypt\/Basic256Sha256/)
    expect(failed.reason).toMatch(/Set plant\.securityMode and plant\.securityPolicy in \/data\/settings\.json to one of these/)
    expect(failed.retryInMs).toBeUndefined()
    await new Promise((r) => setTimeout(r, 2_500))
    expect(probe.states.filter((s) => s.status === 'failed')).toHaveLength(1)
  }, 30_000)
})

describe('certificates that engineers manage without restarting Plantwatch', () => {
  it('takes a trust decision at the next retry, in both directions, and detects and reports a renewed server certificate', async () => {
    const port = await freePort()
    server = await startQuirkServer({ port, pkiDir: tempDir('ce-server-1'), variables: [temp], secureOnly: true })
    probe = await probePlant(server.endpoint, tags, secure)
    const p = probe
    await waitFor('the refusal of the server certificate', stateMatching(p, 0, /server certificate not trusted/), 20_000)
    expect(pems(join(p.pkiDir, 'rejected'))).toHaveLength(1)

    // The engineer trusts the server's certificate; the server does not trust ours yet.
    let mark = p.states.length
    trustRejected(p.pkiDir)
    const refusedByServer = await waitFor('the server refusing our certificate', () => p.states.slice(mark).find((s) => s.status === 'failed' && !/server certificate not trusted/.test(s.reason ?? '')), 20_000)
    expect(refusedByServer.reason).toMatch(/the server refused Plantwatch's certificate.*own\/certs/)

    await server.certificateManager.trustCertificate(ownCertificate(p.pkiDir))
    await waitFor('values after both trust decisions', () => p.goodAfter(0, 0), 20_000)
    expect(p.connection.state().status).toBe('connected')

    // The server comes back with a renewed certificate (it trusts our certificate already).
    await server.stop()
    server = await startQuirkServer({ port, pkiDir: tempDir('ce-server-2'), variables: [temp], secureOnly: true })
    await server.certificateManager.trustCertificate(ownCertificate(p.pkiDir))
    mark = p.states.length
    const renewed = await waitFor('the renewed certificate reported', stateMatching(p, mark, /server certificate not trusted/), 25_000)
    // The standing status, not a passing one, says the certificate changed and where the new one is.
    expect(renewed.reason).toMatch(/certificate changed since the last connection/)
    expect(renewed.reason).toContain(join(p.pkiDir, 'rejected'))
    const back = Date.now()
    trustRejected(p.pkiDir)
    await waitFor('values with the renewed certificate', () => p.goodAfter(0, back), 20_000)
  }, 80_000)
})

describe('credentials and policies', () => {
  it('says the user was rejected on a wrong password', async () => {
    server = await startQuirkServer({ port: await freePort(), pkiDir: tempDir('pw-server'), variables: [temp], users: [{ username: 'operator', password: 'right' }] })
    probe = await probePlant(server.endpoint, tags, { user: { username: 'operator', password: 'wrong' }, pkiDir: sharedClientPki })
    const failed = await waitFor('the refusal', () => probe!.states.find((s) => s.status === 'failed'), 15_000)
    expect(failed.reason).toMatch(/user rejected by the server.*BadUserAccessDenied|user rejected by the server.*BadIdentityToken/)
  }, 30_000)

  it('refuses a deprecated policy unless explicitly allowed', async () => {
    probe = await probePlant('opc.tcp://127.0.0.1:9/nowhere', tags, { securityMode: 'SignAndEncrypt', securityPolicy: 'Basic256', pkiDir: sharedClientPki })
    expect(probe.connection.state()).toMatchObject({ status: 'failed' })
    expect(probe.connection.state().reason).toMatch(/Basic256 is deprecated.*allowDeprecatedPolicies/)
  })
})
