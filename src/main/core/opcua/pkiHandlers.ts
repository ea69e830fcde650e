import type { CommandHandlers } from '../../../shared/contract'
import { ContractFailure } from '../contractDispatch'
import type { Logger } from '../logger'
import { listCertificates, PkiError, rejectCertificate, trustCertificate } from './pkiStore'

/**
 * The client PKI in the HMI: everyone sees the certificates (a refused server's subject,
 * thumbprint, validity and issuer); an engineer trusts or rejects one. The connection re-reads
 * the trust list before each retry, so a decision counts without a restart.
 */
export function createPkiHandlers(pkiDir: string, logger: Logger): Pick<CommandHandlers, 'pki:list' | 'pki:trust' | 'pki:reject'> {
  const decide = (verb: 'trusted' | 'rejected', change: () => ReturnType<typeof trustCertificate>, who: string, note?: (text: string) => void) => {
    try {
      const cert = change()
      note?.(`${verb} ${cert.subject} (valid to ${new Date(cert.validTo).toISOString()})`)
      logger.info(`${who} ${verb} the certificate ${cert.thumbprint} (${cert.subject})`)
      return cert
    } catch (error) {
      if (error instanceof PkiError) throw new ContractFailure('not-found', error.message)
      throw error
    }
  }
  return {
    'pki:list': async () => listCertificates(pkiDir),
    'pki:trust': async ({ thumbprint }, ctx) => decide('trusted', () => trustCertificate(pkiDir, thumbprint), ctx.user?.name ?? 'nobody', ctx.note),
    'pki:reject': async ({ thumbprint }, ctx) => decide('rejected', () => rejectCertificate(pkiDir, thumbprint), ctx.user?.name ?? 'nobody', ctx.note)
  }
}
