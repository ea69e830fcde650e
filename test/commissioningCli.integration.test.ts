import { X509Certificate } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../src/main/cli/index'
import { startDemoPlant, type DemoPlant } from '../src/main/demo-plant'
import { freePort, startQuirkServer } from './support/quirkServer'
import { tempDir } from './support/tempDir'

// Item 14: the commissioning CLI (browse, read, watch, pki) against real servers on 127.0.0.1,
// with the data dir's PKI shared between its commands.

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await runCli(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s) })
  return { code, out, err }
}
/** The CLI's own lines: node-opcua prints a warning about Node 20 on stdout when it loads. */
const lines = (out: string): string[] => out.split('\n').filter((l) => l && !/NODE-OPCUA-W27|security-revert/.test(l))
const NS = 'urn:plantwatch:demo-mine'

let plant: DemoPlant
const dataDir = tempDir('commission')

beforeAll(async () => {
  plant = await startDemoPlant({ port: 0, pkiDir: join(dataDir, 'plant-pki'), users: [{ username: 'operator', password: 'right password' }] })
}, 60_000)
afterAll(async () => {
  await plant?.stop()
})

describe('plantwatch browse, read and watch', () => {
  it('browses from a path to a depth, printing NodeIds in nsu= form for the tag map', async () => {
    const { code, out, err } = await run('browse', plant.endpointUrl, '--path', '/Objects/DemoMine', '--depth', '2', '--data-dir', dataDir)
    expect(err).toBe('')
    expect(code).toBe(0)
    const printed = lines(out)
    expect(printed[0]).toBe(`/Objects/DemoMine  nsu=${NS};s=DemoMine`)
    // Depth 2: the areas, and the machines inside them, indented one step further.
    expect(printed.some((l) => /^ {4}CV-101 {2}Object {2}nsu=urn:plantwatch:demo-mine;s=/.test(l))).toBe(true)
    expect(printed.some((l) => /CV-101\.MotorTemp/.test(l))).toBe(false)
    const wrong = await run('browse', plant.endpointUrl, '--path', '/Objects/NoSuchThing', '--data-dir', dataDir)
    expect(wrong.code).toBe(2)
    expect(wrong.err).toMatch(/--path: no "NoSuchThing" under \/Objects; there: .*DemoMine/)
  }, 60_000)

  it('reads nodes once, one line each, and exits 1 naming a node the server does not know', async () => {
    const good = await run('read', plant.endpointUrl, `nsu=${NS};s=CV-101.MotorTemp`, 'i=2258', '--data-dir', dataDir)
    expect(good.code).toBe(0)
    const [temp, time] = lines(good.out)
    expect(temp).toMatch(new RegExp(`^nsu=${NS};s=CV-101\\.MotorTemp\\t-?\\d+(\\.\\d+)?\\tDouble\\tGood\\t\\d{4}-`))
    expect(time).toMatch(/^i=2258\t\d{4}-\d\d-\d\dT.*\tDateTime\tGood\t/)
    const bad = await run('read', plant.endpointUrl, `nsu=${NS};s=CV-101.Nope`, '--data-dir', dataDir)
    expect(bad.code).toBe(1)
    expect(lines(bad.out)[0]).toMatch(/\tBadNodeIdUnknown\t/)
    const unknownNs = await run('read', plant.endpointUrl, 'nsu=urn:nobody;s=X', '--data-dir', dataDir)
    expect(unknownNs.code).toBe(2)
    expect(unknownNs.err).toMatch(/nsu=urn:nobody;s=X: UnknownNamespaceUri/)
  }, 60_000)

  it('watches nodes, one line per change', async () => {
    const { code, out } = await run('watch', plant.endpointUrl, `nsu=${NS};s=CV-101.MotorTemp`, `nsu=${NS};s=CV-101.Speed`, '--interval', '100', '--count', '6', '--data-dir', dataDir)
    expect(code).toBe(0)
    const changes = lines(out)
    expect(changes).toHaveLength(6)
    for (const line of changes) expect(line).toMatch(new RegExp(`^\\d{4}-.*Z\\tnsu=${NS};s=CV-101\\.(MotorTemp|Speed)\\t-?\\d.*\\tDouble\\tGood\\t`))
  }, 60_000)

  it('uses --user and --password-file, and says so when the server rejects the user', async () => {
    const right = join(dataDir, 'right.txt')
    const wrong = join(dataDir, 'wrong.txt')
    writeFileSync(right, 'right password\n', { mode: 0o600 })
    writeFileSync(wrong, 'wrong password\n', { mode: 0o600 })
    expect((await run('read', plant.endpointUrl, 'i=2258', '--user', 'operator', '--password-file', right, '--data-dir', dataDir)).code).toBe(0)
    const refused = await run('read', plant.endpointUrl, 'i=2258', '--user', 'operator', '--password-file', wrong, '--data-dir', dataDir)
    expect(refused.code).toBe(1)
    expect(refused.err).toMatch(/user rejected by the server/)
  }, 60_000)

  it('refuses bad flags before connecting', async () => {
    expect((await run('browse', plant.endpointUrl, '--depth', '0', '--data-dir', dataDir)).err).toMatch(/--depth must be a whole number from 1 to 10/)
    expect((await run('read', plant.endpointUrl, 'i=2258', '--security-mode', 'Secure', '--data-dir', dataDir)).err).toMatch(/--security-mode: /)
    expect((await run('read', 'http://x', 'i=2258', '--data-dir', dataDir)).err).toMatch(/expected an endpoint opc\.tcp:/)
    expect((await run('watch', plant.endpointUrl, '--data-dir', dataDir)).code).toBe(2)
  })
})

