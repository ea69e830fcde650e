import { createHash, X509Certificate } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { CertificateInfo } from '../../../shared/commissioning'

/** A PKI request that cannot be done: the message names the certificate and the folder. */
export class PkiError extends Error {}

/** OPC UA Part 6 §6.1 (Annex F) folder layout under a PKI root. */
const FOLDERS = { own: ['own', 'certs'], trusted: ['trusted', 'certs'], rejected: ['rejected'] } as const
const CERT_FILE = /\.(pem|der|crt|cer)$/i

/** The SHA-1 thumbprint of a DER certificate, 40 lower-case hex digits, as OPC UA names certificates. */
export const thumbprintOf = (der: Buffer): string => createHash('sha1').update(der).digest('hex')

/**
 * The thumbprint of the first certificate of a DER chain (a server may send its chain), as
 * its file in trusted/certs is named by; undefined for bytes that are not a certificate.
 */
export function leafThumbprint(der: Buffer): string | undefined {
  try {
    return thumbprintOf(Buffer.from(new X509Certificate(der).raw))
  } catch {
    return undefined
  }
}

/** Whether a certificate with this thumbprint is in the PKI's trusted/certs now. */
export function isTrusted(pkiDir: string, thumbprint: string): boolean {
  return listCertificates(pkiDir).some((c) => c.status === 'trusted' && c.thumbprint === thumbprint)
}

/** Subject, issuer, validity, ApplicationUri and thumbprint of a DER certificate. */
export function describeCertificate(der: Buffer): Omit<CertificateInfo, 'status' | 'file'> {
  const x = new X509Certificate(der)
  const uri = /URI:([^,\s]+)/.exec(x.subjectAltName ?? '')?.[1]
  return {
    thumbprint: thumbprintOf(der),
    subject: oneLine(x.subject),
    issuer: oneLine(x.issuer),
    validFrom: Date.parse(x.validFrom),
    validTo: Date.parse(x.validTo),
    ...(uri ? { applicationUri: uri } : {})
  }
}

const oneLine = (dn: string): string => dn.split('\n').filter(Boolean).join(', ')

/** A certificate file's DER bytes (PEM or DER on disk); undefined for a file that is not a certificate. */
function readDer(file: string): Buffer | undefined {
  try {
    const raw = readFileSync(file)
    return Buffer.from(new X509Certificate(raw).raw)
  } catch {
    return undefined
  }
}

/**
 * Every certificate of a client PKI: Plantwatch's own, the trusted and the rejected ones
 * (the files the OPC UA stack keeps there), each with what an engineer checks before trusting.
 * Files that are not certificates are skipped.
 */
export function listCertificates(pkiDir: string): CertificateInfo[] {
  const found: CertificateInfo[] = []
  for (const status of ['own', 'trusted', 'rejected'] as const) {
    const dir = join(pkiDir, ...FOLDERS[status])
    if (!existsSync(dir)) continue
    for (const name of readdirSync(dir).filter((f) => CERT_FILE.test(f)).sort()) {
      const der = readDer(join(dir, name))
      if (der) found.push({ ...describeCertificate(der), status, file: join(dir, name) })
    }
  }
  return found
}

/**
 * Moves the rejected (or not yet trusted) certificate with this thumbprint to trusted/certs:
 * the connection's next retry re-reads the trust list and accepts it. Throws a
 * {@link PkiError} when no certificate in rejected/ has that thumbprint.
 */
export function trustCertificate(pkiDir: string, thumbprint: string): CertificateInfo {
  return move(pkiDir, thumbprint, 'rejected', 'trusted')
}

/** Withdraws trust: moves the certificate from trusted/certs to rejected/; its next connection is refused. */
export function rejectCertificate(pkiDir: string, thumbprint: string): CertificateInfo {
  return move(pkiDir, thumbprint, 'trusted', 'rejected')
}

function move(pkiDir: string, thumbprint: string, from: 'trusted' | 'rejected', to: 'trusted' | 'rejected'): CertificateInfo {
  const wanted = thumbprint.replace(/[:\s]/g, '').toLowerCase()
  const all = listCertificates(pkiDir)
  const hit = all.find((c) => c.thumbprint === wanted && c.status === from)
  if (!hit) {
    const already = all.find((c) => c.thumbprint === wanted)
    if (already?.status === to) return already
    throw new PkiError(`no ${from} certificate with thumbprint ${wanted} in ${join(pkiDir, ...FOLDERS[from])}${all.length ? '' : ' (the PKI holds no certificates yet)'}`)
  }
  const dir = join(pkiDir, ...FOLDERS[to])
  mkdirSync(dir, { recursive: true })
  const target = join(dir, basename(hit.file))
  renameSync(hit.file, target)
  return { ...hit, status: to, file: target }
}
