import { roleAtLeast } from '../../shared/access'
import {
  commands,
  fail,
  isCommandName,
  parseCommandInput,
  type CommandContext,
  type CommandHandlers,
  type CommandName,
  type ErrorCode,
  type Result
} from '../../shared/contract'
import { summarizeInput, type AuditTrail } from './audit/auditTrail'
import type { Logger } from './logger'
import type { PlantDatabase } from './storage/plantDatabase'
import type { Session, Sessions } from './users/sessions'

/** Thrown by a handler to answer with a specific contract error instead of `internal`. */
export class ContractFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** What the audit record adds to the input summary (e.g. why a sign-in failed), never shown to the caller. */
    readonly auditNote?: string
  ) {
    super(message)
  }
}

/** Where a call came from, given by the host. */
export interface CallOrigin {
  /** `ipc`, `ws <peer>` or `cli`: written to the log and the audit trail. */
  origin: string
  /** Aborted when the caller goes away. */
  signal?: AbortSignal
}

/**
 * The one entry point for untrusted command traffic, shared by every host:
 * `(sessionId, channel, input, origin) → Result`. Never throws.
 */
export type Dispatch = (sessionId: string, channel: unknown, input: unknown, call: CallOrigin) => Promise<Result<unknown>>

export interface DispatcherOptions {
  handlers: CommandHandlers
  sessions: Sessions
  db: PlantDatabase
  audit: AuditTrail
  logger: Logger
}

/**
 * The single choke point (IEC 62443-3-3 SR 2.1): the channel must be in the contract, the
 * input must parse, the session must hold the access the contract declares for the command;
 * then the handler runs with the caller's context, and the call is written to the audit
 * trail: every change (in the change's own transaction, see `CommandContext.transact`),
 * every refusal for access, every failure of an audited command.
 */
export function createDispatcher({ handlers, sessions, db, audit, logger }: DispatcherOptions): Dispatch {
  return async (sessionId, channel, input, { origin, signal = new AbortController().signal }) => {
    if (!isCommandName(channel)) {
      logger.warn(`${origin}: rejected unknown channel ${JSON.stringify(String(channel)).slice(0, 80)}`)
      return fail('unknown-channel', `unknown channel: ${String(channel).slice(0, 80)}`)
    }
    const parsed = parseCommandInput(channel, input)
    if (!parsed.ok) {
      logger.warn(`${origin}: rejected ${parsed.error.message}`)
      return parsed
    }
    const session = sessions.find(sessionId)
    const acting = session?.user ?? null
    const notes: string[] = []
    const summarize = (note?: string): string => [summarizeInput(parsed.data), ...notes, ...(note ? [note] : [])].join(' — ')
    const record = (result: string, note?: string): void => {
      const who = channel === 'session:signIn' && result === 'ok' ? (session?.user?.name ?? null) : (acting?.name ?? null)
      audit.append({ user: who, origin, command: channel, summary: summarize(note), result })
    }

    const refusal = access(channel, session)
    if (refusal) {
      logger.warn(`${origin}: refused ${channel}: ${refusal.message}`)
      return guarded(() => record(refusal.code), fail(refusal.code, refusal.message))
    }

    let recorded = false
    const spec = commands[channel]
    const ctx: CommandContext = {
      user: acting,
      origin,
      sessionId,
      signal,
      note: (text) => void notes.push(text),
      transact: (change) =>
        db
          .transaction(() => {
            const result = change()
            if (spec.audited && !recorded) {
              recorded = true
              audit.appendInTransaction({ user: acting?.name ?? null, origin, command: channel, summary: summarize(), result: 'ok' })
            }
            return result
          })
          .immediate()
    }
    try {
      const handler = handlers[channel] as (input: unknown, ctx: CommandContext) => Promise<unknown>
      const data = await handler(parsed.data, ctx)
      if (spec.audited && !recorded) record('ok')
      return { ok: true, data }
    } catch (error) {
      if (error instanceof ContractFailure) {
        return guarded(() => spec.audited && record(error.code, error.auditNote), fail(error.code, error.message))
      }
      logger.error(`${origin}: ${channel} failed: ${(error as Error).stack ?? String(error)}`)
      return guarded(() => spec.audited && record('internal'), fail('internal', `${channel} failed: ${(error as Error).message}`))
    }
  }

  /** Writes an audit record for an answer that is already decided; a trail that cannot be written is logged, and the answer stands. */
  function guarded(write: () => unknown, answer: Result<unknown>): Result<unknown> {
    try {
      write()
    } catch (error) {
      logger.error(`audit trail not written: ${(error as Error).message}`)
    }
    return answer
  }
}

/** Why `session` may not call `channel`, or undefined when it may. */
function access(channel: CommandName, session: Session | undefined): { code: ErrorCode; message: string } | undefined {
  const least = commands[channel].access
  if (least === 'public') return undefined
  if (!session) return { code: 'unauthenticated', message: `${channel}: no session; reload the page and sign in` }
  if (least === 'viewer' && session.canView) return undefined
  if (!session.user) {
    const why = session.expired ? 'your session expired; sign in again' : 'sign in first'
    return { code: 'unauthenticated', message: `${channel}: ${why}` }
  }
  if (roleAtLeast(session.user.role, least)) return undefined
  return { code: 'forbidden', message: `${channel} needs the ${least} role; ${session.user.name} has the ${session.user.role} role` }
}
