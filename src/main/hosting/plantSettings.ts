import Conf from 'conf'
import { ensureOwnerOnly, OWNER_ONLY_MODE } from '../core/settings/privateFile'
import { resolvePlantCredentials, type CredentialSources, type PlantCredentials } from '../core/settings/secrets'
import { parseSettings, SETTINGS_FILE_NAME, type Settings } from '../core/settings/settings'
import type { Logger } from '../core/logger'

/** What loading needs of a settings store. */
export interface SettingsStore {
  readonly path: string
  readonly store: Record<string, unknown>
  set(key: string, value: unknown): void
}

/**
 * `<dataDir>/settings.json` through conf, in both hosts. The shell used electron-store,
 * which is conf plus an `ipcMain` listener ('electron-store-get-data', answered to any
 * renderer's sendSync) that Plantwatch never needed: an IPC channel outside the contract.
 * New files are written owner-only.
 */
export const openSettingsStore = (dataDir: string): SettingsStore =>
  new Conf<Record<string, unknown>>({ cwd: dataDir, configName: SETTINGS_FILE_NAME, configFileMode: OWNER_ONLY_MODE })

/**
 * Loads settings.json for a host: makes the file owner-only, parses it, resolves
 * the OPC UA password (see {@link resolvePlantCredentials}), writes an encrypted
 * password back when the codec re-encrypted one, and logs where the password came
 * from. The password itself is never logged. Errors name the file and key.
 */
export async function loadPlantSettings(
  store: SettingsStore,
  sources: Omit<CredentialSources, 'settingsFile'>,
  logger: Logger
): Promise<{ settings: Settings; credentials: PlantCredentials }> {
  ensureOwnerOnly(store.path, logger)
  const settings = parseSettings(store.store, store.path)
  const credentials = await resolvePlantCredentials(settings.plant.user, { ...sources, settingsFile: store.path })
  if (credentials.rewrite) {
    store.set('plant.user', credentials.rewrite)
    settings.plant.user = credentials.rewrite
  }
  logger[credentials.level](credentials.note)
  return { settings, credentials }
}
