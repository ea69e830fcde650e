import type { CommandHandlers } from '../../../shared/contract'
import type { ConnectionDiagnostics } from '../../../shared/commissioning'
import type { ConnectionInfo, ConnectionState, EquipmentInfo, TagHealth, TagInfo } from '../../../shared/domain'
import type { LatestValues } from './latestValues'

type PlantCommands = 'tags:list' | 'equipment:list' | 'tags:health' | 'connection:get' | 'connections:list' | 'diagnostics:get' | 'samples:snapshot'

/** Reads of the plant's tags, link and values; the getters return what the current tag map runs. */
export function createSampleHandlers(plant: {
  tags(): readonly TagInfo[]
  equipment(): readonly EquipmentInfo[]
  health(): TagHealth[]
  connection(): ConnectionState
  connections(): ConnectionInfo[]
  latest(): LatestValues
  stats(): { valuesReceived: number; batchesEmitted: number; startedAt: number }
  /** Each OPC UA connection's diagnostics (see connectionDiagnostics.ts). */
  diagnostics?(): ConnectionDiagnostics[]
}): Pick<CommandHandlers, PlantCommands> {
  return {
    'tags:list': async () => [...plant.tags()],
    'equipment:list': async () => [...plant.equipment()],
    'tags:health': async () => plant.health(),
    'connection:get': async () => plant.connection(),
    'connections:list': async () => plant.connections(),
    'diagnostics:get': async () => ({ ...plant.stats(), ...(plant.diagnostics ? { connections: plant.diagnostics() } : {}) }),
    'samples:snapshot': async () => plant.latest().read()
  }
}
