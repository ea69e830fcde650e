import { join } from 'node:path'
import type { Role } from '../../src/shared/access'
import type { CommandHandlers, CommandName, Input, Output, Result } from '../../src/shared/contract'
import type { Alarm } from '../../src/shared/domain'
import { ShiftCalendarSchema, type ShiftCalendar } from '../../src/shared/handover'
import { createAuditHandlers } from '../../src/main/core/audit/auditHandlers'
import { createAuditTrail, type AuditTrail } from '../../src/main/core/audit/auditTrail'
import { createDispatcher } from '../../src/main/core/contractDispatch'
import { createEventHub } from '../../src/main/core/eventHub'
import { openHistorian } from '../../src/main/core/historian/historian'
import type { Historian } from '../../src/main/core/historian/types'
import { silentLogger } from '../../src/main/core/logger'
import { createMaintenanceHandlers } from '../../src/main/core/maintenance/maintenanceHandlers'
import { createMaintenanceLog, type MaintenanceLog } from '../../src/main/core/maintenance/maintenanceLog'
import { createHandoverFeature, maintenanceIn } from '../../src/main/core/reports/handoverFeature'
import type { Handover } from '../../src/main/core/reports/handover'
import type { ReportSources } from '../../src/main/core/reports/reportSources'
import { openPlantDatabase, type PlantDatabase } from '../../src/main/core/storage/plantDatabase'
import { loadTagMap } from '../../src/main/core/tagmap/loadTagMap'
import { createSessions } from '../../src/main/core/users/sessions'
import { createUserAdmin } from '../../src/main/core/users/userAdmin'
import { createUserHandlers } from '../../src/main/core/users/userHandlers'
import { createUserStore } from '../../src/main/core/users/userStore'
import { appPaths } from '../../src/main/hosting/appPaths'
import { prefillHistorian } from '../../src/main/hosting/prefillHistorian'
import { TEST_PASSWORD } from './session'
import { tempDir } from './tempDir'

/** Berlin, three 8-hour shifts, four crews. */
export const RIG_CALENDAR: ShiftCalendar = ShiftCalendarSchema.parse({
  site: 'Demo mine',
  timeZone: 'Europe/Berlin',
  shifts: [
    { name: 'Morning', start: '06:00' },
    { name: 'Afternoon', start: '14:00' },
    { name: 'Night', start: '22:00' }
  ],
  crews: [{ name: 'A', supervisor: 'sue' }, { name: 'B', supervisor: 'sam' }, { name: 'C' }, { name: 'D' }],
  rotation: ['A', 'B', 'C', 'D']
})

export type RigCall = <K extends CommandName>(channel: K, input?: Input<K>) => Promise<Result<Output<K>>>

/**
 * The handover feature on real storage without a plant: a data dir whose historian holds
 * `days` of the demo plant's physics ending at `historyEnd`, the plant database with users,
 * audit trail and maintenance log, the contract dispatcher (roles, audit), and a clock the
 * test moves. The alarm list is plain data the test sets, as the alarm book would hold it.
 */
export interface HandoverRig {
  dataDir: string
  db: PlantDatabase
  audit: AuditTrail
  log: MaintenanceLog
  historian: Historian
  handover: Handover
  alarms: Alarm[]
  setNow(t: number): void
  /** A signed-in caller: olga (operator), sue and sam (supervisors), vic (viewer). */
  as(user: 'olga' | 'sue' | 'sam' | 'vic'): Promise<RigCall>
  close(): void
}

export const RIG_USERS: Record<'olga' | 'sue' | 'sam' | 'vic', Role> = { olga: 'operator', sue: 'supervisor', sam: 'supervisor', vic: 'viewer' }

export async function handoverRig(options: { days: number; historyEnd: number; now: number; intervalS?: number; calendar?: ShiftCalendar }): Promise<HandoverRig> {
  const dataDir = tempDir('handover')
  if (options.days > 0) prefillHistorian({ dataDir, days: options.days, now: options.historyEnd, intervalS: options.intervalS ?? 30, seed: 7 })
  let now = options.now
  const clock = (): number => now
  const db = openPlantDatabase(join(dataDir, 'plantwatch.db'))
  const audit = createAuditTrail(db, clock)
  const users = createUserStore(db, clock)
  const log = createMaintenanceLog(db, clock)
  const historian = openHistorian({ file: join(dataDir, 'historian.db'), flushIntervalMs: 0, clock })
  const map = await loadTagMap(appPaths().defaultTagMap)
  const tags = map.tags.map((t, index) => ({ ...t, index }))
  const equipment = [...new Set(tags.map((t) => t.equipment))].map((name) => ({ name, ...(map.equipment?.[name] ?? {}) }))
  const alarms: Alarm[] = []
  const sources: ReportSources = {
    equipment: () => equipment,
    tags: () => tags,
    historian: () => historian,
    maintenance: maintenanceIn((limit) => log.list(limit)),
    audit: (from, to) => audit.range(from, to - 1),
    alarms: () => alarms,
    learned: async () => []
  }
  const feature = createHandoverFeature({ db, audit, clock, logger: silentLogger, dataDir, calendar: options.calendar ?? RIG_CALENDAR, sources })
  const sessions = createSessions({ clock, idleLockMs: 0 })
  const hub = createEventHub(() => undefined)
  const handlers = {
    ...createUserHandlers({ users, sessions, clock, logger: silentLogger }),
    ...createAuditHandlers(audit),
    ...createMaintenanceHandlers(log, hub, () => new Set(equipment.map((e) => e.name))),
    ...feature.handlers
  } as CommandHandlers
  const dispatch = createDispatcher({ handlers, sessions, db, audit, logger: silentLogger })
  const admin = createUserAdmin({ db, users, audit, origin: 'test setup', actor: null })
  for (const [name, role] of Object.entries(RIG_USERS)) await admin.add(name, role, TEST_PASSWORD)
  return {
    dataDir,
    db,
    audit,
    log,
    historian,
    handover: feature.handover,
    alarms,
    setNow: (t) => void (now = t),
    async as(user) {
      const session = sessions.open({ console: false, peer: user })
      const call: RigCall = (channel, input) => dispatch(session.id, channel, input, { origin: `test ${user}` }) as never
      const signIn = await call('session:signIn', { username: user, password: TEST_PASSWORD })
      if (!signIn.ok) throw new Error(`sign-in of ${user}: ${signIn.error.message}`)
      return call
    },
    close() {
      historian.close()
      db.close()
    }
  }
}
