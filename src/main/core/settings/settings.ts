import { homedir } from 'node:os'
import { join } from 'node:path'
import { z } from 'zod'
import { ShiftCalendarSchema } from '../../../shared/handover'

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
  user: z
    .strictObject({
      username: z.string().min(1),
      /** Plain text, as written by hand: the desktop app encrypts it at its next start; plain Node uses it as is and warns. */
      password: z.string().optional(),
      /** Base64 of Electron safeStorage's ciphertext: only the desktop app of the same OS user can read it. */
      encryptedPassword: z.string().min(1).optional()
    })
    .refine((u) => u.password === undefined || u.encryptedPassword === undefined, {
      message: 'give password or encryptedPassword, not both'
    })
    .optional()
})

/** Persisted settings: `<dataDir>/settings.json`, read through conf by every host. */
export const SettingsSchema = z.strictObject({
  plant: PlantEndpointSettingsSchema.default({ securityMode: 'None', securityPolicy: 'None' }),
  /** A tag map file; default: the one shipped in resources/. */
  tagMapFile: z.string().optional(),
  /** A console locks after this many minutes without keyboard or pointer input; 0 never locks. */
  security: z.strictObject({ idleLockMinutes: z.number().min(0).max(720).default(15) }).default({ idleLockMinutes: 15 }),
  /** The shift calendar for handover reports; default: 06:00/14:00/22:00 in this machine's time zone. */
  shifts: ShiftCalendarSchema.optional()
})

export type PlantEndpointSettings = z.infer<typeof PlantEndpointSettingsSchema>
export type Settings = z.infer<typeof SettingsSchema>
/** The OPC UA user as settings.json stores it (password plain, encrypted, or elsewhere). */
export type StoredPlantUser = NonNullable<PlantEndpointSettings['user']>
/** The OPC UA user as the client needs it, password decrypted. */
export interface PlantUser {
  username: string
  password: string
}

/** conf's `configName`: the file is `<dataDir>/settings.json`. */
export const SETTINGS_FILE_NAME = 'settings'

/** Where conf keeps the settings of a data dir. */
export const settingsFilePath = (dataDir: string): string => join(dataDir, `${SETTINGS_FILE_NAME}.json`)

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
