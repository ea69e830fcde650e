const INITIAL_BACKOFF_MS = 1_000
const MAX_BACKOFF_MS = 30_000

/**
 * Capped exponential backoff. A fatal failure (untrusted certificate, rejected
 * credentials) will not heal by itself quickly, so it waits the maximum.
 */
export function nextBackoffMs(attempt: number, fatal: boolean): number {
  return fatal ? MAX_BACKOFF_MS : Math.min(MAX_BACKOFF_MS, INITIAL_BACKOFF_MS * 2 ** Math.min(attempt, 10))
}

/** Words a connection failure for the operator, and says whether retrying soon can help. */
export function classifyConnectError(error: Error, pkiDir: string): { fatal: boolean; reason: string } {
  const message = error.message.split('\n')[0] ?? String(error)
  if (/BadCertificateUntrusted|Certificate verification failed|not trusted/i.test(message)) {
    return {
      fatal: true,
      reason: `server certificate not trusted (${message}). To trust it, check it and move it from ${pkiDir}/rejected to ${pkiDir}/trusted/certs`
    }
  }
  if (/BadCertificate\w*/.test(message)) return { fatal: true, reason: `server certificate refused (${message})` }
  if (/BadSecurity(Policy|Mode)Rejected/.test(message)) return { fatal: true, reason: `the server does not offer this security mode and policy (${message})` }
  if (/BadIdentityToken|BadUserAccessDenied/.test(message)) return { fatal: true, reason: `user rejected by the server (${message})` }
  if (/ECONNREFUSED/.test(message)) return { fatal: false, reason: 'connection refused: is the OPC UA server running at this address?' }
  if (/ENOTFOUND|EAI_AGAIN/.test(message)) return { fatal: false, reason: `host not found (${message})` }
  if (/ETIMEDOUT|timeout/i.test(message)) return { fatal: false, reason: `no answer from the server (${message})` }
  return { fatal: false, reason: message }
}
