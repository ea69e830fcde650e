import type { EventPayload, Input, Output, Result } from '../../../../shared/contract'
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
  /**
   * Per pen, the end of the latest stretch the historian backfilled before this query went
   * out (-Infinity: none). The answer holds those values and the live ring does not (they
   * were read back after a reconnect), so up to here history wins over the ring.
   */
  filledUntil: number[]
}

export interface HistoryLoader {
  /** The range to show (a function: a live range moves), drawn `widthPx` wide; `version` names the view. */
  want(range: () => TimeRange, widthPx: number, version: number): void
  /**
   * The historian stored a gap it read back (`history:backfilled`): when a pen is among its
   * tags and the shown range overlaps [from, to), the shown range is asked again.
   */
  backfilled(event: EventPayload<'history:backfilled'>): void
  dispose(): void
}

/** Wheel notches come in bursts; asking once the burst is over saves the historian the middle ones. */
const SETTLE_MS = 120
/** A reconnect backfills each connection's tags in turn: one query once the events are over. */
const BACKFILL_SETTLE_MS = 500

interface Wanted {
  range: () => TimeRange
  widthPx: number
  version: number
}

/**
 * Loads a trend's history, decimated to its pixel width, so that at most one
 * query per pen is in flight: a range asked for while one is out cancels it (the
 * host stops that work) and is sent once the asking settles; an answer for a
 * superseded range is dropped. `onLoaded` gets only current answers. A backfill of
 * a shown pen's shown range asks again once the backfills settle, after any query out.
 */
export function createHistoryLoader(pens: readonly TagInfo[], query: QueryHistory, onLoaded: (history: LoadedHistory) => void): HistoryLoader {
  let inFlight: AbortController | null = null
  let wanted: Wanted | null = null
  let shown: Wanted | null = null
  let latestVersion = -1
  let timer: ReturnType<typeof setTimeout> | undefined
  let disposed = false
  const filledUntil = pens.map(() => Number.NEGATIVE_INFINITY)

  const sendAfter = (ms: number): void => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      timer = undefined
      void send()
    }, ms)
  }

  const send = async (): Promise<void> => {
    if (inFlight || disposed || !wanted || pens.length === 0) return
    const { range, widthPx, version } = wanted
    wanted = null
    const abort = new AbortController()
    inFlight = abort
    const request = historyRequest(range(), widthPx)
    const requestedAt = performance.now()
    const filled = [...filledUntil]
    let result: Result<Output<'history:query'>>
    try {
      result = await query({ tags: pens.map((pen) => pen.name), ...request, mode: 'decimated' }, abort.signal)
    } finally {
      inFlight = null
    }
    if (disposed) return
    if (!abort.signal.aborted && version === latestVersion) {
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
          requestedAt,
          filledUntil: filled
        })
      } else {
        onLoaded({ points: pens.map(emptyPoints), from: request.from, to: request.to, note: `history unavailable: ${result.error.message}`, requestedAt, filledUntil: filled })
      }
    }
    // Asked for while this one was out: its turn once the asking has settled (the timer
    // fired meanwhile), else the timer sends it. A cancelled query's successor waits the same way.
    if (wanted && timer === undefined) void send()
  }

  return {
    want(range, widthPx, version) {
      wanted = shown = { range, widthPx, version }
      latestVersion = version
      inFlight?.abort()
      sendAfter(SETTLE_MS)
    },
    backfilled({ tags, from, to }) {
      const hit = pens.map((pen) => tags.includes(pen.name))
      hit.forEach((isHit, p) => {
        if (isHit) filledUntil[p] = Math.max(filledUntil[p]!, to)
      })
      if (disposed || !shown || !hit.includes(true)) return
      const [start, end] = shown.range()
      if (from > end || to <= start) return
      // The same view asked again: its answer is current. A query already out was sent
      // before the backfill was stored, so it is not cancelled but followed.
      wanted ??= shown
      sendAfter(BACKFILL_SETTLE_MS)
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
