// Where the Electron binary would be, without require('electron'): that module
// tries to download the binary when it is missing, and nothing here may download.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export function electronBinary(root = process.cwd()) {
  const dir = join(root, 'node_modules', 'electron')
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) return { ok: false, reason: 'the Electron binary is not installed (it cannot be downloaded here)' }
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim())
  if (!existsSync(binary)) return { ok: false, reason: `the Electron binary is missing at ${binary}` }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { ok: false, reason: 'no display (DISPLAY/WAYLAND_DISPLAY unset)' }
  }
  return { ok: true, binary }
}
