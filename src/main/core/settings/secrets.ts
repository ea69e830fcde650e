import { readFileSync, statSync } from 'node:fs'
import type { PlantUser, StoredPlantUser } from './settings'

/**
 * Where the OPC UA user's password comes from and how it is kept at rest:
 * - `none`: anonymous, no secret;
 * - `encrypted`: in settings.json, encrypted with the OS keychain (Electron safeStorage);
 * - `plain-text`: in settings.json in plain text, in an owner-only file: the HMI warns
 *   (the session state's `secretsUnencrypted`);
 * - `password-file`: read from `--password-file` at start, never stored by Plantwatch.
 */
export type CredentialStorage = 'none' | 'encrypted' | 'plain-text' | 'password-file'

/**
 * Encrypts secrets at rest. The desktop shell implements it with Electron
 * safeStorage (the OS keychain); the core only sees this interface, so plain
 * Node (`plantwatch serve`) runs the same code without one.
 */
export interface SecretCodec {
  /** What protects the secret, for the log: "the macOS Keychain", "gnome_libsecret", ... */
  readonly name: string
  /** The stored form (base64 text) of `plain`. Rejects when the OS refuses. */
  encrypt(plain: string): Promise<string>
  /**
   * The plain secret of a stored form; `stale` when the OS rotated its key and the
   * stored form should be written again. Rejects when this OS user cannot decrypt it.
   */
  decrypt(stored: string): Promise<{ plain: string; stale: boolean }>
}

/** A secret that cannot be had: the message names the file or flag and what to do; it never holds the secret. */
export class SecretError extends Error {}

/** Where the OPC UA password may come from, besides settings.json itself. */
export interface CredentialSources {
  /** settings.json, for messages. */
  settingsFile: string
  /** Present in the desktop app when the OS keychain works. */
  codec?: SecretCodec
  /** Why there is no codec (plain Node, no keyring), said in the log next to "not encrypted". */
  noCodecReason?: string
  /** `--password-file`: the password is read from it and never stored. */
  passwordFile?: string
  /** `--user`: a user name that overrides the stored one; needs `passwordFile`. */
  username?: string
}

/** The password the client uses, how it is kept, and what the host should log and write back. */
export interface PlantCredentials {
  user?: PlantUser
  storage: CredentialStorage
  /** One log line saying where the password came from and whether it is encrypted; never the password. */
  note: string
  /** `warn` when the password lies unencrypted in settings.json or in a file others can read. */
  level: 'info' | 'warn'
  /** The stored user to write back to settings.json (a plain or stale password encrypted again). */
  rewrite?: StoredPlantUser
}

/** POSIX permission bits of group and others. */
const GROUP_OTHER_BITS = 0o077

/**
 * Reads a password file: the whole file, less one trailing line break, must be
 * one non-empty line. Throws {@link SecretError} naming the file when it is
 * missing, unreadable, empty or holds several lines.
 */
export function readPasswordFile(path: string): { password: string; othersCanRead: boolean } {
  let text: string
  let mode: number
  try {
    text = readFileSync(path, 'utf8')
    mode = statSync(path).mode
  } catch (error) {
    throw new SecretError(`cannot read password file ${path}: ${(error as Error).message}`)
  }
  const password = text.replace(/\r?\n$/, '')
  if (password === '') throw new SecretError(`password file ${path} is empty`)
  if (/[\r\n]/.test(password)) throw new SecretError(`password file ${path} holds more than one line: put only the password in it`)
  return { password, othersCanRead: process.platform !== 'win32' && (mode & GROUP_OTHER_BITS) !== 0 }
}

/**
 * Decides the OPC UA user and password from the stored settings and the host's
 * sources, in this order: `--password-file` (never stored), an encrypted stored
 * password (needs the codec), a plain stored one (encrypted and written back when
 * a codec exists; otherwise used as is and reported as not encrypted).
 * Throws {@link SecretError} when a password is needed and cannot be had.
 */
export async function resolvePlantCredentials(stored: StoredPlantUser | undefined, sources: CredentialSources): Promise<PlantCredentials> {
  const file = sources.settingsFile
  if (sources.username !== undefined && sources.passwordFile === undefined) throw new SecretError('--user needs --password-file (its password)')
  if (sources.passwordFile !== undefined) {
    const username = sources.username ?? stored?.username
    if (username === undefined) throw new SecretError(`--password-file needs a user name: pass --user NAME, or set plant.user.username in ${file}`)
    const { password, othersCanRead } = readPasswordFile(sources.passwordFile)
    const warning = othersCanRead ? `; warning: other users can read ${sources.passwordFile} (chmod 600 it)` : ''
    return {
      user: { username, password },
      storage: 'password-file',
      level: othersCanRead ? 'warn' : 'info',
      note: `OPC UA user "${username}": password read from ${sources.passwordFile}, not stored by Plantwatch${warning}`
    }
  }
  if (stored === undefined) return { storage: 'none', level: 'info', note: 'OPC UA user: anonymous' }
  const { username } = stored
  if (stored.encryptedPassword !== undefined) {
    if (!sources.codec) {
      throw new SecretError(
        `${file}: plant.user.encryptedPassword was encrypted by the desktop app with the OS keychain and cannot be read here ` +
          `(${sources.noCodecReason ?? 'no keychain'}): pass --password-file FILE`
      )
    }
    let decrypted: { plain: string; stale: boolean }
    try {
      decrypted = await sources.codec.decrypt(stored.encryptedPassword)
    } catch (error) {
      throw new SecretError(
        `${file}: plant.user.encryptedPassword cannot be decrypted by this OS user's keychain (${(error as Error).message}): ` +
          'put the password in plant.user.password instead of encryptedPassword; the desktop app encrypts it at its next start'
      )
    }
    return {
      user: { username, password: decrypted.plain },
      storage: 'encrypted',
      level: 'info',
      note: `OPC UA user "${username}": password encrypted at rest in ${file} with ${sources.codec.name}`,
      ...(decrypted.stale ? { rewrite: { username, encryptedPassword: await sources.codec.encrypt(decrypted.plain) } } : {})
    }
  }
  if (stored.password === undefined) {
    throw new SecretError(`${file}: plant.user "${username}" has no password: set plant.user.password, or pass --password-file FILE`)
  }
  if (sources.codec) {
    return {
      user: { username, password: stored.password },
      storage: 'encrypted',
      level: 'info',
      note: `OPC UA user "${username}": the plain-text password in ${file} is now encrypted with ${sources.codec.name}`,
      rewrite: { username, encryptedPassword: await sources.codec.encrypt(stored.password) }
    }
  }
  return {
    user: { username, password: stored.password },
    storage: 'plain-text',
    level: 'warn',
    note:
      `OPC UA user "${username}": the password is NOT encrypted: plain text in ${file} (an owner-only file)` +
      `${sources.noCodecReason ? `, because ${sources.noCodecReason}` : ''}; use --password-file, or the desktop app, which encrypts it`
  }
}
