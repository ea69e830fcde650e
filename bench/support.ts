import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

// Benches start processes and make folders the way the tests do.
export { startPlantwatchCli } from '../test/support/cli'
export { tempDir } from '../test/support/tempDir'

/** Prints one figure in the form the issues ask for. */
export const report = (name: string, value: number, unit: string, digits = 1): void =>
  console.log(`bench: ${name} ${value.toFixed(digits)} ${unit}`)

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  const ticks = Number(fields[11]) + Number(fields[12])
  return ticks / 100 // USER_HZ is 100 on Linux
}

/** The account benches sign in with; created in the bench's data dir with `plantwatch users add`. */
export const BENCH_USER = { username: 'bench', password: 'bench password 1' }

export function addBenchUser(dataDir: string): void {
  const file = join(dataDir, 'bench-password')
  if (existsSync(file)) return
  writeFileSync(file, `${BENCH_USER.password}\n`, { mode: 0o600 })
  const added = spawnSync(process.execPath, ['bin/plantwatch.mjs', 'users', 'add', BENCH_USER.username, '--role', 'operator', '--password-file', file, '--data-dir', dataDir], { encoding: 'utf8' })
  if (added.status !== 0) throw new Error(`bench user: ${added.stderr}`)
}

/** Signs a bench page in through the sign-in screen. */
export async function signInPage(page: { getByRole: (role: 'textbox' | 'button', options: { name: string }) => { fill(v: string): Promise<void>; click(): Promise<void> }; getByLabel: (l: string) => { fill(v: string): Promise<void> } }): Promise<void> {
  await page.getByRole('textbox', { name: 'User name' }).fill(BENCH_USER.username)
  await page.getByLabel('Password').fill(BENCH_USER.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

/** One contract command over the web host's WebSocket, as the renderer would send it, signed in as {@link BENCH_USER}. */
export async function invokeOverWs(url: string, channel: string, input?: unknown): Promise<unknown> {
  const { default: WebSocket } = await import('ws')
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, { origin: url })
  try {
    await new Promise((resolve, reject) => {
      ws.once('open', resolve)
      ws.once('error', reject)
    })
    const call = (id: number, name: string, payload: unknown) =>
      new Promise((resolve, reject) => {
        ws.on('message', (data, isBinary) => {
          if (isBinary) return
          const message = JSON.parse(data.toString()) as { type: string; id?: number; result?: { ok: boolean; data?: unknown; error?: unknown } }
          if (message.type !== 'result' || message.id !== id) return
          if (message.result?.ok) resolve(message.result.data)
          else reject(new Error(`${name}: ${JSON.stringify(message.result?.error)}`))
        })
        ws.send(JSON.stringify({ type: 'invoke', id, channel: name, input: payload }))
      })
    await call(1, 'session:signIn', BENCH_USER)
    return await call(2, channel, input)
  } finally {
    ws.close()
  }
}
