import { ensureOwnerOnly } from '../core/settings/privateFile'
import { resolvePlantCredentials, type CredentialSources, type PlantCredentials } from '../core/settings/secrets'
import { parseSettings, type Settings } from '../core/settings/settings'
import type { Logger } from '../core/logger'

/** What both hosts' stores (conf in plain Node, electron-store in the shell) offer. */
export interface SettingsStore {
  readonly path: string
  readonly store: Record<string, unknown>
  set(key: string, value: unknown): void
}

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
