import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CommandContext } from '../../../shared/contract'
import { openHistorian } from './historian'
import { createHistoryHandlers } from './historyHandlers'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

describe('history:query', () => {
  it('stops work when its request is withdrawn (ctx.signal), and answers when it is not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'history-handlers-'))
    dirs.push(dir)
    const T0 = Date.parse('2026-01-01T00:00:00Z')
    const h = openHistorian({ file: join(dir, 'h.db'), flushIntervalMs: 0, clock: () => T0 + 3_600_000 })
    h.useTags(['A', 'B'])
    for (let t = T0; t < T0 + 600_000; t += 1000) h.append({ tagIndex: [0, 1], sourceTime: [t, t], value: [1, 2], status: [0, 0] })
    h.flush()
    const handlers = createHistoryHandlers(() => h)
    const input = { tags: ['A', 'B'], from: T0, to: T0 + 600_000, maxPoints: 100 }
    const ctx = (signal: AbortSignal) => ({ signal }) as CommandContext
    const answer = await handlers['history:query'](input, ctx(new AbortController().signal))
    expect(answer.map((s) => s.tag)).toEqual(['A', 'B'])

    const aborted = new AbortController()
    aborted.abort()
    await expect(handlers['history:query'](input, ctx(aborted.signal))).rejects.toMatchObject({ code: 'cancelled' })
    // Withdrawn while under way (the first tag's answer is being made): it stops before the next tag.
    const midway = new AbortController()
    const running = handlers['history:query'](input, ctx(midway.signal))
    midway.abort()
    await expect(running).rejects.toMatchObject({ code: 'cancelled' })
    h.close()
  })
})
