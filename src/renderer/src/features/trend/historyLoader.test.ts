import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Input, Output, Result } from '../../../../shared/contract'
import type { TagInfo } from '../../../../shared/domain'
import { createHistoryLoader, type LoadedHistory } from './historyLoader'
import type { TimeRange } from './trendRange'

const pen = (name: string, index: number): TagInfo => ({ name, index }) as unknown as TagInfo

/** A historian whose answers the test releases one by one, recording what was asked and with which signal. */
function slowHistorian() {
  const asked: { input: Input<'history:query'>; signal?: AbortSignal; answer(): void }[] = []
  const query = (input: Input<'history:query'>, signal?: AbortSignal): Promise<Result<Output<'history:query'>>> =>
    new Promise((resolve) => {
      const data = input.tags.map((tag) => ({ mode: 'raw' as const, tag, t: Float64Array.of(input.from), value: Float64Array.of(1), status: Uint32Array.of(0), gaps: [] }))
      asked.push({ input, signal, answer: () => resolve({ ok: true, data }) })
    })
  return { asked, query }
}

const HOUR = 3_600_000
const range: TimeRange = [10 * HOUR, 11 * HOUR]

describe('the trend history loader on history:backfilled', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  async function loaded() {
    const historian = slowHistorian()
    const answers: LoadedHistory[] = []
    const loader = createHistoryLoader([pen('A', 0), pen('B', 1)], historian.query, (h) => answers.push(h))
    loader.want(() => range, 800, 1)
    await vi.advanceTimersByTimeAsync(200)
    historian.asked[0]!.answer()
    await vi.advanceTimersByTimeAsync(0)
    expect(answers).toHaveLength(1)
    return { historian, answers, loader }
  }

  it('asks the shown range again, once, when a burst of backfills covers a pen in it', async () => {
    const { historian, answers, loader } = await loaded()
    loader.backfilled({ tags: ['A'], from: 10.5 * HOUR, to: 10.6 * HOUR })
    await vi.advanceTimersByTimeAsync(100)
    loader.backfilled({ tags: ['B', 'X'], from: 10.5 * HOUR, to: 10.7 * HOUR })
    await vi.advanceTimersByTimeAsync(100)
    // Debounced: nothing yet while backfills keep coming.
    expect(historian.asked).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1000)
    expect(historian.asked).toHaveLength(2)
    expect(historian.asked[1]!.input).toEqual(historian.asked[0]!.input)
    historian.asked[1]!.answer()
    await vi.advanceTimersByTimeAsync(0)
    // The same view, so the answer is drawn; it says up to where history beats the live ring.
    expect(answers).toHaveLength(2)
    expect(answers[1]!.filledUntil).toEqual([10.6 * HOUR, 10.7 * HOUR])
    expect(answers[0]!.filledUntil).toEqual([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY])
    loader.dispose()
  })

  it('ignores backfills of other tags, and of stretches outside the shown range', async () => {
    const { historian, loader } = await loaded()
    loader.backfilled({ tags: ['X'], from: 10.5 * HOUR, to: 10.6 * HOUR })
    loader.backfilled({ tags: ['A'], from: 8 * HOUR, to: 9 * HOUR })
    loader.backfilled({ tags: ['A'], from: 11 * HOUR + 1, to: 12 * HOUR })
    await vi.advanceTimersByTimeAsync(2000)
    expect(historian.asked).toHaveLength(1)
    // A stretch reaching into the range from before it counts.
    loader.backfilled({ tags: ['A'], from: 9 * HOUR, to: 10 * HOUR + 1 })
    await vi.advanceTimersByTimeAsync(2000)
    expect(historian.asked).toHaveLength(2)
    loader.dispose()
  })

  it('keeps one query in flight: a backfill during a query follows it instead of cancelling it', async () => {
    const { historian, answers, loader } = await loaded()
    loader.want(() => range, 800, 2)
    await vi.advanceTimersByTimeAsync(200)
    expect(historian.asked).toHaveLength(2)
    loader.backfilled({ tags: ['A'], from: 10.5 * HOUR, to: 10.6 * HOUR })
    await vi.advanceTimersByTimeAsync(2000)
    expect(historian.asked).toHaveLength(2)
    expect(historian.asked[1]!.signal?.aborted).toBe(false)
    historian.asked[1]!.answer()
    await vi.advanceTimersByTimeAsync(0)
    expect(historian.asked).toHaveLength(3)
    historian.asked[2]!.answer()
    await vi.advanceTimersByTimeAsync(0)
    expect(answers.map((a) => a.filledUntil[0])).toEqual([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, 10.6 * HOUR])
    loader.dispose()
  })

  it('does nothing once disposed', async () => {
    const { historian, loader } = await loaded()
    loader.dispose()
    loader.backfilled({ tags: ['A'], from: 10.5 * HOUR, to: 10.6 * HOUR })
    await vi.advanceTimersByTimeAsync(2000)
    expect(historian.asked).toHaveLength(1)
  })
})
