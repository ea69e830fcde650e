import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const tempDir = (prefix: string): string => mkdtempSync(join(tmpdir(), `pw-bench-${prefix}-`))

/** Prints one figure in the form the issues ask for. */
export const report = (name: string, value: number, unit: string, digits = 1): void =>
  console.log(`bench: ${name} ${value.toFixed(digits)} ${unit}`)

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

/** Starts a `plantwatch` CLI command and resolves once a stdout/stderr line matches `ready`. */
export async function startCli(args: string[], ready: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['bin/plantwatch.mjs', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`plantwatch ${args[0]} did not start in 60 s:\n${log}`)), 60_000)
    const look = (chunk: Buffer): void => {
      log += chunk.toString()
      const m = ready.exec(log)
      if (m) {
        clearTimeout(timer)
        resolve(m)
      }
    }
    child.stdout!.on('data', look)
    child.stderr!.on('data', look)
    child.once('exit', (code) => reject(new Error(`plantwatch ${args[0]} exited with ${code}:\n${log}`)))
  })
  return {
    child,
    match,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      })
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  const ticks = Number(fields[11]) + Number(fields[12])
  return ticks / 100 // USER_HZ is 100 on Linux
}

/** One contract command over the web host's WebSocket, as the renderer would send it. */
export async function invokeOverWs(url: string, channel: string, input?: unknown): Promise<unknown> {
  const { default: WebSocket } = await import('ws')
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, { origin: url })
  try {
    await new Promise((resolve, reject) => {
      ws.once('open', resolve)
      ws.once('error', reject)
    })
    return await new Promise((resolve, reject) => {
      ws.on('message', (data, isBinary) => {
        if (isBinary) return
        const message = JSON.parse(data.toString()) as { type: string; id?: number; result?: { ok: boolean; data?: unknown; error?: unknown } }
        if (message.type !== 'result' || message.id !== 1) return
        if (message.result?.ok) resolve(message.result.data)
        else reject(new Error(`${channel}: ${JSON.stringify(message.result?.error)}`))
      })
      ws.send(JSON.stringify({ type: 'invoke', id: 1, channel, input }))
    })
  } finally {
    ws.close()
  }
}
