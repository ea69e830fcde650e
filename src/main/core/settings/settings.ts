import { homedir } from 'node:os'
import { join } from 'node:path'
import { z } from 'zod'

/** How to reach the plant. No endpoint means: run the embedded demo plant. */
export const PlantEndpointSettingsSchema = z.strictObject({
  endpoint: z
    .string()
    .regex(/^opc\.tcp:\/\/[^\s/]+(:\d+)?(\/.*)?$/, 'expected opc.tcp://host:port[/path]')
    .optional(),
  securityMode: z.enum(['None', 'Sign', 'SignAndEncrypt']).default('None'),
  securityPolicy: z.enum(['None', 'Basic256Sha256', 'Aes128_Sha256_RsaOaep', 'Aes256_Sha256_RsaPss', 'Basic256', 'Basic128Rsa15']).default('None'),
  /** Basic256 and Basic128Rsa15 (SHA-1, deprecated) are refused unless this is true. */
  allowDeprecatedPolicies: z.boolean().optional(),
  user: z.strictObject({ username: z.string().min(1), password: z.string() }).optional()
})

/** Persisted settings (conf in plain Node, electron-store in the shell: the same JSON file). */
export const SettingsSchema = z.strictObject({
  plant: PlantEndpointSettingsSchema.default({ securityMode: 'None', securityPolicy: 'None' }),
  /** A tag map file; default: the one shipped in resources/. */
  tagMapFile: z.string().optional()
})

export type PlantEndpointSettings = z.infer<typeof PlantEndpointSettingsSchema>
export type Settings = z.infer<typeof SettingsSchema>

export const SETTINGS_FILE_NAME = 'settings'

/**
 * The platform's per-user application-data folder, the same one Electron's
 * `userData` uses, so the desktop app and `plantwatch serve` share settings,
 * PKI and database. `--data-dir` overrides it everywhere.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Plantwatch')
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Plantwatch')
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'Plantwatch')
}

/** Reads settings, saying which key is wrong instead of silently falling back. */
export function parseSettings(raw: unknown, source: string): Settings {
  const parsed = SettingsSchema.safeParse(raw ?? {})
  if (parsed.success) return parsed.data
  const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`).join('; ')
  throw new Error(`${source}: invalid settings: ${detail}`)
}
