import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { createCore, type Core } from '../core/createCore'
import { createUserAdmin } from '../core/users/userAdmin'
import type { Logger } from '../core/logger'
import type { PlantCredentials } from '../core/settings/secrets'
import type { Settings } from '../core/settings/settings'
import { loadTagMap } from '../core/tagmap/loadTagMap'
import { DEFAULT_PRODUCTION_SCHEDULE, startDemoPlant, type DemoPlant, type ProductionSchedule } from '../demo-plant'
import { appPaths } from './appPaths'
import { prefillHistorian } from './prefillHistorian'

export interface StartOptions {
  dataDir: string
  settings: Settings
  /**
   * The OPC UA user with its password decrypted (see loadPlantSettings); required
   * when settings name a user, so no host connects anonymously by mistake.
   */
  credentials?: Pick<PlantCredentials, 'user' | 'storage'>
  /** Command-line overrides of the stored settings. */
  endpoint?: string
  tagMapFile?: string
  /**
   * The embedded demo plant: port (0: any free), time compression, a scenario of faults, and
   * its production schedule: by default {@link DEFAULT_PRODUCTION_SCHEDULE} on the local wall
   * clock, null to run around the clock (a scenario's `"schedule"` takes precedence). The
   * prefilled past follows the same schedule.
   */
  demoPlant?: { port?: number; speed?: number; scenario?: string; prefillDays?: number; schedule?: ProductionSchedule | null }
  logger: Logger
  /**
   * With no user accounts yet, create `admin` with a random password (returned as
   * `firstRun`, for the host to print once). Hosts that reach beyond this machine pass false
   * and refuse to start instead.
   */
  createFirstAdmin?: boolean
}

/** The account a fresh data dir starts with, and its generated password (shown once). */
export const FIRST_ADMIN = 'admin'

export interface Plantwatch {
  core: Core
  /** Present when no endpoint is configured and the embedded demo plant serves the data. */
  demoPlant?: DemoPlant
  tagMapFile: string
  /** Set when this start created the first account: print the password once, it is not stored in clear. */
  firstRun?: { user: string; password: string }
  dispose(): Promise<void>
}

/**
 * What every host (Electron shell, web host, CLI) does to start: load the tag
 * map, start the embedded demo plant when no endpoint is configured, and
 * assemble the core against it.
 */
export async function startPlantwatch(options: StartOptions): Promise<Plantwatch> {
  const { dataDir, settings, logger } = options
  if (settings.plant.user && !options.credentials) throw new Error('startPlantwatch: settings name an OPC UA user but the host resolved no credentials')
  const { user: _stored, ...plantSettings } = settings.plant
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
      // The app's plant has a working week; startDemoPlant's own default (none) keeps tests off the clock.
      schedule: options.demoPlant?.schedule === undefined ? DEFAULT_PRODUCTION_SCHEDULE : options.demoPlant.schedule,
      pkiDir: join(dataDir, 'pki', 'plant'),
      logger
    })
    logger.info(`embedded demo plant serving ${demoPlant.endpointUrl}`)
    // Opt-in, and only on a first start: a fresh install gets a past, an existing one keeps its own.
    if (options.demoPlant?.prefillDays && !existsSync(join(dataDir, 'historian.db'))) {
      const { samples } = prefillHistorian({ dataDir, days: options.demoPlant.prefillDays, schedule: demoPlant.schedule })
      logger.info(`historian prefilled with ${options.demoPlant.prefillDays} days of the demo plant (${samples} values)`)
    }
  }
  try {
    const core = await createCore({
      dataDir,
      tagMap,
      logger,
      plant: {
        ...plantSettings,
        endpoint: endpoint ?? demoPlant!.endpointUrl,
        ...(options.credentials?.user ? { user: options.credentials.user } : {})
      },
      // The embedded plant's hours pass in minutes: the engine judges them as hours.
      ...(demoPlant && options.demoPlant?.speed ? { detection: { timeScale: options.demoPlant.speed } } : {}),
      // The HMI warns when the OPC UA password lies in settings.json unencrypted (plain Node, no keyring).
      ...(settings.shifts ? { shifts: settings.shifts } : {}),
      security: { idleLockMs: settings.security.idleLockMinutes * 60_000, secretsUnencrypted: options.credentials?.storage === 'plain-text' }
    })
    const firstRun = options.createFirstAdmin && core.users.count() === 0 ? await createFirstAdmin(core) : undefined
    if (firstRun) logger.warn(`first run: created user "${firstRun.user}" (admin) with a generated password; change it after signing in`)
    return {
      core,
      demoPlant,
      tagMapFile,
      ...(firstRun ? { firstRun } : {}),
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

/** 96 random bits, typed once from the console; audited as the first record of the trail. */
async function createFirstAdmin(core: Core): Promise<{ user: string; password: string }> {
  const password = randomBytes(12).toString('base64url')
  await createUserAdmin({ ...core, origin: 'first-run', actor: null }).add(FIRST_ADMIN, 'admin', password)
  return { user: FIRST_ADMIN, password }
}
