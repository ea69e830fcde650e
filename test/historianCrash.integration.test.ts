import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'libsql'
import { afterAll, describe, expect, it } from 'vitest'
import { openHistorian } from '../src/main/core/historian/historian'
import { tempDir } from './support/tempDir'

const KILLS = 10
/** The bound: a kill -9 during ingest loses at most the last second. */
const MAX_LOSS_MS = 1000

describe('historian under kill -9', () => {
  const dir = tempDir('historian-crash')
  const file = join(dir, 'historian.db')
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it(`opens clean and loses at most ${MAX_LOSS_MS} ms, ${KILLS} kills in a row`, async () => {
    const losses: number[] = []
    for (let round = 0; round < KILLS; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/historianIngest.ts', file], { stdio: ['ignore', 'pipe', 'inherit'] })
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ingesting') && resolve())
        child.once('exit', (code) => reject(new Error(`ingest child exited early (${code})`)))
      })
      // Kill at a different point of the flush cycle each round.
      await new Promise((resolve) => setTimeout(resolve, 600 + ((round * 137) % 500)))
      const killedAt = Date.now()
      child.kill('SIGKILL')
      await new Promise((resolve) => child.once('exit', resolve))

      const raw = new Database(file)
      expect((raw.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check).toBe('ok')
      raw.close()
      const h = openHistorian({ file, flushIntervalMs: 0 })
      const last = Math.max(...Array.from({ length: 50 }, (_, i) => h.queryRaw(`T${i}`, killedAt - 60_000, killedAt + 1).t.at(-1) ?? -Infinity))
      h.close()
      losses.push(killedAt - last)
    }
    console.log(`historian crash test: loss per kill ${losses.join(', ')} ms`)
    for (const loss of losses) expect(loss).toBeLessThanOrEqual(MAX_LOSS_MS)
  }, 60_000)
})
