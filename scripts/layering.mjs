// The layering rules of STYLE.md, checked on import specifiers. `npm run lint` runs them
// over src/; test/layering.test.ts proves each rule fires.
import { builtinModules } from 'node:module'
import { dirname, join, normalize, relative, sep } from 'node:path'

const NODE_BUILTINS = new Set(builtinModules)
const isNodeBuiltin = (spec) => spec.startsWith('node:') || NODE_BUILTINS.has(spec.split('/')[0])

/** Which layer a repo-relative path belongs to. */
export function layerOf(path) {
  const p = path.split(sep).join('/')
  if (p.startsWith('src/shared/')) return 'shared'
  if (p.startsWith('src/main/core/')) return 'core'
  if (p.startsWith('src/main/demo-plant/')) return 'demo-plant'
  if (p.startsWith('src/main/shell/') || p === 'src/main/index.ts') return 'shell'
  if (p.startsWith('src/main/')) return 'host' // web, hosting, cli
  if (p.startsWith('src/preload/')) return 'preload'
  if (p.startsWith('src/renderer/')) return 'renderer'
  return 'other'
}

const ALLOWED_PACKAGES = {
  shared: ['zod'],
  preload: ['electron'],
  // csv-stringify only through its self-contained browser build (csv-stringify/browser/esm/sync), for the trend's CSV export.
  renderer: ['react', 'react-dom', 'uplot', 'zod', 'vitest', 'csv-stringify/browser']
}
/** Which of our layers each layer may import. */
const ALLOWED_LAYERS = {
  shared: ['shared'],
  core: ['shared', 'core'],
  'demo-plant': ['shared', 'demo-plant'],
  host: ['shared', 'core', 'demo-plant', 'host'],
  shell: ['shared', 'core', 'demo-plant', 'host', 'shell'],
  preload: ['shared', 'preload'],
  renderer: ['shared', 'renderer'],
  other: ['shared', 'core', 'demo-plant', 'host', 'shell', 'preload', 'renderer', 'other']
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;(])import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g

/** Returns one message per forbidden import in `source` (a file at repo-relative `path`). */
export function checkImports(path, source) {
  const layer = layerOf(path)
  const problems = []
  for (const match of source.matchAll(IMPORT)) {
    const spec = match[1] ?? match[2] ?? match[3] ?? match[4]
    const line = source.slice(0, match.index).split('\n').length
    const where = `${path}:${line}`
    if (spec.startsWith('.')) {
      const target = normalize(join(dirname(path), spec))
      const targetLayer = layerOf(relative('.', target))
      if (!ALLOWED_LAYERS[layer].includes(targetLayer)) problems.push(`${where}: ${layer} must not import ${targetLayer} code ("${spec}")`)
    } else if (spec === 'electron' || spec.startsWith('electron/')) {
      if (layer !== 'shell' && layer !== 'preload' && layer !== 'other') problems.push(`${where}: ${layer} must not import electron`)
    } else if (isNodeBuiltin(spec)) {
      if (['shared', 'renderer', 'preload'].includes(layer)) problems.push(`${where}: ${layer} must not import Node built-in "${spec}"`)
    } else if (ALLOWED_PACKAGES[layer] && !ALLOWED_PACKAGES[layer].some((p) => spec === p || spec.startsWith(`${p}/`))) {
      problems.push(`${where}: ${layer} must not import package "${spec}"`)
    }
  }
  return problems
}
