import type { Input, Output, Result } from '../../../../shared/contract'
import type { TagInfo } from '../../../../shared/domain'
import { emptyPoints, historyPoints, type PenPoints } from './penPoints'
import { historyRequest, type TimeRange } from './trendRange'

/** `history:query`; `signal` withdraws it (the host stops work) when a newer range supersedes it. */
export type QueryHistory = (input: Input<'history:query'>, signal?: AbortSignal) => Promise<Result<Output<'history:query'>>>

/** The answer the chart draws from: one {@link PenPoints} per pen, for [from, to). */
export interface LoadedHistory {
  points: PenPoints[]
  from: number
  to: number
  /** What the status line says: the tier and bucket size, or the error. */
  note: string
  /** `performance.now()` when the query was sent (the first-draw figure starts here). */
  requestedAt: number
}

/** Wheel notches come in bursts; asking once the burst is over saves the historian the middle ones. */
const SETTLE_MS = 120

/**
 * Loads a trend's history, decimated to its pixel width, so that at most one
 * query per pen is in flight: a range asked for while one is out cancels it (the
 * host stops that work) and is sent once the asking settles; an answer for a
 * superseded range is dropped. `onLoaded` gets only current answers.
 */
export function createHistoryLoader(
  pens: readonly TagInfo[],
  query: QueryHistory,
  onLoaded: (history: LoadedHistory) => void
): { want(range: () => TimeRange, widthPx: number, version: number): void; dispose(): void } {
  let inFlight: AbortController | null = null
  let wanted: { range: () => TimeRange; widthPx: number; version: number } | null = null
  let latestVersion = -1
  let timer: ReturnType<typeof setTimeout> | undefined
  let disposed = false

  const send = async (): Promise<void> => {
    if (inFlight || disposed || !wanted || pens.length === 0) return
    const { range, widthPx, version } = wanted
    wanted = null
    const abort = new AbortController()
    inFlight = abort
    const request = historyRequest(range(), widthPx)
    const requestedAt = performance.now()
    let result: Result<Output<'history:query'>>
    try {
      result = await query({ tags: pens.map((pen) => pen.name), ...request, mode: 'decimated' }, abort.signal)
    } finally {
      inFlight = null
    }
    if (disposed) return
    // A cancelled query's successor goes out when the settle timer fires, not at once.
    if (abort.signal.aborted) return
    if (version === latestVersion) {
      if (result.ok) {
        const byTag = new Map(result.data.map((series) => [series.tag, series]))
        const first = result.data[0]
        onLoaded({
          points: pens.map((pen) => {
            const series = byTag.get(pen.name)
            return series ? historyPoints(series) : emptyPoints()
          }),
          from: request.from,
          to: request.to,
          note: first?.mode === 'decimated' ? `history from the ${first.source} tier, ${formatBucket(first.bucketMs)} buckets` : 'history',
          requestedAt
        })
      } else {
        onLoaded({ points: pens.map(emptyPoints), from: request.from, to: request.to, note: `history unavailable: ${result.error.message}`, requestedAt })
      }
    }
    if (wanted) void send()
  }

  return {
    want(range, widthPx, version) {
      wanted = { range, widthPx, version }
      latestVersion = version
      inFlight?.abort()
      clearTimeout(timer)
      timer = setTimeout(() => void send(), SETTLE_MS)
    },
    dispose() {
      disposed = true
      inFlight?.abort()
      clearTimeout(timer)
    }
  }
}

function formatBucket(ms: number): string {
  if (ms >= 3_600_000) return `${+(ms / 3_600_000).toFixed(1)} h`
  if (ms >= 60_000) return `${+(ms / 60_000).toFixed(1)} min`
  if (ms >= 1000) return `${+(ms / 1000).toFixed(1)} s`
  return `${Math.round(ms)} ms`
}
