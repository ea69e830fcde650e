import { consoleLogger } from '../core/logger'
import { parseSettings } from '../core/settings/settings'
import { appPaths } from '../hosting/appPaths'
import { openNodeSettings } from './nodeSettings'
import { startPlantwatch } from '../hosting/startPlantwatch'
import { isLoopbackHost, startWebHost } from '../web/webHost'
import { onOffFlag, parseFlags, portFlag, UsageError } from './args'
import { openPlantData } from './plantData'

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
    'plant-schedule': { type: 'string' },
    user: { type: 'string' },
    'password-file': { type: 'string' },
    'plant-prefill': { type: 'boolean' }
  })
  // Every flag is checked before anything starts, so a typo never leaves a plant running.
  const port = portFlag('port', flags.port) ?? 5180
  const demoPlantPort = portFlag('plant-port', flags['plant-port'])
  const speed = flags['plant-speed'] === undefined ? undefined : Number(flags['plant-speed'])
  if (speed !== undefined && !(speed > 0)) throw new UsageError(`--plant-speed must be a positive number, got "${flags['plant-speed']}"`)
  const schedule = onOffFlag('plant-schedule', flags['plant-schedule'])
  const endpoint = endpointFlag(flags.endpoint)
  const logger = consoleLogger()
  const { settings, credentials } = await openNodeSettings(dataDir, { user: flags.user, passwordFile: flags['password-file'] }, logger)
  const host = flags.host ?? '127.0.0.1'
  if (!isLoopbackHost(host)) refuseWithoutUsers(dataDir, host)
  const plantwatch = await startPlantwatch({
    dataDir,
    settings,
    credentials,
    logger,
    // Beyond this machine nobody gets a generated account: the host refuses to start instead.
    createFirstAdmin: isLoopbackHost(host),
    ...(endpoint ? { endpoint } : {}),
    ...(flags.tagmap ? { tagMapFile: flags.tagmap } : {}),
    demoPlant: {
      ...(demoPlantPort === undefined ? {} : { port: demoPlantPort }),
      ...(speed === undefined ? {} : { speed }),
      ...(flags['plant-scenario'] ? { scenario: flags['plant-scenario'] } : {}),
      // Off: around the clock; on (the default): startPlantwatch's default schedule.
      ...(schedule === false ? { schedule: null } : {}),
      ...(flags['plant-prefill'] ? { prefillDays: 7 } : {})
    }
  })
  const web = await startWebHost({
    core: plantwatch.core,
    rendererDir: appPaths().renderer,
    logger,
    host,
    port
  }).catch(async (error: Error) => {
    await plantwatch.dispose()
    throw error
  })
  if (plantwatch.firstRun) {
    io.stdout(
      `First run: sign in as "${plantwatch.firstRun.user}" with the password ${plantwatch.firstRun.password}\n` +
        `  (shown once; add accounts under Users, or: plantwatch users add NAME --role operator)\n`
    )
  }
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

/** Checked before anything starts: a network-facing host needs accounts first (the web host checks again). */
function refuseWithoutUsers(dataDir: string, host: string): void {
  const data = openPlantData(dataDir)
  try {
    if (data.users.count() > 0) return
  } finally {
    data.close()
  }
  throw new Error(`refusing to serve on ${host} with no user accounts. Create one first: plantwatch users add NAME --role admin --data-dir ${dataDir}`)
}
