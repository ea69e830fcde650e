import { fail, isCommandName, parseCommandInput, type CommandHandlers, type ErrorCode, type Result } from '../../shared/contract'
import type { Logger } from './logger'

/** Thrown by a handler to answer with a specific contract error instead of `internal`. */
export class ContractFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string
  ) {
    super(message)
  }
}

/**
 * The one entry point for untrusted command traffic, shared by every host: the
 * channel must be in the contract and the input must parse, or the call is
 * rejected with a typed error and logged before any handler runs.
 */
export async function dispatchCommand(
  handlers: CommandHandlers,
  channel: unknown,
  input: unknown,
  logger: Logger,
  origin: string
): Promise<Result<unknown>> {
  if (!isCommandName(channel)) {
    logger.warn(`${origin}: rejected unknown channel ${JSON.stringify(String(channel)).slice(0, 80)}`)
    return fail('unknown-channel', `unknown channel: ${String(channel).slice(0, 80)}`)
  }
  const parsed = parseCommandInput(channel, input)
  if (!parsed.ok) {
    logger.warn(`${origin}: rejected ${parsed.error.message}`)
    return parsed
  }
  try {
    const handler = handlers[channel] as (input: unknown) => Promise<unknown>
    return { ok: true, data: await handler(parsed.data) }
  } catch (error) {
    if (error instanceof ContractFailure) return fail(error.code, error.message)
    logger.error(`${origin}: ${channel} failed: ${(error as Error).stack ?? String(error)}`)
    return fail('internal', `${channel} failed: ${(error as Error).message}`)
  }
}
