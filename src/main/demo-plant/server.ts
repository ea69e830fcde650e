import { createServer } from 'node:net'
import { join } from 'node:path'
import { MessageSecurityMode, OPCUACertificateManager, OPCUAServer, SecurityPolicy } from 'node-opcua'

/** Path part of the endpoint URL: `opc.tcp://127.0.0.1:4840/plantwatch`. */
export const RESOURCE_PATH = '/plantwatch'

export interface PlantServerOptions {
  host: string
  port: number
  pkiDir: string
  secureOnly: boolean
  users: ReadonlyArray<{ username: string; password: string }>
  autoAcceptClientCertificates: boolean
}

export interface PlantServer {
  server: OPCUAServer
  endpointUrl: string
  serverCertificateManager: OPCUACertificateManager
  /** Shut the server down and release the PKI (idempotent). */
  dispose(): Promise<void>
}

/** A free TCP port on `host` (for port 0: node-opcua needs the number up front for its endpoint URLs). */
export async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, host, () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      srv.close(() => resolve(port))
    })
  })
}

/**
 * An initialized (not yet started) OPC UA server with the plant's security set-up: None plus
 * Sign and SignAndEncrypt for Basic256Sha256, Aes128_Sha256_RsaOaep and Aes256_Sha256_RsaPss;
 * anonymous only when not secure-only; username/password from `users`. Both certificate managers
 * live under pkiDir, so nothing is written to the home folder, and unknown client certificates
 * are refused (they land in `<pkiDir>/rejected`) unless autoAcceptClientCertificates.
 */
export async function createPlantServer(o: PlantServerOptions): Promise<PlantServer> {
  const port = o.port === 0 ? await freePort(o.host) : o.port
  const serverCertificateManager = new OPCUACertificateManager({
    rootFolder: o.pkiDir,
    automaticallyAcceptUnknownCertificate: o.autoAcceptClientCertificates
  })
  const userCertificateManager = new OPCUACertificateManager({
    rootFolder: join(o.pkiDir, 'user'),
    automaticallyAcceptUnknownCertificate: false
  })
  const server = new OPCUAServer({
    host: o.host,
    hostname: o.host,
    port,
    resourcePath: RESOURCE_PATH,
    serverCertificateManager,
    userCertificateManager,
    securityPolicies: [
      ...(o.secureOnly ? [] : [SecurityPolicy.None]),
      SecurityPolicy.Basic256Sha256,
      SecurityPolicy.Aes128_Sha256_RsaOaep,
      SecurityPolicy.Aes256_Sha256_RsaPss
    ],
    securityModes: [...(o.secureOnly ? [] : [MessageSecurityMode.None]), MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt],
    allowAnonymous: !o.secureOnly,
    userManager: { isValidUser: (u: string, p: string) => o.users.some((x) => x.username === u && x.password === p) },
    buildInfo: { productName: 'Plantwatch demo plant', manufacturerName: 'Plantwatch' },
    // Stable across ports and restarts, so the certificate generated once stays valid.
    serverInfo: { applicationUri: 'urn:plantwatch:demo-plant', productUri: 'urn:plantwatch:demo-plant' },
    disableDiscovery: true
  })
  let disposed: Promise<void> | undefined
  const dispose = (): Promise<void> =>
    (disposed ??= (async () => {
      await server.shutdown(0).catch(() => {})
      await userCertificateManager.dispose()
      await serverCertificateManager.dispose()
    })())
  try {
    await server.initialize()
  } catch (err) {
    await dispose()
    throw err
  }
  const endpointUrl = `opc.tcp://${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}${RESOURCE_PATH}`
  return { server, endpointUrl, serverCertificateManager, dispose }
}
