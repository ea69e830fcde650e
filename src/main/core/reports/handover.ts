import type { HandoverContent, HandoverReport, HandoverVersion, NoteSection, Shift } from '../../../shared/handover'
import type { AuditTrail } from '../audit/auditTrail'
import { ContractFailure } from '../contractDispatch'
import type { PlantDatabase } from '../storage/plantDatabase'
import { buildReport, contentHash, contentText, FutureShiftError } from './buildReport'
import { createHandoverStore, type HandoverStore, type StoredVersion } from './handoverStore'
import type { ReportSources } from './reportSources'
import { ShiftError, type Shifts } from './shiftCalendar'

/**
 * The outgoing supervisor may sign this long before the shift's end (the handover meeting
 * starts before the bell); the report then covers the shift up to the signature.
 */
export const SIGN_OFF_EARLIEST_BEFORE_END_MS = 60 * 60_000

export interface HandoverOptions {
  db: PlantDatabase
  audit: AuditTrail
  shifts: Shifts
  sources: ReportSources
  clock: () => number
}

/** A change runs inside the caller's audited transaction (`ctx.transact`). */
type Transact = <T>(change: () => T) => T

/**
 * The handover workflow: a live draft per shift with operators' notes, the outgoing
 * supervisor's sign-off (an immutable version, its SHA-256 in the audit trail), the incoming
 * supervisor's acknowledgement, and corrections as new versions linked to the old one.
 * Every refusal is a {@link ContractFailure} thrown before or inside the transaction, so
 * nothing is half-written.
 */
export interface Handover {
  readonly shifts: Shifts
  readonly store: HandoverStore
  /** The shift starting at `start`. @throws ContractFailure `invalid-input` when it is no shift boundary or in the future. */
  shift(start: number): Shift
  report(start: number): Promise<HandoverReport>
  /** Content and state of one version (latest by default), or the draft when none is signed. */
  content(start: number, version?: number): Promise<{ content: HandoverContent; version?: StoredVersion }>
  addNote(start: number, section: NoteSection, text: string, author: string, transact: Transact): ReturnType<HandoverStore['addNote']>
  signOff(start: number, user: string, transact: Transact): Promise<HandoverVersion>
  acknowledge(start: number, user: string, comment: string, transact: Transact): HandoverVersion
  correct(start: number, user: string, reason: string, transact: Transact): HandoverVersion
}

