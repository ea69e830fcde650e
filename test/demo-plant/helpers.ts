import { mkdtemp, rm, mkdir, copyFile, readdir, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAClient,
  SecurityPolicy,
  type ClientSession,
  type UserIdentityInfo
} from 'node-opcua'
import { startDemoPlant, type DemoPlant, type DemoPlantOptions } from '../../src/main/demo-plant'

/** A plant on a free port with its PKI in a temp dir, plus cleanup. */
export async function startTestPlant(options: Partial<DemoPlantOptions> = {}): Promise<{ plant: DemoPlant; dir: string; pkiDir: string; dispose(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'pw-plant-'))
  const pkiDir = join(dir, 'server-pki')
  const plant = await startDemoPlant({ port: 0, pkiDir, ...options })
  return {
    plant,
    dir,
    pkiDir,
    dispose: async () => {
      await plant.stop()
      await rm(dir, { recursive: true, force: true })
    }
  }
}

export interface TestClient {
  client: OPCUAClient
  session: ClientSession
  /** Namespace index of urn:plantwatch:demo-mine on this server. */
  ns: number
  certificateManager: OPCUACertificateManager
  close(): Promise<void>
}

export interface ConnectOptions {
  securityMode?: MessageSecurityMode
  securityPolicy?: SecurityPolicy
  userIdentity?: UserIdentityInfo
  /** Copy the server's certificate into the client's trusted folder (the explicit trust decision). */
  trustServer?: boolean
  /** Client PKI folder; default a fresh one under `dir`. */
  clientPki?: string
}

/**
 * A client that never auto-accepts server certificates: the server is trusted only when a test
 * copies its certificate into the client's trusted folder, like the real client does.
 */
export async function connect(endpointUrl: string, dir: string, serverPki: string, o: ConnectOptions = {}): Promise<TestClient> {
  const rootFolder = o.clientPki ?? join(dir, `client-pki-${Math.random().toString(36).slice(2)}`)
  const certificateManager = new OPCUACertificateManager({ rootFolder, automaticallyAcceptUnknownCertificate: false })
  await certificateManager.initialize()
  let serverCertificate: Buffer | undefined
  if (o.trustServer) {
    const trusted = join(rootFolder, 'trusted', 'certs')
    await mkdir(trusted, { recursive: true })
    for (const f of await readdir(join(serverPki, 'own', 'certs'))) {
      if (!f.endsWith('.pem')) continue
      await copyFile(join(serverPki, 'own', 'certs', f), join(trusted, f))
      serverCertificate ??= pemToDer(await readFile(join(serverPki, 'own', 'certs', f), 'utf8'))
    }
  }
  const client = OPCUAClient.create({
    applicationName: 'PlantwatchTestClient',
    applicationUri: 'urn:plantwatch:test-client',
    clientCertificateManager: certificateManager,
    securityMode: o.securityMode ?? MessageSecurityMode.None,
    securityPolicy: o.securityPolicy ?? SecurityPolicy.None,
    endpointMustExist: false,
    connectionStrategy: { maxRetry: 0, initialDelay: 100, maxDelay: 200 },
    requestedSessionTimeout: 20_000,
    // Known up front, the client needs no None channel to fetch it (a --secure-only plant has none).
    ...(serverCertificate ? { serverCertificate } : {})
  })
  try {
    await client.connect(endpointUrl)
    const session = await client.createSession(o.userIdentity)
    const ns = (await session.readNamespaceArray()).indexOf('urn:plantwatch:demo-mine')
    return {
      client,
      session,
      ns,
      certificateManager,
      close: async () => {
        await session.close().catch(() => {})
        await client.disconnect()
        await certificateManager.dispose()
      }
    }
  } catch (err) {
    await client.disconnect().catch(() => {})
    await certificateManager.dispose()
    throw err
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** DER bytes of the first certificate in a PEM text. */
export function pemToDer(pem: string): Buffer {
  const b64 = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem)?.[1] ?? ''
  return Buffer.from(b64.replace(/\s+/g, ''), 'base64')
}

/** DER of the certificate in `<pki>/own/certs`. */
export async function ownCertDer(pki: string): Promise<Buffer> {
  const dir = join(pki, 'own', 'certs')
  const pem = (await readdir(dir)).find((f) => f.endsWith('.pem'))
  if (!pem) throw new Error(`no certificate in ${dir}`)
  return pemToDer(await readFile(join(dir, pem), 'utf8'))
}
