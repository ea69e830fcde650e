#!/usr/bin/env node
// `npm run lint`: fails on any import that breaks the layering (see scripts/layering.mjs).
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { checkImports } from './layering.mjs'

const files = readdirSync('src', { recursive: true, withFileTypes: true })
  .filter((d) => d.isFile() && /\.(ts|tsx|mts)$/.test(d.name))
  .map((d) => join(d.parentPath ?? d.path, d.name))
const problems = files.flatMap((file) => checkImports(file, readFileSync(file, 'utf8')))
if (problems.length) {
  console.error(`layering: ${problems.length} forbidden import(s)\n${problems.join('\n')}`)
  process.exit(1)
}
console.log(`layering: ${files.length} files, no forbidden imports`)
