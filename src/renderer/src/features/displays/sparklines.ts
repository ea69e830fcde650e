import { MAX_HISTORY_TAGS, type ContractClient, type HistorySeries } from '../../../../shared/contract'
import { createStore, type ReadableStore } from '../../lib/store'

/** A sparkline's window: the last shift (mines commonly run 12-hour shifts). */
export const SHIFT_MS = 12 * 3_600_000
/** Buckets per sparkline: about one per pixel column of a tile's sparkline. */
export const SPARKLINE_POINTS = 240
/** A shift's sparkline moves one pixel every three minutes; a minute's refresh is plenty. */
export const SPARKLINE_REFRESH_MS = 60_000
/** A tag with no history yet (a historian that just started) is asked again sooner. */
export const SPARKLINE_EMPTY_RETRY_MS = 10_000

/** One tag's decimated history: bucket start times with min, max and average (the answer's columns; not finite: none). */
export interface Spark {
  t: Float64Array
  min: Float64Array
  max: Float64Array
  avg: Float64Array
  from: number
  to: number
}

export interface SparklineLoader {
  /** By tag name; a tag appears once its history came in. */
  series: ReadableStore<ReadonlyMap<string, Spark>>
  /** The tags on screen now: loads those not loaded (or older than the refresh), in a few batched queries. */
  want(tags: readonly string[]): void
  dispose(): void
}

/**
 * Loads sparklines for whatever is on screen, `MAX_HISTORY_TAGS` tags per `history:query`
 * (a 500-tile page is 16 queries, not 500), and refreshes them once a minute.
 */
export function createSparklineLoader(
  client: Pick<ContractClient, 'invoke'>,
  options: { windowMs?: number; points?: number; refreshMs?: number; now?: () => number } = {}
): SparklineLoader {
  const windowMs = options.windowMs ?? SHIFT_MS
  const points = options.points ?? SPARKLINE_POINTS
  const refreshMs = options.refreshMs ?? SPARKLINE_REFRESH_MS
  const now = options.now ?? Date.now
  const series = createStore<ReadonlyMap<string, Spark>>(new Map())
  const loadedAt = new Map<string, number>()
  const pending = new Set<string>()
  let wanted: readonly string[] = []
  let disposed = false

  async function load(tags: string[]): Promise<void> {
    const to = now()
    for (const tag of tags) pending.add(tag)
    for (let i = 0; i < tags.length; i += MAX_HISTORY_TAGS) {
      const chunk = tags.slice(i, i + MAX_HISTORY_TAGS)
      const result = await client.invoke('history:query', { tags: chunk, from: Math.max(0, to - windowMs), to: to + 1, maxPoints: points })
      for (const tag of chunk) pending.delete(tag)
      if (disposed || !result.ok) continue
      const next = new Map(series.get())
      for (const s of result.data) {
        next.set(s.tag, toSpark(s, to - windowMs, to))
        loadedAt.set(s.tag, s.t.length > 0 ? to : to - refreshMs + Math.min(refreshMs, SPARKLINE_EMPTY_RETRY_MS))
      }
      series.set(next)
    }
  }

  function due(): string[] {
    const t = now()
    return wanted.filter((tag) => !pending.has(tag) && t - (loadedAt.get(tag) ?? -Infinity) >= refreshMs)
  }

  const timer = setInterval(
    () => {
      const tags = due()
      if (tags.length > 0) void load(tags)
    },
    Math.min(refreshMs, SPARKLINE_EMPTY_RETRY_MS)
  )

  return {
    series,
    want(tags) {
      wanted = [...new Set(tags)]
      const tagsDue = due()
      if (tagsDue.length > 0) void load(tagsDue)
    },
    dispose() {
      disposed = true
      clearInterval(timer)
    }
  }
}

function toSpark(s: HistorySeries, from: number, to: number): Spark {
  if (s.mode === 'raw') return { t: s.t, min: s.value, max: s.value, avg: s.value, from, to }
  return { t: s.t, min: s.min, max: s.max, avg: s.avg, from, to }
}
