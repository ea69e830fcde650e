import type { Logger } from '../core/logger'
import { SecretError, type PlantCredentials } from '../core/settings/secrets'
import type { Settings } from '../core/settings/settings'
import { loadPlantSettings, openSettingsStore } from '../hosting/plantSettings'
import { UsageError } from './args'

/** Plain Node has no OS keychain: said next to "not encrypted" in the log. */
const NO_KEYCHAIN = 'plain Node (plantwatch serve) has no OS keychain; the desktop app encrypts it with Electron safeStorage'

/**
 * settings.json for a command that connects to the plant, in plain Node: conf with
 * an owner-only file, and the OPC UA password from `--password-file` or the file.
 * A password that cannot be had is a {@link UsageError} (exit 2) naming the file.
 */
export async function openNodeSettings(
  dataDir: string,
  flags: { user?: string | undefined; passwordFile?: string | undefined },
  logger: Logger
): Promise<{ settings: Settings; credentials: PlantCredentials }> {
  if (flags.user === '') throw new UsageError('--user needs a name')
  if (flags.passwordFile === '') throw new UsageError('--password-file needs a file')
  const store = openSettingsStore(dataDir)
  try {
    return await loadPlantSettings(
      store,
      {
        noCodecReason: NO_KEYCHAIN,
        ...(flags.passwordFile === undefined ? {} : { passwordFile: flags.passwordFile }),
        ...(flags.user === undefined ? {} : { username: flags.user })
      },
      logger
    )
  } catch (error) {
    throw error instanceof SecretError ? new UsageError(error.message) : error
  }
}
