import { chmodSync, statSync } from 'node:fs'
import type { Logger } from '../logger'

/** Owner read and write only (POSIX). */
export const OWNER_ONLY_MODE = 0o600
const GROUP_OTHER_BITS = 0o077

/**
 * Makes an existing file readable and writable by its owner only (0600) when group or
 * others have any access, saying so in the log. A missing file is left alone: conf
 * creates it with the mode it is given. On Windows, POSIX bits mean nothing and
 * the per-user profile folder's ACL protects the file, so nothing is checked.
 * Throws, naming the file and the fix, when the mode cannot be changed (not the owner).
 * Returns the file's mode after the check, or undefined when there is no file or on Windows.
 */
export function ensureOwnerOnly(path: string, logger: Logger, platform: NodeJS.Platform = process.platform): number | undefined {
  if (platform === 'win32') return undefined
  let mode: number
  try {
    mode = statSync(path).mode & 0o777
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  // Stricter than 0600 (read-only for the owner) is left as the owner chose.
  if ((mode & GROUP_OTHER_BITS) === 0) return mode
  try {
    chmodSync(path, OWNER_ONLY_MODE)
  } catch (error) {
    throw new Error(`${path} has mode ${octal(mode)} and cannot be set to ${octal(OWNER_ONLY_MODE)} (${(error as Error).message}): run chmod 600 on it as its owner`)
  }
  logger.warn(`${path} had mode ${octal(mode)}; set to ${octal(OWNER_ONLY_MODE)} (owner only), as it may hold the OPC UA password`)
  return OWNER_ONLY_MODE
}

const octal = (mode: number): string => `0${mode.toString(8)}`
