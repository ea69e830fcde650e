import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A `plantwatch serve` process, as a user starts it (the built CLI). */
export interface ServedHmi {
  url: string
  stop(): Promise<void>
}

export const tempDir = (prefix: string): string => mkdtempSync(join(tmpdir(), `pw-e2e-${prefix}-`))

/** Starts `plantwatch serve` on a free port and resolves with its URL once it listens. */
export async function serveHmi(options: { dataDir: string; endpoint?: string }): Promise<ServedHmi> {
  const args = ['bin/plantwatch.mjs', 'serve', '--port', '0', '--data-dir', options.dataDir]
  if (options.endpoint) args.push('--endpoint', options.endpoint)
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`plantwatch serve did not start in 30 s:\n${log}`)), 30_000)
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /Plantwatch HMI: (http:\/\/\S+)/.exec(chunk.toString())
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`plantwatch serve exited with ${code}:\n${log}`))
    })
  })
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      })
  }
}
