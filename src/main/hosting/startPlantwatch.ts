import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { createCore, type Core } from '../core/createCore'
import type { Logger } from '../core/logger'
import type { Settings } from '../core/settings/settings'
import { loadTagMap } from '../core/tagmap/loadTagMap'
import { startDemoPlant, type DemoPlant } from '../demo-plant'
import { appPaths } from './appPaths'
import { prefillHistorian } from './prefillHistorian'

export interface StartOptions {
  dataDir: string
  settings: Settings
  /** Command-line overrides of the stored settings. */
  endpoint?: string
  tagMapFile?: string
  /** The embedded demo plant: port (0: any free), time compression and a scenario of faults. */
  demoPlant?: { port?: number; speed?: number; scenario?: string; prefillDays?: number }
  logger: Logger
}

export interface Plantwatch {
  core: Core
  /** Present when no endpoint is configured and the embedded demo plant serves the data. */
  demoPlant?: DemoPlant
  tagMapFile: string
  dispose(): Promise<void>
}

/**
 * What every host (Electron shell, web host, CLI) does to start: load the tag
 * map, start the embedded demo plant when no endpoint is configured, and
 * assemble the core against it.
 */
export async function startPlantwatch(options: StartOptions): Promise<Plantwatch> {
  const { dataDir, settings, logger } = options
  mkdirSync(dataDir, { recursive: true })
  const tagMapFile = options.tagMapFile ?? settings.tagMapFile ?? appPaths().defaultTagMap
  const tagMap = await loadTagMap(tagMapFile)
  const endpoint = options.endpoint ?? settings.plant.endpoint
  let demoPlant: DemoPlant | undefined
  if (endpoint === undefined) {
    demoPlant = await startDemoPlant({
      port: options.demoPlant?.port ?? 0,
      ...(options.demoPlant?.speed ? { speed: options.demoPlant.speed } : {}),
      ...(options.demoPlant?.scenario ? { scenario: options.demoPlant.scenario } : {}),
      pkiDir: join(dataDir, 'pki', 'plant'),
      logger
    })
    logger.info(`embedded demo plant serving ${demoPlant.endpointUrl}`)
    // Opt-in, and only on a first start: a fresh install gets a past, an existing one keeps its own.
    if (options.demoPlant?.prefillDays && !existsSync(join(dataDir, 'historian.db'))) {
      const { samples } = prefillHistorian({ dataDir, days: options.demoPlant.prefillDays })
      logger.info(`historian prefilled with ${options.demoPlant.prefillDays} days of the demo plant (${samples} values)`)
    }
  }
  try {
    const core = await createCore({
      dataDir,
      tagMap,
      logger,
      plant: { ...settings.plant, endpoint: endpoint ?? demoPlant!.endpointUrl },
      // The embedded plant's hours pass in minutes: the engine judges them as hours.
      ...(demoPlant && options.demoPlant?.speed ? { detection: { timeScale: options.demoPlant.speed } } : {})
    })
    return {
      core,
      demoPlant,
      tagMapFile,
      async dispose() {
        await core.dispose()
        await demoPlant?.stop()
      }
    }
  } catch (error) {
    await demoPlant?.stop()
    throw error
  }
}
