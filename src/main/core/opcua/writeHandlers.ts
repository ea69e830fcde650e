import type { CommandHandlers } from '../../../shared/contract'
import type { TagInfo } from '../../../shared/domain'
import { ContractFailure } from '../contractDispatch'
import type { Logger } from '../logger'
import type { PlantConnection } from './plantClient'
import { writeTagValue, WriteFailure } from './tagWriter'

/**
 * `tags:write`: an operator's write to a `writable` tag, through the live session of the tag's
 * connection. The audit record gets the old value, the new one and the result; a refusal
 * answers `invalid-input`, a server rejection `conflict`, no live session `unavailable`.
 */
export function createWriteHandlers(plant: {
  tags(): readonly TagInfo[]
  /** The connection that carries `tag` (one per core today; one per tag's connection later). */
  connectionOf(tag: TagInfo): PlantConnection | undefined
  logger: Logger
}): Pick<CommandHandlers, 'tags:write'> {
  return {
    async 'tags:write'({ tag: name, value }, ctx) {
      const tag = plant.tags().find((t) => t.name === name)
      if (!tag) throw new ContractFailure('not-found', `tags:write: no tag named "${name}" in the tag map`)
      const session = plant.connectionOf(tag)?.session()
      if (!session) throw new ContractFailure('unavailable', `${name}: no live session to the server; nothing was written`, 'no session')
      const who = ctx.user?.name ?? 'nobody'
      try {
        const outcome = await writeTagValue(session, tag, value)
        ctx.note?.(`${outcome.oldValue ?? 'no value'} → ${value}${tag.unit ? ` ${tag.unit}` : ''}: ${outcome.statusCode}`)
        plant.logger.info(`${who} wrote ${name}: ${outcome.oldValue ?? 'no value'} → ${value} ${tag.unit} (${outcome.statusCode})`)
        return { tag: name, oldValue: outcome.oldValue, newValue: value, unit: tag.unit, statusCode: outcome.statusCode }
      } catch (error) {
        if (!(error instanceof WriteFailure)) throw error
        plant.logger.warn(`${who}: write to ${name} not done: ${error.message}`)
        const from = error.oldValue === undefined ? '' : `${error.oldValue ?? 'no value'} `
        const note = error.kind === 'rejected' ? `${from}→ ${value}: rejected by the server: ${error.statusCode}` : `${from}→ ${value}: refused: ${error.message}`
        throw new ContractFailure(error.kind === 'rejected' ? 'conflict' : 'invalid-input', error.message, note)
      }
    }
  }
}
