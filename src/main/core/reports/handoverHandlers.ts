import { mkdir, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { CommandContext, CommandHandlers } from '../../../shared/contract'
import type { ExportFormat, HandoverContent, HandoverVersion, PAPER_SIZES } from '../../../shared/handover'
import { ContractFailure } from '../contractDispatch'
import type { Logger } from '../logger'
import type { Handover } from './handover'
import { contentHash, contentText } from './buildReport'
import { exportReport, reportFileName, type ExportedReport } from './handoverExport'
import type { PdfMeta } from './handoverPdf'

type HandoverCommand =
  | 'shifts:current'
  | 'report:get'
  | 'report:list'
  | 'report:addNote'
  | 'report:signOff'
  | 'report:acknowledge'
  | 'report:correct'
  | 'report:export'
  | 'report:instructions'
  | 'report:addInstruction'
  | 'report:clearInstruction'

export interface HandoverHandlerOptions {
  handover: Handover
  clock: () => number
  logger: Logger
  /** Where signed reports are kept as files (PDF and JSON) with an `index.json`; none: only in the database. */
  reportsDir?: string
  /** Paper of the stored PDFs. */
  paper?: (typeof PAPER_SIZES)[number]
}

/**
 * A shift's report as a file: the named version, else the latest signed one, else the draft
 * generated now (its hash is of that draft's content).
 */
export async function exportShift(handover: Handover, shiftStart: number, format: ExportFormat, version: number | undefined, paper: PdfMeta['paper']): Promise<ExportedReport> {
  const { content, version: v } = await handover.content(shiftStart, version)
  const versions = handover.store.versions(shiftStart).map(({ content: _c, lastNoteId: _n, ...x }) => x)
  const meta: PdfMeta = {
    state: v ? (v.acknowledgedBy ? 'acknowledged' : 'signed') : 'draft',
    contentHash: v?.contentHash ?? contentHash(contentText(content)),
    ...(v ? { version: versions.find((x) => x.id === v.id)! } : {}),
    versions,
    paper
  }
  return exportReport(content, meta, format)
}

const userOf = (ctx: CommandContext, channel: string): string => {
  if (!ctx.user) throw new ContractFailure('unauthenticated', `${channel}: sign in first`)
  return ctx.user.name
}

/** The handover commands of the contract, over {@link Handover}. Signed versions are also written as files. */
export function createHandoverHandlers({ handover, clock, logger, reportsDir, paper = 'A4' }: HandoverHandlerOptions): Pick<CommandHandlers, HandoverCommand> {
  const { shifts, store } = handover

  const file = (shiftStart: number, format: ExportFormat, version: number | undefined, size: PdfMeta['paper']) => exportShift(handover, shiftStart, format, version, size)

  /** Keeps the signed version's PDF and JSON in the data folder and rewrites the index; a failure is logged, the database stays the record. */
  async function keep(v: HandoverVersion): Promise<void> {
    if (!reportsDir) return
    try {
      await mkdir(reportsDir, { recursive: true })
      for (const format of ['pdf', 'json'] as const) {
        const out = await file(v.shiftStart, format, v.version, paper)
        const temp = join(reportsDir, `.${out.fileName}.tmp`)
        await writeFile(temp, out.bytes)
        await rename(temp, join(reportsDir, out.fileName))
      }
      const index = store.index(500).map(({ content, lastNoteId: _n, ...x }) => {
        const c = JSON.parse(content) as HandoverContent
        return { ...x, shift: c.shift.name, startLocal: c.shift.startLocal, endLocal: c.shift.endLocal, file: reportFileName(c, { version: x }, 'pdf') }
      })
      await writeFile(join(reportsDir, 'index.json'), `${JSON.stringify(index, null, 2)}\n`)
    } catch (error) {
      logger.error(`handover report files not written to ${reportsDir}: ${(error as Error).message}; report:export still serves them from the database`)
    }
  }

  return {
    'shifts:current': async () => {
      const current = shifts.at(clock())
      return { current, previous: shifts.previous(current), next: shifts.next(current) }
    },
    'report:get': async ({ shiftStart }) => await handover.report(shiftStart),
    'report:list': async (input) =>
      store.index(input?.limit ?? 100).map(({ content, lastNoteId: _n, ...v }) => {
        const { shift } = JSON.parse(content) as HandoverContent
        return { ...v, shiftName: shift.name, startLocal: shift.startLocal, endLocal: shift.endLocal }
      }),
    'report:addNote': async ({ shiftStart, section, text }, ctx) => handover.addNote(shiftStart, section, text, userOf(ctx, 'report:addNote'), ctx.transact),
    'report:signOff': async ({ shiftStart }, ctx) => {
      const v = await handover.signOff(shiftStart, userOf(ctx, 'report:signOff'), ctx.transact)
      await keep(v)
      return v
    },
    'report:acknowledge': async ({ shiftStart, comment }, ctx) => {
      const v = handover.acknowledge(shiftStart, userOf(ctx, 'report:acknowledge'), comment, ctx.transact)
      await keep(v)
      return v
    },
    'report:correct': async ({ shiftStart, reason }, ctx) => {
      const v = handover.correct(shiftStart, userOf(ctx, 'report:correct'), reason, ctx.transact)
      await keep(v)
      return v
    },
    'report:export': async ({ shiftStart, format, version, paper: size }) => {
      const out = await file(shiftStart, format, version, size ?? paper)
      return { fileName: out.fileName, mimeType: out.mimeType, base64: out.bytes.toString('base64') }
    },
    'report:instructions': async (input) => store.instructions(input?.all ?? false),
    'report:addInstruction': async ({ text }, ctx) => {
      const author = userOf(ctx, 'report:addInstruction')
      return ctx.transact(() => store.addInstruction(text, author, clock()))
    },
    'report:clearInstruction': async ({ id }, ctx) => {
      const by = userOf(ctx, 'report:clearInstruction')
      return ctx.transact(
        () => store.clearInstruction(id, by, clock()) ?? (() => { throw new ContractFailure('not-found', `report:clearInstruction: no standing instruction ${id} in force`) })()
      )
    }
  }
}
