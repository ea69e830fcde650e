import { z } from 'zod'
import type { Access } from './access'
import {
  ExportFormatSchema,
  HANDOVER_TEXT_MAX,
  HandoverNoteSchema,
  HandoverReportSchema,
  HandoverVersionSchema,
  NoteSectionSchema,
  PAPER_SIZES,
  ShiftSchema,
  StandingInstructionSchema
} from './handover'

/** Same shape as the contract's `command(...)`; spread into `commands` by contract.ts. */
const command = <I extends z.ZodType, O extends z.ZodType>(access: Access, input: I, output: O, audited = false) =>
  ({ access, input, output, audited }) as const

/** A shift is named by its start (epoch ms), which must be a boundary of the shift calendar. */
const ShiftStart = z.number().int().nonnegative()
const Text = (what: string) => z.string().trim().min(1, `${what} needs text`).max(HANDOVER_TEXT_MAX)

/** One row of the report index (a signed version), without its content. */
export const ReportIndexEntrySchema = HandoverVersionSchema.extend({ shiftName: z.string(), startLocal: z.string(), endLocal: z.string() })

/** The shift handover commands (issue 13); see docs/handover.md. */
export const handoverCommands = {
  /** The shift now, the one before (whose handover is due) and the next, from the shift calendar. */
  'shifts:current': command('viewer', z.undefined().or(z.strictObject({})), z.object({ current: ShiftSchema, previous: ShiftSchema, next: ShiftSchema })),
  /** A shift's report: its live draft, or its latest signed version with the version chain. */
  'report:get': command('viewer', z.strictObject({ shiftStart: ShiftStart }), HandoverReportSchema),
  /** Signed reports, newest shift first: the index of what is stored. */
  'report:list': command('viewer', z.strictObject({ limit: z.number().int().min(1).max(500).optional() }).optional(), z.array(ReportIndexEntrySchema)),
  /** A note under a section of a shift's report (after sign-off it goes into the next correction). */
  'report:addNote': command('operator', z.strictObject({ shiftStart: ShiftStart, section: NoteSectionSchema, text: Text('a note') }), HandoverNoteSchema, true),
  /** The outgoing supervisor signs: the content is locked as version 1, its SHA-256 written to the audit trail. */
  'report:signOff': command('supervisor', z.strictObject({ shiftStart: ShiftStart }), HandoverVersionSchema, true),
  /** The incoming supervisor acknowledges the latest version, with a comment. */
  'report:acknowledge': command('supervisor', z.strictObject({ shiftStart: ShiftStart, comment: Text('an acknowledgement') }), HandoverVersionSchema, true),
  /** A correction after sign-off: a new signed version linking the old one, with the notes written since. */
  'report:correct': command('supervisor', z.strictObject({ shiftStart: ShiftStart, reason: Text('a correction') }), HandoverVersionSchema, true),
  /** A report as a file: PDF (A4 or Letter), CSV or JSON, base64; the latest version unless one is named. */
  'report:export': command(
    'viewer',
    z.strictObject({ shiftStart: ShiftStart, format: ExportFormatSchema, version: z.number().int().positive().optional(), paper: z.enum(PAPER_SIZES).optional() }),
    z.object({ fileName: z.string(), mimeType: z.string(), base64: z.string() })
  ),
  /** Standing instructions in force (cleared ones too with `all`). */
  'report:instructions': command('viewer', z.strictObject({ all: z.boolean().optional() }).optional(), z.array(StandingInstructionSchema)),
  /** A standing instruction: carried into every report until someone clears it. */
  'report:addInstruction': command('operator', z.strictObject({ text: Text('an instruction') }), StandingInstructionSchema, true),
  'report:clearInstruction': command('operator', z.strictObject({ id: z.number().int().positive() }), StandingInstructionSchema, true)
} as const
