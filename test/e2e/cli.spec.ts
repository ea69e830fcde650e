import { expect, test } from '@playwright/test'
import { spawnSync } from 'node:child_process'
import { copyFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startPlantwatchCli } from '../support/cli'
import { tempDir } from '../support/tempDir'

// The built CLI, as users run it (these need `npm run build`, which `npm test` does first).
const run = (...args: string[]) => spawnSync(process.execPath, ['bin/plantwatch.mjs', ...args], { encoding: 'utf8', timeout: 60_000 })

test('the CLI explains itself and refuses bad arguments with exit code 2', () => {
  const help = run('--help')
  expect(help.status).toBe(0)
  expect(help.stdout).toMatch(/Usage: plantwatch <command>[\s\S]*serve[\s\S]*plant[\s\S]*detect/)
  const unknown = run('frobnicate')
  expect(unknown.status).toBe(2)
  expect(unknown.stderr).toContain('unknown command "frobnicate"')
  const badPort = run('serve', '--port', 'eighty')
  expect(badPort.status).toBe(2)
  expect(badPort.stderr).toContain('--port must be a port number 0-65535, got "eighty"')
  const badEndpoint = run('serve', '--endpoint', 'http://plc:4840')
  expect(badEndpoint.status).toBe(2)
  expect(badEndpoint.stderr).toMatch(/--endpoint: .*expected opc\.tcp:\/\/host:port/)
})

test('serve keeps its tag map on a bad SIGHUP reload, and shuts down cleanly on SIGINT', async () => {
  const dir = tempDir('cli')
  const tagmap = join(dir, 'tagmap.json')
  copyFileSync('resources/tagmap.default.json', tagmap)
  const served = await startPlantwatchCli(['serve', '--port', '0', '--data-dir', dir, '--tagmap', tagmap], /Plantwatch HMI: (http:\S+)/)
  let log = ''
  served.child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()))
  writeFileSync(tagmap, JSON.stringify({ version: 1, tags: [] }))
  served.child.kill('SIGHUP')
  await expect.poll(() => log).toContain('tag map not reloaded')
  await new Promise((resolve) => setTimeout(resolve, 500))
  expect(log.match(/tag map not reloaded/g)).toHaveLength(1)
  const page = await fetch(served.match[1]!)
  expect(page.status).toBe(200)

  const exited = new Promise<number | null>((resolve) => served.child.once('exit', (code) => resolve(code)))
  served.child.kill('SIGINT')
  expect(await exited).toBe(0)
  expect(log).toContain('shutting down')
})
