import { z } from 'zod'

/**
 * Shift handover (issue 13): the shift calendar kept in the settings, one shift as the
 * report and the header show it, and the report's content. Times are epoch ms; local
 * times are in the calendar's IANA time zone.
 */

/** `HH:MM` on a 24-hour clock. */
const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/

/** A crew and, optionally, the supervisor who normally leads it (a user name). */
export const CrewSchema = z.strictObject({
  name: z.string().trim().min(1).max(40),
  supervisor: z.string().min(1).max(64).optional()
})

/**
 * The shift calendar of `settings.json` (`shifts`). `starts` are the local start times of
 * the day's shifts, in order (06:00/14:00/22:00, or 06:00/18:00); each shift ends where
 * the next begins. `rotation` names the crew of each shift in turn, counted from the first
 * shift of the local date `anchor`, and repeats (e.g. A,B,C,D… for a four-crew pattern).
 */
export const ShiftCalendarSchema = z
  .strictObject({
    site: z.string().trim().min(1).max(80).default('Plant'),
    /** IANA zone, e.g. Europe/Berlin or Australia/Sydney; checked by the core (zod knows no zone list). */
    timeZone: z.string().min(1).max(64).default('UTC'),
    shifts: z
      .array(z.strictObject({ name: z.string().trim().min(1).max(40), start: z.string().regex(LOCAL_TIME, 'a shift start is HH:MM, e.g. 06:00') }))
      .min(1)
      .max(6),
    crews: z.array(CrewSchema).max(12).default([]),
    rotation: z.array(z.string().min(1)).max(366).default([]),
    /** Local date (YYYY-MM-DD) whose first shift is worked by `rotation[0]`. */
    anchor: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'the anchor is a date YYYY-MM-DD').default('2026-01-05')
  })
  .superRefine((cal, ctx) => {
    const minutes = cal.shifts.map((s) => Number(s.start.slice(0, 2)) * 60 + Number(s.start.slice(3)))
    for (let i = 1; i < minutes.length; i++) {
      if (!(minutes[i]! > minutes[i - 1]!)) ctx.addIssue({ code: 'custom', path: ['shifts', i, 'start'], message: 'shift starts must increase through the day' })
    }
    const names = new Set(cal.crews.map((c) => c.name))
    cal.rotation.forEach((crew, i) => {
      if (cal.crews.length > 0 && !names.has(crew)) ctx.addIssue({ code: 'custom', path: ['rotation', i], message: `no crew named "${crew}" in crews` })
    })
  })
export type ShiftCalendar = z.infer<typeof ShiftCalendarSchema>

/** The calendar a fresh install gets: three 8-hour shifts, no crews. */
export const DEFAULT_SHIFT_CALENDAR: z.input<typeof ShiftCalendarSchema> = {
  shifts: [
    { name: 'Morning', start: '06:00' },
    { name: 'Afternoon', start: '14:00' },
    { name: 'Night', start: '22:00' }
  ]
}

/**
 * One shift: `[start, end)`. `hours` is the real length; it differs from `nominalHours`
 * (wall-clock length) when a DST change falls inside, and `label` then says so ("7 h, clocks
 * forward"). `startLocal`/`endLocal` are `YYYY-MM-DD HH:MM` in the calendar's zone, with the offset.
 */
export const ShiftSchema = z.object({
  name: z.string(),
  start: z.number(),
  end: z.number(),
  startLocal: z.string(),
  endLocal: z.string(),
  hours: z.number(),
  nominalHours: z.number(),
  label: z.string(),
  crew: z.string().nullable(),
  supervisor: z.string().nullable(),
  timeZone: z.string(),
  site: z.string()
})
export type Shift = z.infer<typeof ShiftSchema>

/** Sections a note can be written under (the report's headings). */
export const NOTE_SECTIONS = ['general', 'status', 'alarms', 'watch', 'work', 'maintenance', 'changes', 'energy', 'safety'] as const
export const NoteSectionSchema = z.enum(NOTE_SECTIONS)
export type NoteSection = z.infer<typeof NoteSectionSchema>
export const HANDOVER_TEXT_MAX = 2000

