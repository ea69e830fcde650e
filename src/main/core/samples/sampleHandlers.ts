import type { CommandHandlers, LatestValue } from '../../../shared/contract'
import { ContractFailure } from '../contractDispatch'
import type { ConnectionDiagnostics } from '../../../shared/commissioning'
import type { ConnectionInfo, ConnectionState, EquipmentInfo, TagHealth, TagInfo } from '../../../shared/domain'
import type { LatestValues } from './latestValues'

type PlantCommands = 'tags:list' | 'equipment:list' | 'tags:health' | 'connection:get' | 'connections:list' | 'diagnostics:get' | 'samples:snapshot' | 'tags:latest'

/** Reads of the plant's tags, link and values; the getters return what the current tag map runs. */
export function createSampleHandlers(plant: {
  tags(): readonly TagInfo[]
  equipment(): readonly EquipmentInfo[]
  health(): TagHealth[]
  connection(): ConnectionState
  connections(): ConnectionInfo[]
  latest(): LatestValues
  /** The server timestamp (epoch ms) of tag `index`'s newest value; NaN when the server sent none. */
  serverTime(index: number): number
  stats(): { valuesReceived: number; batchesEmitted: number; startedAt: number }
  /** Each OPC UA connection's diagnostics (see connectionDiagnostics.ts). */
  diagnostics?(): ConnectionDiagnostics[]
}): Pick<CommandHandlers, PlantCommands> {
  // Tag name → index, made again only when another tag map is applied.
  let named: { tags: readonly TagInfo[]; index: Map<string, number> } | undefined
  const indexOf = (name: string): number | undefined => {
    const tags = plant.tags()
    if (named?.tags !== tags) named = { tags, index: new Map(tags.map((t) => [t.name, t.index])) }
    return named.index.get(name)
  }
  return {
    'tags:list': async () => [...plant.tags()],
    'equipment:list': async () => [...plant.equipment()],
    'tags:health': async () => plant.health(),
    'connection:get': async () => plant.connection(),
    'connections:list': async () => plant.connections(),
    'diagnostics:get': async () => ({ ...plant.stats(), ...(plant.diagnostics ? { connections: plant.diagnostics() } : {}) }),
    'samples:snapshot': async () => plant.latest().read(),
    'tags:latest': async ({ tags }) => {
      return tags.map((tag): LatestValue => {
        const index = indexOf(tag)
        if (index === undefined) throw new ContractFailure('not-found', `no tag named "${tag}" in the tag map`)
        const latest = plant.latest().get(index)
        const server = plant.serverTime(index)
        return {
          tag,
          value: latest && Number.isFinite(latest.value) ? latest.value : null,
          status: latest ? latest.status : null,
          sourceTime: latest ? latest.sourceTime : null,
          serverTime: Number.isNaN(server) ? null : server
        }
      })
    }
  }
}
