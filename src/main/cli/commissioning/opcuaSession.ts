import { join } from 'node:path'
import { format } from 'node:util'
import { MessageSecurityMode, OPCUAClient, SecurityPolicy, setDebugLogger, setErrorLogger, setWarningLogger, type ClientSession } from 'node-opcua'
import type { Logger } from '../../core/logger'
import { classifyConnectError, deprecatedPolicyRefusal } from '../../core/opcua/connectionPolicy'
import { createCertificateManager } from '../../core/opcua/pki'
import { describeCertificate } from '../../core/opcua/pkiStore'
import { identity } from '../../core/opcua/sessionTools'
import { PlantEndpointSettingsSchema } from '../../core/settings/settings'
import { UsageError } from '../args'
import { openNodeSettings } from '../nodeSettings'

/** The flags every commissioning command that connects takes. */
export const CONNECT_FLAGS = {
  'security-mode': { type: 'string' },
  'security-policy': { type: 'string' },
  user: { type: 'string' },
  'password-file': { type: 'string' }
} as const

export const CONNECT_USAGE = `  --security-mode None|Sign|SignAndEncrypt   default: plant.securityMode in settings.json
  --security-policy None|Basic256Sha256|Aes128_Sha256_RsaOaep|Aes256_Sha256_RsaPss
                                             default: plant.securityPolicy in settings.json
  --user NAME --password-file FILE           an OPC UA user (default: plant.user in settings.json)
  The data dir's client PKI (pki/client) and settings are the HMI's own: a server certificate
  trusted here is trusted there, and the other way round.`

/** The client PKI every host and command of a data dir shares. */
export const clientPkiDir = (dataDir: string): string => join(dataDir, 'pki', 'client')

/** A connected session for a command; `close()` ends it and the client. */
export interface CliSession {
  session: ClientSession
  close(): Promise<void>
}

/** Warnings and errors go to stderr; the settings' info lines would only clutter a command's output. */
export const stderrLogger = (stderr: (s: string) => void): Logger => ({
  info: () => undefined,
  warn: (m) => stderr(`warning: ${m}\n`),
  error: (m) => stderr(`error: ${m}\n`)
})

/** A refusal to show as is (exit 1): an untrusted certificate, a rejected user, a mismatch. */
export class ConnectRefused extends Error {}

/**
 * Connects to `endpoint` with the data dir's PKI and settings, the flags overriding the
 * stored security mode, policy and user. An untrusted server certificate is refused with its
 * subject, thumbprint and validity, and the exact command that trusts it.
 */
export async function openCliSession(endpoint: string, dataDir: string, flags: Record<string, string | boolean | undefined>, logger: Logger): Promise<CliSession> {
  libraryLogsToStderr()
  if (!/^opc\.tcp:\/\/[^\s/]+(:\d+)?(\/.*)?$/.test(endpoint)) throw new UsageError(`expected an endpoint opc.tcp://host:port[/path], got "${endpoint}"`)
  const str = (name: string): string | undefined => (typeof flags[name] === 'string' ? (flags[name] as string) : undefined)
  const { settings, credentials } = await openNodeSettings(dataDir, { user: str('user'), passwordFile: str('password-file') }, logger)
  const security = PlantEndpointSettingsSchema.pick({ securityMode: true, securityPolicy: true, allowDeprecatedPolicies: true }).safeParse({
    securityMode: str('security-mode') ?? settings.plant.securityMode,
    securityPolicy: str('security-policy') ?? settings.plant.securityPolicy,
    allowDeprecatedPolicies: settings.plant.allowDeprecatedPolicies
  })
  if (!security.success) throw new UsageError(security.error.issues.map((i) => `--${String(i.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${i.message}`).join('; '))
  const { securityMode, securityPolicy } = security.data
  const refusal = deprecatedPolicyRefusal(securityPolicy, security.data.allowDeprecatedPolicies === true)
  if (refusal) throw new ConnectRefused(refusal)
  if ((securityMode === 'None') !== (securityPolicy === 'None')) throw new UsageError(`--security-mode ${securityMode} needs a --security-policy ${securityMode === 'None' ? 'None' : 'other than None'}`)
  const pkiDir = clientPkiDir(dataDir)
  const certificateManager = await createCertificateManager(pkiDir)
  const client = OPCUAClient.create({
    applicationName: 'Plantwatch',
    clientName: 'Plantwatch CLI',
    endpointMustExist: false,
    securityMode: MessageSecurityMode[securityMode],
    securityPolicy: SecurityPolicy[securityPolicy],
    clientCertificateManager: certificateManager,
    connectionStrategy: { maxRetry: 0, initialDelay: 100, maxDelay: 500 }
  })
  const end = async (): Promise<void> => {
    await client.disconnect().catch(() => undefined)
    await certificateManager.dispose()
  }
  try {
    await client.connect(endpoint)
    const session = await client.createSession(identity(credentials.user))
    return { session, close: async () => (await session.close().catch(() => undefined), await end()) }
  } catch (error) {
    await end()
    const { reason } = classifyConnectError(error as Error, pkiDir)
    if (/server certificate not trusted/.test(reason)) throw new ConnectRefused(await untrustedMessage(endpoint, dataDir))
    throw new ConnectRefused(`cannot connect to ${endpoint}: ${reason}`)
  }
}

/**
 * node-opcua prints its own warnings and traces (certificate dumps, "creating default
 * certificate") on stdout, where they would mix with a command's lines that scripts read:
 * they go to stderr instead. Its Node 20 notice at load time comes before this and stays.
 */
function libraryLogsToStderr(): void {
  // The debug logger's first argument is a { filename, callerline } context: not for the user.
  const toStderr = (...args: unknown[]): void => {
    const first = args[0]
    const rest = typeof first === 'object' && first !== null && 'filename' in first ? args.slice(1) : args
    process.stderr.write(`node-opcua: ${format(...rest)}\n`)
  }
  for (const set of [setWarningLogger, setErrorLogger, setDebugLogger]) set(toStderr)
}

/** Names the refused server certificate by its thumbprint (read from the server's endpoints) and the command that trusts it. */
async function untrustedMessage(endpoint: string, dataDir: string): Promise<string> {
  const manager = await createCertificateManager(clientPkiDir(dataDir))
  const probe = OPCUAClient.create({ endpointMustExist: false, clientCertificateManager: manager, connectionStrategy: { maxRetry: 0, initialDelay: 100, maxDelay: 200 } })
  try {
    await probe.connect(endpoint)
    const certificate = (await probe.getEndpoints()).find((e) => e.serverCertificate && e.serverCertificate.length > 0)?.serverCertificate
    if (!certificate) throw new Error('no certificate in the endpoints')
    const c = describeCertificate(certificate)
    return [
      `the server certificate of ${endpoint} is not trusted:`,
      `  subject     ${c.subject}`,
      `  issuer      ${c.issuer}`,
      `  valid       ${new Date(c.validFrom).toISOString()} to ${new Date(c.validTo).toISOString()}`,
      `  thumbprint  ${c.thumbprint}`,
      `Check the thumbprint with the server's administrator, then trust it with:`,
      `  plantwatch pki trust ${c.thumbprint} --data-dir ${dataDir}`
    ].join('\n')
  } catch (error) {
    return `the server certificate of ${endpoint} is not trusted, and it could not be read again (${(error as Error).message}); list it with: plantwatch pki list --data-dir ${dataDir}`
  } finally {
    await probe.disconnect().catch(() => undefined)
    await manager.dispose()
  }
}
