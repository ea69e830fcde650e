import { join } from 'node:path'
import type { CommandHandlers } from '../../../shared/contract'
import { DEFAULT_SHIFT_CALENDAR, ShiftCalendarSchema, type ShiftCalendar } from '../../../shared/handover'
import type { AuditTrail } from '../audit/auditTrail'
import type { Logger } from '../logger'
import type { PlantDatabase } from '../storage/plantDatabase'
import { createHandover, type Handover } from './handover'
import { createHandoverHandlers } from './handoverHandlers'
import type { ReportSources } from './reportSources'
import { createShifts } from './shiftCalendar'

/** Most maintenance entries a report looks through (newest first) for those of its shift. */
export const MAINTENANCE_SCAN_MAX = 5_000

/**
 * The calendar of the settings, or the default (three 8-hour shifts) in this machine's time
 * zone: a fresh install reports in local time rather than UTC.
 */
export function shiftCalendarOrDefault(calendar: ShiftCalendar | undefined): ShiftCalendar {
  return calendar ?? ShiftCalendarSchema.parse({ ...DEFAULT_SHIFT_CALENDAR, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' })
}

/** Maintenance entries written or completed in [from, to), from a newest-first list. */
export const maintenanceIn =
  (list: (limit: number) => readonly { createdAt: number; completedAt: number | null }[]) =>
  <T extends { createdAt: number; completedAt: number | null }>(from: number, to: number): T[] =>
    (list(MAINTENANCE_SCAN_MAX) as T[]).filter((e) => (e.createdAt >= from && e.createdAt < to) || (e.completedAt !== null && e.completedAt >= from && e.completedAt < to))

/**
 * Shift handover as createCore assembles it: the calendar, the workflow over the plant
 * database, and the contract's `shifts:` and `report:` handlers; signed reports are also
 * kept as files in `<dataDir>/reports`.
 * @throws ShiftError when the calendar's time zone is unknown.
 */
export function createHandoverFeature(options: {
  db: PlantDatabase
  audit: AuditTrail
  clock: () => number
  logger: Logger
  dataDir: string
  calendar: ShiftCalendar | undefined
  sources: ReportSources
}): { handover: Handover; handlers: ReturnType<typeof createHandoverHandlers> & Partial<CommandHandlers> } {
  const shifts = createShifts(shiftCalendarOrDefault(options.calendar))
  const handover = createHandover({ db: options.db, audit: options.audit, shifts, sources: options.sources, clock: options.clock })
  return { handover, handlers: createHandoverHandlers({ handover, clock: options.clock, logger: options.logger, reportsDir: join(options.dataDir, 'reports') }) }
}
