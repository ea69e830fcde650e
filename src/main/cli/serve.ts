import Conf from 'conf'
import { consoleLogger } from '../core/logger'
import { parseSettings, SETTINGS_FILE_NAME } from '../core/settings/settings'
import { appPaths } from '../hosting/appPaths'
import { startPlantwatch } from '../hosting/startPlantwatch'
import { startWebHost } from '../web/webHost'
import { parseFlags, portFlag } from './args'

export const SERVE_USAGE = `plantwatch serve [--port N] [--host 127.0.0.1] [--endpoint opc.tcp://…] [--tagmap FILE] [--plant-port N] [--data-dir DIR]
  Serves the HMI at http://HOST:PORT (default 127.0.0.1:5180) with the core in this process.
  Without --endpoint (or a stored one), starts the embedded demo plant.`

/** `plantwatch serve`: runs until SIGINT/SIGTERM, then disposes everything. */
export async function runServeCommand(argv: string[], io: { stdout(s: string): void }, dataDir: string): Promise<number> {
  const flags = parseFlags(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    endpoint: { type: 'string' },
    tagmap: { type: 'string' },
    'plant-port': { type: 'string' }
  })
  const logger = consoleLogger()
  const store = new Conf<Record<string, unknown>>({ cwd: dataDir, configName: SETTINGS_FILE_NAME })
  const settings = parseSettings(store.store, store.path)
  // The flag goes through the settings schema so a bad URL is worded like a bad stored one.
  const endpoint = flags.endpoint === undefined ? undefined : parseSettings({ plant: { endpoint: flags.endpoint } }, '--endpoint').plant.endpoint
  const plantwatch = await startPlantwatch({
    dataDir,
    settings,
    logger,
    ...(endpoint ? { endpoint } : {}),
    ...(flags.tagmap ? { tagMapFile: flags.tagmap } : {}),
    ...(flags['plant-port'] ? { demoPlantPort: portFlag('plant-port', flags['plant-port']) } : {})
  })
  const web = await startWebHost({
    core: plantwatch.core,
    rendererDir: appPaths().renderer,
    logger,
    host: flags.host ?? '127.0.0.1',
    port: portFlag('port', flags.port) ?? 5180
  }).catch(async (error: Error) => {
    await plantwatch.dispose()
    throw error
  })
  io.stdout(`Plantwatch HMI: ${web.url}\n`)
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  logger.info('shutting down')
  await web.close()
  await plantwatch.dispose()
  return 0
}