describe('plantwatch pki', () => {
  it('refuses an untrusted server certificate with its thumbprint and the exact command that trusts it; pki trust and reject act on the shared PKI', async () => {
    const server = await startQuirkServer({ port: await freePort(), pkiDir: tempDir('cli-secure-server'), secureOnly: true, variables: [{ name: 'S.Temp', dataType: 'Double', value: () => 21.5 }] })
    try {
      const secure = ['--security-mode', 'SignAndEncrypt', '--security-policy', 'Basic256Sha256', '--data-dir', dataDir]
      const refused = await run('read', server.endpoint, 'nsu=urn:field-case:quirk;s=S.Temp', ...secure)
      expect(refused.code).toBe(1)
      const serverPem = readdirSync(join(server.certificateManager.rootDir, 'own', 'certs')).find((f) => f.endsWith('.pem'))!
      const thumbprint = new X509Certificate(readFileSync(join(server.certificateManager.rootDir, 'own', 'certs', serverPem))).fingerprint.replace(/:/g, '').toLowerCase()
      expect(refused.err).toContain(`thumbprint  ${thumbprint}`)
      expect(refused.err).toContain(`plantwatch pki trust ${thumbprint} --data-dir ${dataDir}`)
      expect(refused.err).toMatch(/subject +.*\n +issuer +.*\n +valid +\d{4}-.* to \d{4}-/)

      const listed = await run('pki', 'list', '--data-dir', dataDir)
      expect(listed.out).toMatch(new RegExp(`^rejected +${thumbprint}`, 'm'))
      expect(listed.out).toMatch(/^own +[0-9a-f]{40}/m)

      expect(await run('pki', 'trust', thumbprint, '--data-dir', dataDir)).toMatchObject({ code: 0 })
      expect((await run('pki', 'list', '--data-dir', dataDir)).out).toMatch(new RegExp(`^trusted +${thumbprint}`, 'm'))
      // The server trusts Plantwatch's certificate too (its own decision, on its side).
      const ownPem = readdirSync(join(dataDir, 'pki', 'client', 'own', 'certs')).find((f) => f.endsWith('.pem'))!
      await server.certificateManager.trustCertificate(Buffer.from(new X509Certificate(readFileSync(join(dataDir, 'pki', 'client', 'own', 'certs', ownPem))).raw))
      const read = await run('read', server.endpoint, 'nsu=urn:field-case:quirk;s=S.Temp', ...secure)
      expect(read.err).toBe('')
      expect(lines(read.out)[0]).toMatch(/\t21\.5\tDouble\tGood\t/)

      expect((await run('pki', 'reject', thumbprint.toUpperCase().replace(/(..)(?!$)/g, '$1:'), '--data-dir', dataDir)).code).toBe(0)
      expect((await run('read', server.endpoint, 'nsu=urn:field-case:quirk;s=S.Temp', ...secure)).err).toContain(`plantwatch pki trust ${thumbprint}`)
      const unknown = await run('pki', 'trust', 'ab'.repeat(20), '--data-dir', dataDir)
      expect(unknown.code).toBe(1)
      expect(unknown.err).toMatch(/no rejected certificate with thumbprint a{0}(ab){20}/)
    } finally {
      await server.stop()
    }
  }, 120_000)
})
