import Conf from 'conf'
import { consoleLogger } from '../core/logger'
import { parseSettings, SETTINGS_FILE_NAME } from '../core/settings/settings'
import { appPaths } from '../hosting/appPaths'
import { startPlantwatch } from '../hosting/startPlantwatch'
import { startWebHost } from '../web/webHost'
import { parseFlags, portFlag, UsageError } from './args'

/** `plantwatch serve`: runs until SIGINT/SIGTERM, then disposes everything. */
export async function runServeCommand(argv: string[], io: { stdout(s: string): void }, dataDir: string): Promise<number> {
  const flags = parseFlags(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    endpoint: { type: 'string' },
    tagmap: { type: 'string' },
    'plant-port': { type: 'string' },
    'plant-speed': { type: 'string' },
    'plant-scenario': { type: 'string' },
    'plant-prefill': { type: 'boolean' }
  })
  // Every flag is checked before anything starts, so a typo never leaves a plant running.
  const port = portFlag('port', flags.port) ?? 5180
  const demoPlantPort = portFlag('plant-port', flags['plant-port'])
  const speed = flags['plant-speed'] === undefined ? undefined : Number(flags['plant-speed'])
  if (speed !== undefined && !(speed > 0)) throw new UsageError(`--plant-speed must be a positive number, got "${flags['plant-speed']}"`)
  const endpoint = endpointFlag(flags.endpoint)
  const logger = consoleLogger()
  const store = new Conf<Record<string, unknown>>({ cwd: dataDir, configName: SETTINGS_FILE_NAME })
  const settings = parseSettings(store.store, store.path)
  const plantwatch = await startPlantwatch({
    dataDir,
    settings,
    logger,
    ...(endpoint ? { endpoint } : {}),
    ...(flags.tagmap ? { tagMapFile: flags.tagmap } : {}),
    demoPlant: {
      ...(demoPlantPort === undefined ? {} : { port: demoPlantPort }),
      ...(speed === undefined ? {} : { speed }),
      ...(flags['plant-scenario'] ? { scenario: flags['plant-scenario'] } : {}),
      ...(flags['plant-prefill'] ? { prefillDays: 7 } : {})
    }
  })
  const web = await startWebHost({
    core: plantwatch.core,
    rendererDir: appPaths().renderer,
    logger,
    host: flags.host ?? '127.0.0.1',
    port
  }).catch(async (error: Error) => {
    await plantwatch.dispose()
    throw error
  })
  io.stdout(`Plantwatch HMI: ${web.url}\n`)
  // An engineer edits the tag map and sends SIGHUP; an invalid map is reported and the running one stays.
  // Signals that arrive during a reload join it: conf's exit hook re-raises every signal it sees once.
  let reloading: Promise<void> | undefined
  const reload = (): void => {
    reloading ??= plantwatch.core
      .reloadTagMap(plantwatch.tagMapFile)
      .catch((error: Error) => logger.error(`tag map not reloaded: ${error.message}`))
      .finally(() => (reloading = undefined))
  }
  process.on('SIGHUP', reload)
  // Listeners stay on for the whole shutdown: conf's exit hook re-raises the signal, and
  // with no listener left Node would kill the process before the core is disposed.
  await new Promise<void>((resolve) => {
    process.on('SIGINT', () => resolve())
    process.on('SIGTERM', () => resolve())
  })
  logger.info('shutting down')
  await web.close()
  await plantwatch.dispose()
  return 0
}

/** Checks --endpoint with the settings schema, so a bad URL is worded like a bad stored one. */
function endpointFlag(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  try {
    return parseSettings({ plant: { endpoint: value } }, '--endpoint').plant.endpoint
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
}