export function createHandover({ db, audit, shifts, sources, clock }: HandoverOptions): Handover {
  const store = createHandoverStore(db)

  function shift(start: number): Shift {
    let found: Shift
    try {
      found = shifts.starting(start)
    } catch (error) {
      if (error instanceof ShiftError) throw new ContractFailure('invalid-input', error.message)
      throw error
    }
    if (found.start > clock()) throw new ContractFailure('invalid-input', `the ${found.name} shift of ${found.startLocal} is in the future: it has no report yet`)
    return found
  }

  async function draft(s: Shift): Promise<HandoverContent> {
    const learned = await sources.learned?.()
    try {
      return buildReport({ shifts, shift: s, sources, now: clock(), notes: store.notes(s.start), instructions: store.instructions(true), learned })
    } catch (error) {
      if (error instanceof FutureShiftError) throw new ContractFailure('invalid-input', error.message)
      throw error
    }
  }

  const latest = (start: number): StoredVersion | undefined => store.versions(start).at(-1)
  const publicVersion = ({ content: _c, lastNoteId: _n, ...v }: StoredVersion): HandoverVersion => v

  /** Locks `content` as the next version of the shift, with the hash in the audit trail; inside the caller's transaction. */
  function lock(s: Shift, content: HandoverContent, user: string, supersedes: StoredVersion | undefined, reason: string | null): StoredVersion {
    const text = contentText(content)
    const hash = contentHash(text)
    const lastNoteId = content.notes.reduce((m, n) => Math.max(m, n.id), supersedes?.lastNoteId ?? 0)
    const v = store.addVersion({ shiftStart: s.start, content: text, contentHash: hash, signedBy: user, signedAt: clock(), supersedes: supersedes?.id ?? null, reason, lastNoteId })
    audit.appendInTransaction({
      user,
      origin: 'handover',
      command: supersedes ? 'report:corrected' : 'report:signed',
      summary: `${s.site} ${s.name} shift ${s.startLocal} version ${v.version}${supersedes ? ` corrects version ${supersedes.version}` : ''} sha256=${hash}`,
      result: 'ok'
    })
    return v
  }

  return {
    shifts,
    store,
    shift,
    async report(start) {
      const s = shift(start)
      const versions = store.versions(start)
      const last = versions.at(-1)
      if (!last) {
        const content = await draft(s)
        return { state: 'draft', content, contentHash: contentHash(contentText(content)), versions: [], pendingNotes: [] }
      }
      return {
        state: last.acknowledgedBy ? 'acknowledged' : 'signed',
        content: JSON.parse(last.content) as HandoverContent,
        contentHash: last.contentHash,
        versions: versions.map(publicVersion),
        pendingNotes: store.notes(start, last.lastNoteId)
      }
    },
    async content(start, version) {
      const s = shift(start)
      const versions = store.versions(start)
      if (version !== undefined) {
        const v = versions.find((x) => x.version === version)
        if (!v) throw new ContractFailure('not-found', `the ${s.name} shift of ${s.startLocal} has no version ${version} (it has ${versions.length})`)
        return { content: JSON.parse(v.content) as HandoverContent, version: v }
      }
      const last = versions.at(-1)
      return last ? { content: JSON.parse(last.content) as HandoverContent, version: last } : { content: await draft(s) }
    },
    addNote(start, section, text, author, transact) {
      const s = shift(start)
      return transact(() => store.addNote(s.start, section, text, author, clock()))
    },
    async signOff(start, user, transact) {
      const s = shift(start)
      const now = clock()
      if (now < s.end - SIGN_OFF_EARLIEST_BEFORE_END_MS) {
        throw new ContractFailure('invalid-input', `the ${s.name} shift runs until ${s.endLocal}: sign-off opens ${SIGN_OFF_EARLIEST_BEFORE_END_MS / 60_000} min before its end`)
      }
      const content = await draft(s)
      return publicVersion(
        transact(() => {
          // Checked inside the write transaction: two supervisors signing at once get one version, one refusal.
          const signed = latest(s.start)
          if (signed) {
            throw new ContractFailure('conflict', `the ${s.name} shift of ${s.startLocal} was signed already by ${signed.signedBy} (version ${signed.version}); a change now is a correction`)
          }
          return lock(s, content, user, undefined, null)
        })
      )
    },
    acknowledge(start, user, comment, transact) {
      const s = shift(start)
      return publicVersion(
        transact(() => {
          const v = latest(s.start)
          if (!v) throw new ContractFailure('conflict', `the ${s.name} shift of ${s.startLocal} is not signed off yet: there is nothing to acknowledge`)
          if (v.acknowledgedBy) throw new ContractFailure('conflict', `version ${v.version} was acknowledged already by ${v.acknowledgedBy}`)
          if (v.signedBy === user) throw new ContractFailure('forbidden', `${user} signed this handover as the outgoing supervisor; the incoming supervisor acknowledges it`)
          store.acknowledge(v.id, user, clock(), comment)
          return store.version(v.id)!
        })
      )
    },
    correct(start, user, reason, transact) {
      const s = shift(start)
      return publicVersion(
        transact(() => {
          const v = latest(s.start)
          if (!v) throw new ContractFailure('conflict', `the ${s.name} shift of ${s.startLocal} is not signed off yet: edit the draft and sign it instead`)
          // The data stays as signed; a correction carries the notes written since, and says why.
          const before = JSON.parse(v.content) as HandoverContent
          const content: HandoverContent = { ...before, generatedAt: clock(), notes: [...before.notes, ...store.notes(s.start, v.lastNoteId)] }
          return lock(s, content, user, v, reason)
        })
      )
    }
  }
}
