#!/usr/bin/env node
// `npm run bench`: runs every bench/*.bench.ts in turn (each prints `bench: <name> <value> <unit>`
// lines, or a skip reason) and exits non-zero if one of them fails.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'

const only = process.argv.slice(2)
const files = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort()
let failed = 0
for (const file of files) {
  console.log(`# ${file}`)
  const run = spawnSync(process.execPath, ['--import', 'tsx', `bench/${file}`], { stdio: 'inherit' })
  if (run.status !== 0) {
    failed++
    console.log(`# ${file} failed (exit ${run.status ?? run.signal})`)
  }
}
process.exit(failed ? 1 : 0)