export const HandoverNoteSchema = z.object({ id: z.number().int(), section: NoteSectionSchema, text: z.string(), author: z.string(), at: z.number() })
export const StandingInstructionSchema = z.object({
  id: z.number().int(),
  text: z.string(),
  author: z.string(),
  at: z.number(),
  clearedBy: z.string().nullable(),
  clearedAt: z.number().nullable()
})
export type HandoverNote = z.infer<typeof HandoverNoteSchema>
export type StandingInstruction = z.infer<typeof StandingInstructionSchema>

/**
 * A table of the report. `available: false` means the source could not say (not connected
 * yet, historian gap, nothing recorded): `note` says why, and the rows are not to be read
 * as "nothing happened". `note` may also carry a caveat on available data.
 */
export const sectionOf = <T extends z.ZodType>(row: T) =>
  z.object({ available: z.boolean(), note: z.string().optional(), rows: z.array(row) })

const cell = z.union([z.string(), z.number(), z.null()])
/** A generic table: column titles and rows of cells (text, number, or null for "no value"). */
export const TableSchema = z.object({ columns: z.array(z.string()), rows: z.array(z.array(cell)) })

export const TrendSnapshotSchema = z.object({
  equipment: z.string(),
  why: z.string(),
  pens: z.array(z.object({ tag: z.string(), unit: z.string(), t: z.array(z.number()), min: z.array(z.number().nullable()), max: z.array(z.number().nullable()) })),
  gaps: z.array(z.object({ start: z.number(), end: z.number().nullable(), reason: z.string() }))
})
export type TrendSnapshot = z.infer<typeof TrendSnapshotSchema>

/** The tables of a report, in reading order; every one is a {@link TableSchema} with availability. */
export const REPORT_TABLES = ['status', 'standing', 'shelved', 'suppressed', 'kpis', 'watch', 'workOrders', 'maintenance', 'writes', 'config', 'energy'] as const
export type ReportTableName = (typeof REPORT_TABLES)[number]
const TableSection = sectionOf(z.array(cell)).extend({ columns: z.array(z.string()) })
export type TableSection = z.infer<typeof TableSection>

/**
 * What a handover report holds: generated from the plant's data for `shift`, as of
 * `asOf` (the shift's end, or the time of sign-off/preview when earlier). Signed versions
 * keep this JSON byte for byte; its SHA-256 is the content hash in the audit trail.
 */
export const HandoverContentSchema = z.object({
  format: z.literal(1),
  generatedAt: z.number(),
  asOf: z.number(),
  shift: ShiftSchema,
  nextShift: ShiftSchema,
  tables: z.object(Object.fromEntries(REPORT_TABLES.map((n) => [n, TableSection])) as Record<ReportTableName, typeof TableSection>),
  /** Site totals of the energy table: kWh this shift and the previous three of its kind, peak kW. */
  siteEnergy: z.object({ kWh: z.number().nullable(), peakKw: z.number().nullable(), previousKWh: z.array(z.number().nullable()), note: z.string().optional() }),
  trends: sectionOf(TrendSnapshotSchema),
  notes: z.array(HandoverNoteSchema),
  instructions: z.array(StandingInstructionSchema)
})
export type HandoverContent = z.infer<typeof HandoverContentSchema>

/** One signed version of a shift's report (immutable once written). */
export const HandoverVersionSchema = z.object({
  id: z.number().int(),
  shiftStart: z.number(),
  version: z.number().int().positive(),
  contentHash: z.string(),
  signedBy: z.string(),
  signedAt: z.number(),
  /** The version this one corrects, and why. */
  supersedes: z.number().int().nullable(),
  reason: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  acknowledgedAt: z.number().nullable(),
  ackComment: z.string().nullable()
})
export type HandoverVersion = z.infer<typeof HandoverVersionSchema>

/** A shift's report: the live draft (content generated now) or its latest signed version. */
export const HandoverReportSchema = z.object({
  state: z.enum(['draft', 'signed', 'acknowledged']),
  content: HandoverContentSchema,
  contentHash: z.string(),
  /** Every signed version, oldest first. */
  versions: z.array(HandoverVersionSchema),
  /** Notes written after the latest sign-off: they go into a correction. */
  pendingNotes: z.array(HandoverNoteSchema)
})
export type HandoverReport = z.infer<typeof HandoverReportSchema>

export const EXPORT_FORMATS = ['pdf', 'csv', 'json'] as const
export const ExportFormatSchema = z.enum(EXPORT_FORMATS)
export type ExportFormat = z.infer<typeof ExportFormatSchema>
export const PAPER_SIZES = ['A4', 'LETTER'] as const
