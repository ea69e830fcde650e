import { createHash } from 'node:crypto'
import type { LearnedSummary } from '../../../shared/anomaly'
import type { HandoverContent, HandoverNote, Shift, StandingInstruction } from '../../../shared/handover'
import { energySection } from './energy'
import { auditSections, kpiSection, maintenanceSection, workOrderSection } from './logSections'
import { liveAlarms, outOfServiceSections, standingSection, statusSection, trendSection, watchSection } from './plantSections'
import type { ReportSources } from './reportSources'
import type { Shifts } from './shiftCalendar'

/** Shifts of the same kind the energy table compares with. */
export const ENERGY_COMPARE_SHIFTS = 3

export interface BuildOptions {
  shifts: Shifts
  shift: Shift
  sources: ReportSources
  /** The time the report is made (epoch ms). */
  now: number
  notes: readonly HandoverNote[]
  instructions: readonly StandingInstruction[]
  /** The engine's `detection:learned` answer, fetched by the caller (it comes from a worker thread). */
  learned?: readonly LearnedSummary[] | undefined
}

/** A shift that has not started yet: it has no report. */
export class FutureShiftError extends Error {}

/**
 * Generates a shift's handover content from the sources, as of the shift's end or now,
 * whichever is earlier (a draft during the shift builds up live).
 * @throws FutureShiftError when the shift starts after `now`.
 */
export function buildReport({ shifts, shift, sources, now, notes, instructions, learned }: BuildOptions): HandoverContent {
  if (shift.start > now) {
    throw new FutureShiftError(`the ${shift.name} shift of ${shift.startLocal} has not started yet (it is ${new Date(now).toISOString()}): there is nothing to report`)
  }
  const asOf = Math.min(shift.end, now)
  // A draft's logs include what was written at this very ms (a note just added).
  const logEnd = asOf < shift.end ? asOf + 1 : shift.end
  const next = shifts.next(shift)
  const live = liveAlarms(sources, asOf, now)
  const energy = energySection(sources.historian(), sources.tags(), sources.equipment(), shift, asOf, shifts.previousOfKind(shift, ENERGY_COMPARE_SHIFTS))
  const { shelved, suppressed } = outOfServiceSections(live, shift)
  const { writes, config } = auditSections(sources, shift, logEnd)
  return {
    format: 1,
    generatedAt: now,
    asOf,
    shift,
    nextShift: next,
    tables: {
      status: statusSection(sources, live, learned, asOf, now),
      standing: standingSection(live, shift),
      shelved,
      suppressed,
      kpis: kpiSection(sources, shift, asOf, live.alarms),
      watch: watchSection(live, next, now),
      workOrders: workOrderSection(sources, shift, next, asOf),
      maintenance: maintenanceSection(sources, shift, logEnd),
      writes,
      config,
      energy: energy.table
    },
    siteEnergy: energy.site,
    trends: trendSection(sources, live, shift, asOf),
    notes: [...notes],
    instructions: instructions.filter((i) => i.at < logEnd && (i.clearedAt === null || i.clearedAt >= shift.start))
  }
}

/** The content as stored and hashed: one JSON text, so the hash can be checked against the stored bytes. */
export const contentText = (content: HandoverContent): string => JSON.stringify(content)

/** SHA-256 (hex) of the stored content text: the hash the audit trail records at sign-off. */
export const contentHash = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex')
