import { listCertificates, PkiError, rejectCertificate, trustCertificate } from '../../core/opcua/pkiStore'
import type { CertificateInfo } from '../../../shared/commissioning'
import { parseCommandLine, UsageError } from '../args'
import { clientPkiDir } from './opcuaSession'

export const PKI_USAGE = `plantwatch pki list | trust <thumbprint> | reject <thumbprint>
  The data dir's client PKI (pki/client, OPC UA Part 6 folders), shared with the HMI:
  list    every certificate: own, trusted, rejected, with subject, issuer, validity, thumbprint
  trust   moves a rejected server certificate to trusted/certs (a running HMI uses it at its next retry)
  reject  moves a trusted certificate back to rejected/
  A thumbprint is the SHA-1 of the certificate, 40 hex digits (colons allowed).`

/** `plantwatch pki`. */
export async function runPkiCommand(argv: string[], io: { stdout(s: string): void }, dataDir: string): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) return (io.stdout(`${PKI_USAGE}\n`), 0)
  const { positionals } = parseCommandLine(argv, {})
  const [verb, thumbprint, ...extra] = positionals
  const pkiDir = clientPkiDir(dataDir)
  if (verb === 'list' && thumbprint === undefined) {
    const all = listCertificates(pkiDir)
    if (all.length === 0) io.stdout(`no certificates in ${pkiDir} yet (Plantwatch makes its own at its first connection)\n`)
    for (const c of all) io.stdout(describe(c))
    return 0
  }
  if ((verb === 'trust' || verb === 'reject') && thumbprint && extra.length === 0) {
    const wanted = thumbprint.replace(/[:\s]/g, '').toLowerCase()
    if (!/^[0-9a-f]{40}$/.test(wanted)) throw new UsageError(`a thumbprint is 40 hex digits (SHA-1), got "${thumbprint}"`)
    try {
      const c = verb === 'trust' ? trustCertificate(pkiDir, wanted) : rejectCertificate(pkiDir, wanted)
      io.stdout(`${verb === 'trust' ? 'trusted' : 'rejected'}: ${c.subject} (${c.thumbprint})\n  now ${c.file}\n`)
      return 0
    } catch (error) {
      if (error instanceof PkiError) throw new Error(`${error.message}; see plantwatch pki list`)
      throw error
    }
  }
  throw new UsageError(PKI_USAGE)
}

function describe(c: CertificateInfo): string {
  const now = Date.now()
  const validity = now < c.validFrom ? 'NOT YET VALID' : now > c.validTo ? 'EXPIRED' : 'valid'
  return [
    `${c.status.padEnd(8)} ${c.thumbprint}  ${c.subject}`,
    `         issuer ${c.issuer}`,
    `         ${validity} ${new Date(c.validFrom).toISOString()} to ${new Date(c.validTo).toISOString()}${c.applicationUri ? `  ${c.applicationUri}` : ''}`,
    ''
  ].join('\n') + '\n'
}
