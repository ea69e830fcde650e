import type { CommandHandlers } from '../../../shared/contract'
import type { AuditTrail } from './auditTrail'

/** Browsing the audit trail (supervisor and admin). */
export function createAuditHandlers(audit: AuditTrail): Pick<CommandHandlers, 'audit:query'> {
  return { 'audit:query': async (filter) => audit.query(filter) }
}
