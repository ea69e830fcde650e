import type { CommandHandlers, HistorySeries } from '../../../shared/contract'
import { ContractFailure } from '../contractDispatch'
import type { Historian } from './types'

/** Lets the event loop run (a cancel message can arrive), then stops if the request was withdrawn. */
async function checkpoint(signal: AbortSignal | undefined): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve))
  if (signal?.aborted) throw new ContractFailure('cancelled', 'history:query: cancelled by a newer request')
}

const nullable = (values: ArrayLike<number>): (number | null)[] => Array.from(values, (v) => (Number.isFinite(v) ? v : null))

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
      for (const tag of tags) {
        await checkpoint(ctx?.signal)
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
    return { mode: 'raw', tag, t: Array.from(raw.t), value: nullable(raw.v), status: Array.from(raw.s), gaps }
  }
  const d = h.queryDecimated(tag, from, to, maxPoints)
  return {
    mode: 'decimated',
    tag,
    source: d.source,
    bucketMs: d.bucketMs,
    t: d.t,
    n: d.n,
    good: d.good,
    min: nullable(d.min),
    max: nullable(d.max),
    first: nullable(d.first),
    last: nullable(d.last),
    avg: nullable(d.avg),
    gaps
  }
}
