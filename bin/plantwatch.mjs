#!/usr/bin/env node
// The CLI runs the built core (out/main/cli.js); `npm ci` builds it through `prepare`.
import { existsSync } from 'node:fs'

const cli = new URL('../out/main/cli.js', import.meta.url)
if (!existsSync(cli)) {
  process.stderr.write('plantwatch: not built yet; run `npm run build` in the Plantwatch folder\n')
  process.exit(1)
}
const { runCli } = await import(cli.href)
const code = await runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s)
})
process.exitCode = code
// A command has finished its work: a library timer left behind must not keep the process alive.
setTimeout(() => process.exit(code), 2_000).unref()
