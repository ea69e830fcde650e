#!/usr/bin/env node
// `npm run lint:electron`: Doyensec's electronegativity over the app's sources, offline, failing on any
// finding. Each accepted finding is suppressed inline in the code with `eng-disable ID` and a reason.
//
// Why a wrapper and not the `electronegativity` command:
// - the command exits 0 whatever it finds; this fails on any finding or any file it could not parse;
// - the command fetches translations (an S3 bucket) and, for two checks, Electron's release list
//   (raw.githubusercontent.com) on every run. Here `got`, its HTTP client, is replaced by one that fails
//   at once, so nothing leaves the machine: the bundled en-US texts are used, and the two
//   release checks (ELECTRON_VERSION_JSON_CHECK, AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK) are left out:
//   whether Electron is current is a dependency-update question, answered by `npm outdated`;
// - the Electron version comes from package.json's exact pin, not guessed (it guesses 0.1.0 for src/).
import { readFileSync } from 'node:fs'
import Module, { createRequire } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'

const root = resolve(dirname(new URL(import.meta.url).pathname), '..')
const require = createRequire(join(root, 'package.json'))
const packageDir = dirname(require.resolve('@doyensec/electronegativity/package.json'))
const fromPackage = createRequire(join(packageDir, 'dist', 'runner.js'))

const gotPath = fromPackage.resolve('got')
const offline = () => Promise.reject(new Error('offline: plantwatch runs electronegativity without network'))
offline.head = offline
const stub = new Module(gotPath)
stub.filename = gotPath
stub.loaded = true
stub.exports = offline
fromPackage.cache[gotPath] = stub

// The translations' fetch fails by design (above); its "could not retrieve" line would only mislead.
const log = console.log
console.log = (...args) => {
  if (args[0] !== 'Could not retrieve updated translations for the current locale') log(...args)
}
const run = fromPackage('./runner.js')
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const electronVersion = manifest.devDependencies?.electron ?? manifest.dependencies?.electron
if (!/^\d+\.\d+\.\d+$/.test(electronVersion ?? '')) {
  console.error(`lint:electron: package.json must pin electron to an exact version, found "${electronVersion}"`)
  process.exit(1)
}
const NEEDS_NETWORK = ['ElectronVersionJSONCheck', 'AvailableSecurityFixesGlobalCheck']

// `node scripts/electronegativity.mjs DIR` scans DIR instead of src/ (test/electronSecurity.test.ts proves findings fail).
const sourceDir = process.argv[2] ? resolve(process.argv[2]) : join(root, 'src')
const scans = [
  // Every source file of ours: main, shell, preload, renderer (TS, TSX and HTML).
  { input: sourceDir, customScan: [], excludeFromScan: NEEDS_NETWORK },
  // npm scripts: Electron started with dangerous switches, or security warnings turned off.
  { input: join(root, 'package.json'), customScan: ['CustomArgumentsJSONCheck', 'SecurityWarningsDisabledJSONCheck'], excludeFromScan: [] }
]

const started = Date.now()
let findings = 0
let checks = 0
for (const scan of scans) {
  const result = await run({
    input: scan.input,
    customScan: scan.customScan,
    excludeFromScan: scan.excludeFromScan,
    electronVersionOverride: electronVersion,
    parserPlugins: [],
    isRelative: false
  })
  checks = Math.max(checks, result.atomicChecks + result.globalChecks)
  for (const error of result.errors) {
    findings++
    console.error(`lint:electron: ${relative(root, error.file)}: could not be checked: ${error.message}`)
  }
  for (const issue of result.issues) {
    findings++
    const where = issue.file === 'N/A' ? '(whole app)' : `${relative(root, issue.file)}:${issue.location.line}:${issue.location.column}`
    console.error(`lint:electron: ${where}: ${issue.id} [${issue.severity.name}/${issue.confidence.name}] ${issue.description} ${issue.shortenedURL ?? ''}`)
  }
}
const summary = `electronegativity ${fromPackage('../package.json').version}, Electron ${electronVersion}: ${checks} checks over ${relative(root, sourceDir) || sourceDir}/ and package.json, ${findings} findings (${Date.now() - started} ms)`
if (findings > 0) {
  console.error(`lint:electron: ${summary}. Fix each, or suppress it inline with \`eng-disable ID\` and the reason.`)
  process.exit(1)
}
console.log(`lint:electron: ${summary}`)
