import { UsageError } from './args'
import { mkdirSync } from 'node:fs'
import { userInfo } from 'node:os'
import { join } from 'node:path'
import { createAuditTrail, type AuditTrail } from '../core/audit/auditTrail'
import { openPlantDatabase, type PlantDatabase } from '../core/storage/plantDatabase'
import { createUserStore, type UserStore } from '../core/users/userStore'

/** The plant database of a data dir, for commands that work on it without a plant (users, audit). */
export interface PlantData {
  db: PlantDatabase
  users: UserStore
  audit: AuditTrail
  close(): void
}

export function openPlantData(dataDir: string): PlantData {
  mkdirSync(dataDir, { recursive: true })
  const db = openPlantDatabase(join(dataDir, 'plantwatch.db'))
  return { db, users: createUserStore(db, Date.now), audit: createAuditTrail(db, Date.now), close: () => db.close() }
}

/** How the audit trail names a command-line change: the OS account that had the data dir's files. */
export const cliOrigin = (): string => {
  try {
    return `cli (os user ${userInfo().username})`
  } catch {
    return 'cli'
  }
}

/**
 * An ISO 8601 date-time with an explicit offset (`2026-11-25T06:00:00+01:00`, `…Z`) as epoch
 * ms. A time without an offset would mean a different instant on every machine, so it is refused.
 */
export function isoInstant(flag: string, value: string | undefined): number {
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/
  const ms = value === undefined || !iso.test(value) ? Number.NaN : Date.parse(value)
  if (!Number.isFinite(ms)) {
    throw new UsageError(`--${flag} must be an ISO 8601 time with an offset, e.g. 2026-11-25T06:00:00+01:00 or 2026-11-25T05:00:00Z; got ${JSON.stringify(value ?? '')}`)
  }
  return ms
}
