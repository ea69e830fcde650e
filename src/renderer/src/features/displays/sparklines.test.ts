import { describe, expect, it } from 'vitest'
import { MAX_HISTORY_TAGS, type Input, type Output, type Result } from '../../../../shared/contract'
import { createSparklineLoader } from './sparklines'

/** A historian answering `history:query` with one bucket per tag (none for tags named Empty*). */
function fakeHistorian() {
  const calls: Input<'history:query'>[] = []
  const client = {
    invoke: (async (_channel: 'history:query', input: Input<'history:query'>): Promise<Result<Output<'history:query'>>> => {
      calls.push(input)
      return {
        ok: true,
        data: input.tags.map((tag) => {
          const empty = tag.startsWith('Empty')
          return {
            mode: 'decimated' as const,
            tag,
            source: 'raw' as const,
            bucketMs: 1000,
            t: Float64Array.from(empty ? [] : [input.from]),
            n: Uint32Array.from(empty ? [] : [1]),
            good: Uint32Array.from(empty ? [] : [1]),
            min: Float64Array.from(empty ? [] : [1]),
            max: Float64Array.from(empty ? [] : [3]),
            first: Float64Array.from(empty ? [] : [1]),
            last: Float64Array.from(empty ? [] : [3]),
            avg: Float64Array.from(empty ? [] : [2]),
            gaps: []
          }
        })
      }
    }) as never
  }
  return { client, calls }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('createSparklineLoader', () => {
  it('asks for a page of tiles in queries of at most MAX_HISTORY_TAGS tags, once until the refresh is due', async () => {
    let now = 1_000_000_000
    const { client, calls } = fakeHistorian()
    const loader = createSparklineLoader(client, { now: () => now, refreshMs: 60_000, windowMs: 3_600_000, points: 100 })
    const tags = Array.from({ length: 70 }, (_, i) => `T${i}`)
    loader.want(tags)
    await settle()
    expect(calls.map((c) => c.tags.length)).toEqual([MAX_HISTORY_TAGS, MAX_HISTORY_TAGS, 70 - 2 * MAX_HISTORY_TAGS])
    expect(calls[0]).toMatchObject({ from: now - 3_600_000, to: now + 1, maxPoints: 100 })
    expect(loader.series.get().get('T69')).toMatchObject({ avg: Float64Array.of(2), min: Float64Array.of(1), max: Float64Array.of(3) })
    loader.want(tags)
    await settle()
    expect(calls).toHaveLength(3)
    now += 60_000
    loader.want(['T1'])
    await settle()
    expect(calls.at(-1)!.tags).toEqual(['T1'])
    loader.dispose()
  })

  it('asks again sooner for a tag the historian has nothing on yet', async () => {
    let now = 1_000_000_000
    const { client, calls } = fakeHistorian()
    const loader = createSparklineLoader(client, { now: () => now, refreshMs: 60_000 })
    loader.want(['Empty1', 'Full'])
    await settle()
    now += 10_000
    loader.want(['Empty1', 'Full'])
    await settle()
    expect(calls.map((c) => c.tags)).toEqual([['Empty1', 'Full'], ['Empty1']])
    loader.dispose()
  })
})
