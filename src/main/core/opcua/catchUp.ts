import type { ClientSession } from 'node-opcua'
import { readRecentHistory, type TagHistory } from './readHistory'
import type { MonitoredTag } from './tagSubscription'

/** What one session's history read brought: per tag of the connection, index i for tag i. */
export interface CatchUp {
  /** `warm-start`: the first session's window; `backfill`: a gap after data had flowed. */
  kind: 'warm-start' | 'backfill'
  histories: TagHistory[]
  /** The window read (epoch ms): from the oldest tag's last value (or the warm-start window) to the read. */
  fromMs: number
  toMs: number
  values: number
  /** Tags whose gap could not be read back: not subscribed, or the server keeps no history for them (and why). */
  missing: Array<{ index: number; reason: string }>
}

const EMPTY: TagHistory = { time: new Float64Array(0), value: new Float64Array(0), status: new Uint32Array(0) }

export interface CatchUpOptions {
  tagCount: number
  /** Tag i's newest value already handed on (epoch ms), -Infinity when none: only newer history is kept. */
  lastTime(index: number): number
  /** How far back a tag with no value yet is read (epoch ms). */
  windowStartMs: number
  untilMs: number
  maxValuesPerTag: number
  maxNodesPerHistoryReadData: number
}

/**
 * Reads the history each subscribed tag misses, with one HistoryRead per chunk of nodes
 * (continuation points followed and released, see {@link readRecentHistory}): values newer
 * than the tag's last one and up to `untilMs`, so nothing is handed on twice. A tag with no
 * value yet gets the whole warm-start window. Rejects when the server has no history service.
 */
export async function readCatchUp(session: ClientSession, resolved: readonly MonitoredTag[], options: CatchUpOptions): Promise<CatchUp> {
  const since = (index: number): number => Math.max(options.windowStartMs, options.lastTime(index))
  const fromMs = resolved.reduce((min, t) => Math.min(min, since(t.index)), options.untilMs)
  const kind = resolved.some((t) => options.lastTime(t.index) > Number.NEGATIVE_INFINITY) ? 'backfill' : 'warm-start'
  const read = await readRecentHistory(
    session,
    resolved.map((t) => t.nodeId),
    { sinceMs: fromMs, untilMs: options.untilMs, maxValuesPerTag: options.maxValuesPerTag, maxNodesPerCall: options.maxNodesPerHistoryReadData }
  )
  const histories: TagHistory[] = Array.from({ length: options.tagCount }, () => EMPTY)
  const subscribed = new Set(resolved.map((t) => t.index))
  const missing: CatchUp['missing'] = []
  for (let i = 0; i < options.tagCount; i++) if (!subscribed.has(i)) missing.push({ index: i, reason: 'not subscribed (see its health)' })
  let values = 0
  resolved.forEach((tag, k) => {
    const h = read[k]!
    if (h.error) missing.push({ index: tag.index, reason: h.error })
    const after = since(tag.index)
    let first = 0
    while (first < h.time.length && h.time[first]! <= after) first++
    const kept = first === 0 ? h : { time: h.time.subarray(first), value: h.value.subarray(first), status: h.status.subarray(first) }
    histories[tag.index] = kept
    values += kept.time.length
  })
  missing.sort((a, b) => a.index - b.index)
  return { kind, histories, fromMs, toMs: options.untilMs, values, missing }
}
