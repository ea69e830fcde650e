import { readFileSync } from 'node:fs'

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
