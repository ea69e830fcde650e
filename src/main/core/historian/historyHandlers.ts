import type { CommandHandlers, HistorySeries } from '../../../shared/contract'
import { ContractFailure } from '../contractDispatch'
import type { Historian } from './types'

/**
 * Longest stretch of query work (ms) before the event loop gets a turn: long enough that a
 * quick answer (a zoom served from the rollups, a few ms) goes out in one stretch, short
 * enough that a long one lets a cancel and the live data in.
 */
const QUERY_SLICE_MS = 20

/**
 * Between two tags of one answer: after QUERY_SLICE_MS of work lets the event loop run (a
 * cancel message can arrive), then stops if the request was withdrawn. Yielding before every
 * tag put each quick answer behind whatever else was queued, up to 8 times (200 ms seen).
 */
function createCheckpoint(signal: AbortSignal | undefined): () => Promise<void> {
  let since = performance.now()
  return async () => {
    if (performance.now() - since >= QUERY_SLICE_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve))
      since = performance.now()
    }
    if (signal?.aborted) throw new ContractFailure('cancelled', 'history:query: cancelled by a newer request')
  }
}

/**
 * A column the answer owns whole: a view into a larger buffer is copied out, since
 * structured clone (Electron IPC) would carry the whole buffer behind it.
 */
const own = (column: Float64Array): Float64Array<ArrayBuffer> =>
  column.buffer instanceof ArrayBuffer && column.byteOffset === 0 && column.byteLength === column.buffer.byteLength
    ? (column as Float64Array<ArrayBuffer>)
    : column.slice()

/**
 * The contract's `history:query`, served from the historian: decimated from the right
 * tier, or raw. The contract already checked the range and maxPoints; here an unknown
 * tag, or a raw range holding more than maxPoints samples, is refused with what to change.
 */
export function createHistoryHandlers(historian: () => Historian | undefined): Pick<CommandHandlers, 'history:query' | 'history:disk'> {
  return {
    'history:disk': async () => {
      const h = historian()
      if (!h) throw new ContractFailure('unavailable', 'history:disk: the historian is not running (see the log)')
      return { ...h.diskUsage(), tiers: h.tierUsage() }
    },
    'history:query': async ({ tags, from, to, maxPoints, mode }, ctx) => {
      const h = historian()
      if (!h) throw new ContractFailure('unavailable', 'history:query: the historian is not running (see the log)')
      const unknown = tags.filter((tag) => !h.has(tag))
      if (unknown.length > 0) throw new ContractFailure('not-found', `history:query: unknown tag ${unknown.map((t) => `"${t}"`).join(', ')}`)
      // One tag at a time with a checkpoint between: a superseded zoom stops after the tag under way.
      const answer: HistorySeries[] = []
      const checkpoint = createCheckpoint(ctx?.signal)
      for (const tag of tags) {
        await checkpoint()
        answer.push(seriesOf(h, tag, from, to, maxPoints, mode))
      }
      return answer
    }
  }
}

/** One tag's answer: raw samples, or buckets from the right tier. */
function seriesOf(h: Historian, tag: string, from: number, to: number, maxPoints: number, mode: 'raw' | 'decimated' | undefined): HistorySeries {
  const gaps = h.gaps(tag, from, to).map((g) => ({ start: g.start, end: g.end, reason: g.reason }))
  if (mode === 'raw') {
    const raw = h.queryRaw(tag, from, to)
    if (raw.t.length > maxPoints) {
      throw new ContractFailure(
        'invalid-input',
        `history:query: "${tag}" has ${raw.t.length} samples in the range, more than maxPoints (${maxPoints}); narrow the range or ask for decimated`
      )
    }
    return { mode: 'raw', tag, t: own(raw.t), value: own(raw.v), status: Uint32Array.from(raw.s), gaps }
  }
  const d = h.queryDecimated(tag, from, to, maxPoints)
  return {
    mode: 'decimated',
    tag,
    source: d.source,
    bucketMs: d.bucketMs,
    t: Float64Array.from(d.t),
    n: Uint32Array.from(d.n),
    good: Uint32Array.from(d.good),
    min: Float64Array.from(d.min),
    max: Float64Array.from(d.max),
    first: Float64Array.from(d.first),
    last: Float64Array.from(d.last),
    avg: Float64Array.from(d.avg),
    gaps
  }
}
