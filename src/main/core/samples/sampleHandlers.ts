import type { CommandHandlers } from '../../../shared/contract'
import type { ConnectionState, TagHealth, TagInfo } from '../../../shared/domain'
import type { RecentHistory } from './recentHistory'

type PlantCommands = 'tags:list' | 'tags:health' | 'connection:get' | 'diagnostics:get' | 'samples:snapshot' | 'samples:history'

/** Reads of the plant's tags, link and values; the getters return what the current tag map runs. */
export function createSampleHandlers(plant: {
  tags(): readonly TagInfo[]
  health(): TagHealth[]
  connection(): ConnectionState
  history(): RecentHistory
  stats(): { valuesReceived: number; batchesEmitted: number; startedAt: number }
}): Pick<CommandHandlers, PlantCommands> {
  return {
    'tags:list': async () => [...plant.tags()],
    'tags:health': async () => plant.health(),
    'connection:get': async () => plant.connection(),
    'diagnostics:get': async () => ({ ...plant.stats() }),
    'samples:snapshot': async () => plant.history().read(plant.tags().keys(), Number.POSITIVE_INFINITY),
    'samples:history': async ({ tags, since }) => plant.history().read(tags, since)
  }
}
