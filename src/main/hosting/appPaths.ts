import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The folder holding Plantwatch's package.json, found by walking up from the
 * calling module: the same code runs from `src/` (tests), `out/main/` (built) and
 * inside a packaged app, and each has `resources/` and `out/renderer/` beside it.
 */
export function findAppRoot(fromUrl: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(fromUrl))
  for (;;) {
    const manifest = join(dir, 'package.json')
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'plantwatch') return dir
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`cannot find the Plantwatch app folder above ${fileURLToPath(fromUrl)}`)
    dir = parent
  }
}

export const appPaths = (root = findAppRoot()) => ({
  root,
  resources: join(root, 'resources'),
  defaultTagMap: join(root, 'resources', 'tagmap.default.json'),
  renderer: join(root, 'out', 'renderer'),
  preload: join(root, 'out', 'preload', 'index.cjs')
})
