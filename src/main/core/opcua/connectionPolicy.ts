import { MessageSecurityMode, OPCUAClient, SecurityPolicy, type OPCUACertificateManager } from 'node-opcua'

const INITIAL_BACKOFF_MS = 1_000
const MAX_BACKOFF_MS = 30_000

/**
 * Capped exponential backoff (ms). A fatal failure (untrusted certificate, rejected
 * credentials) will not heal by itself quickly, so it waits the maximum.
 */
export function nextBackoffMs(attempt: number, fatal: boolean, limits: { initialMs?: number; maxMs?: number } = {}): number {
  const max = limits.maxMs ?? MAX_BACKOFF_MS
  return fatal ? max : Math.min(max, (limits.initialMs ?? INITIAL_BACKOFF_MS) * 2 ** Math.min(attempt, 10))
}

/**
 * Names where an engineer changes settings of a connection, e.g.
 * `plant.securityMode and plant.securityPolicy in /data/settings.json` for `['securityMode', 'securityPolicy']`.
 */
export type WhereToSet = (keys: readonly string[]) => string

/** The settings' server, when the caller knows no better: `plant.<key> in the settings`. */
export const inPlantSettings =
  (settingsFile = 'the settings'): WhereToSet =>
  (keys) =>
    `${keys.map((k) => `plant.${k}`).join(' and ')} in ${settingsFile}`

/**
 * Basic128Rsa15 and Basic256 use SHA-1 and were deprecated by the OPC Foundation
 * (OPC UA Security Policies, 1.04): refused unless the engineer explicitly allows them.
 * Returns the refusal to show, or undefined when the policy may be used.
 */
export function deprecatedPolicyRefusal(policy: string | undefined, allowed: boolean, where: WhereToSet = inPlantSettings()): string | undefined {
  if (allowed || (policy !== 'Basic128Rsa15' && policy !== 'Basic256')) return undefined
  return `security policy ${policy} is deprecated (SHA-1) and refused; use Basic256Sha256, Aes128_Sha256_RsaOaep or Aes256_Sha256_RsaPss, or set ${where(['allowDeprecatedPolicies'])} to true to accept the risk`
}

/**
 * The endpoints a server offers, as `SignAndEncrypt/Basic256Sha256, …`, read with a
 * discovery-only connection (GetEndpoints needs no security); a short note if it cannot be read.
 */
export async function describeEndpoints(endpoint: string, clientCertificateManager: OPCUACertificateManager): Promise<string> {
  const probe = OPCUAClient.create({ endpointMustExist: false, clientCertificateManager, connectionStrategy: { maxRetry: 0, initialDelay: 100, maxDelay: 200 } })
  try {
    await probe.connect(endpoint)
    const endpoints = await probe.getEndpoints()
    const offered = [...new Set(endpoints.map((e) => `${MessageSecurityMode[e.securityMode]}/${e.securityPolicyUri?.split('#')[1] ?? SecurityPolicy.None}`))]
    return offered.join(', ') || 'no endpoints'
  } catch (error) {
    return `endpoints that could not be listed (${(error as Error).message.split('\n')[0]})`
  } finally {
    await probe.disconnect().catch(() => undefined)
  }
}

/**
 * When a connect failed because the server does not offer the configured security mode and
 * policy: the final message, naming what the server offers (see {@link describeEndpoints}) and
 * where to change the settings (`where`). Undefined for any other failure.
 */
export async function securityMismatch(
  error: Error,
  connection: { endpoint: string; securityMode?: string; securityPolicy?: string },
  where: WhereToSet,
  clientCertificateManager: OPCUACertificateManager
): Promise<string | undefined> {
  if (!/End ?point must exist|BadSecurityModeRejected|BadSecurityPolicyRejected/i.test(error.message)) return undefined
  const { securityMode, securityPolicy } = connection
  const offered = await describeEndpoints(connection.endpoint, clientCertificateManager)
  return `the server does not offer securityMode ${securityMode ?? 'None'} with securityPolicy ${securityPolicy ?? 'None'}; it offers ${offered}. Set ${where(['securityMode', 'securityPolicy'])} to one of these`
}

/**
 * Words a connection failure for the operator, and says whether retrying soon can help.
 * `serverCertificateChanged`: the server's certificate accepted at the last connection is
 * still trusted, so an untrusted one now means the server presents another (renewed) one.
 * `where`: where this connection's settings are changed (default: the settings' `plant`).
 */
export function classifyConnectError(
  error: Error,
  pkiDir: string,
  context: { serverCertificateChanged?: boolean; where?: WhereToSet } = {}
): { fatal: boolean; reason: string } {
  const message = error.message.split('\n')[0] ?? String(error)
  if (/BadCertificateUntrusted|Certificate verification failed|not trusted/i.test(message)) {
    const changed = context.serverCertificateChanged ? ": the server's certificate changed since the last connection (renewed?); the new one must be trusted" : ''
    return {
      fatal: true,
      reason: `server certificate not trusted${changed} (${message}). To trust it, check it, then trust it under Diagnostics → Certificates (engineer), with plantwatch pki trust <thumbprint>, or by moving it from ${pkiDir}/rejected to ${pkiDir}/trusted/certs`
    }
  }
  if (/BadCertificate\w*/.test(message)) return { fatal: true, reason: `server certificate refused (${message})` }
  if (/rejected by server: BadSecurityChecksFailed/i.test(message)) {
    // Part 4 §7.39: a server that does not trust the client's certificate answers BadSecurityChecksFailed, so it is not told apart from others.
    return {
      fatal: true,
      reason: `the server refused Plantwatch's certificate or signature (${message}). Have the server trust Plantwatch's certificate in ${pkiDir}/own/certs (on the server, move it from its rejected to its trusted folder)`
    }
  }
  if (/BadSecurity(Policy|Mode)Rejected/.test(message)) return { fatal: true, reason: `the server does not offer this security mode and policy (${message})` }
  if (/Cannot find ANONYMOUS user token policy/i.test(message)) {
    return { fatal: true, reason: `the server does not accept anonymous sessions on this endpoint (${message}); set ${(context.where ?? inPlantSettings())(['user'])}` }
  }
  if (/BadIdentityToken|BadUserAccessDenied/.test(message)) return { fatal: true, reason: `user rejected by the server (${message})` }
  if (/ECONNREFUSED/.test(message)) return { fatal: false, reason: 'connection refused: is the OPC UA server running at this address?' }
  if (/ENOTFOUND|EAI_AGAIN/.test(message)) return { fatal: false, reason: `host not found (${message})` }
  if (/ETIMEDOUT|timeout/i.test(message)) return { fatal: false, reason: `no answer from the server (${message})` }
  return { fatal: false, reason: message }
}
