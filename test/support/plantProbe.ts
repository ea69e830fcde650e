import { join } from 'node:path'
import type { ConnectionState, TagHealth, TagInfo } from '../../src/shared/domain'
import { isGoodStatus } from '../../src/shared/domain'
import { connectPlant, type PlantConnection, type PlantConnectionOptions } from '../../src/main/core/opcua/plantClient'
import { tempDir } from './tempDir'

export interface Sample {
  time: number
  value: number
  status: number
  at: number
}

/** A plant connection under test, with everything it reported kept for assertions. */
export interface PlantProbe {
  connection: PlantConnection
  samples: Sample[][]
  health: TagHealth[]
  states: ConnectionState[]
  log: string[]
  pkiDir: string
  /** The newest sample of tag `index`. */
  last(index: number): Sample | undefined
  /** The newest Good sample of `index` received after `since` (epoch ms). */
  goodAfter(index: number, since: number): Sample | undefined
  dispose(): Promise<void>
}

/** A tag of the quirk server's namespace (`nsu=` form, as tag maps write it). */
export function quirkTag(index: number, name: string, extra: Partial<TagInfo> = {}): TagInfo {
  return {
    index,
    name,
    nodeId: `nsu=urn:field-case:quirk;s=${name}`,
    equipment: name.split('.')[0]!,
    signal: 'temperature',
    unit: '°C',
    euRange: { low: 0, high: 200 },
    limits: {},
    ...extra
  }
}

export async function probePlant(endpoint: string, tags: TagInfo[], extra: Partial<PlantConnectionOptions> = {}): Promise<PlantProbe> {
  const samples: Sample[][] = tags.map(() => [])
  const states: ConnectionState[] = []
  const log: string[] = []
  const pkiDir = extra.pkiDir ?? join(tempDir('probe'), 'pki')
  const probe: PlantProbe = {
    connection: undefined as unknown as PlantConnection,
    samples,
    health: [],
    states,
    log,
    pkiDir,
    last: (i) => samples[i]!.at(-1),
    goodAfter: (i, since) => samples[i]!.findLast((s) => s.at > since && isGoodStatus(s.status)),
    dispose: () => probe.connection.dispose()
  }
  probe.connection = await connectPlant({
    endpoint,
    pkiDir,
    publishingIntervalMs: 200,
    tags,
    onBatch(batch) {
      const at = Date.now()
      for (let i = 0; i < batch.value.length; i++) {
        samples[batch.tagIndex[i]!]!.push({ time: batch.sourceTime[i]!, value: batch.value[i]!, status: batch.status[i]!, at })
      }
    },
    onState: (s) => states.push(s),
    onHealth: (h) => (probe.health = h),
    logger: { info: (m) => log.push(`info ${m}`), warn: (m) => log.push(`warn ${m}`) },
    ...extra
  })
  return probe
}
