import type { ClientSession } from 'node-opcua'
import type { ConnectionInfo, TagInfo } from '../../../shared/domain'
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
  /** Where tag i's catch-up starts (epoch ms, see {@link catchUpStarts}), -Infinity when it had no value: only newer history is kept. */
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
 * than the tag's start and up to `untilMs` (a backfill overlaps the last values received live,
 * which the historian keeps as they are). A tag with no value yet gets the whole warm-start window. Rejects when the server has no history service.
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

/**
 * How far before the newest value received a catch-up reads back: changes still in the
 * server's queues or in flight when the link went (a few publishing intervals), and those
 * the subscription never reported, are covered.
 */
export const CATCH_UP_MARGIN_MS = 10_000

/**
 * Where each tag's catch-up starts: for every tag that had a value, the connection's newest
 * value minus a margin (at least twice the slowest publishing interval); -Infinity for a tag
 * with none yet (it gets the warm-start window). Not from the tag's own last value: a
 * subscription does not hand on every value the server historizes (a server coalesces
 * changes within its sampling interval, a queue overflows, values are in flight when the
 * link goes), so the values just before the last one received are read back too. The
 * historian keeps what it already has at a time (tag, ms) and adds only the rest. Not from
 * further back either: a tag that held still for hours missed nothing before the link went,
 * and reading back to its last change would cost hours of every tag.
 */
export function catchUpStarts(lastTimes: Float64Array, slowestPublishingMs: number): Float64Array {
  const newest = lastTimes.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY)
  const floor = newest - Math.max(CATCH_UP_MARGIN_MS, 2 * slowestPublishingMs)
  return lastTimes.map((t) => (t === Number.NEGATIVE_INFINITY ? t : floor))
}

export interface CatchUpRun {
  tags: readonly TagInfo[]
  endpoint: string
  history: { windowMs: number; maxValuesPerTag: number; onHistory(catchUp: CatchUp): void }
  maxNodesPerHistoryReadData: number
  /** Live values of tag i at or before `time` are to be dropped (a warm start was handed on first). */
  fence(index: number, time: number): void
  disposed(): boolean
  log: { info(msg: string): void; warn(msg: string): void }
  onBackfill(summary: NonNullable<ConnectionInfo['lastBackfill']>): void
}

/**
 * The history each tag missed since `since[i]` (a tag with none: the warm-start window),
 * read on `s` up to now. A warm start (no tag has had a value) is read with the subscription
 * made and values held, and handed over before the first live value, whose repeats of it are
 * fenced off. A backfill is read while live values flow: what it brings is older than them
 * and goes to the historian, never into the live stream. Every catch-up is reported to
 * `onHistory`, a failed one with every tag missing; nothing is reported after dispose.
 */
export async function runCatchUp(s: ClientSession, resolved: readonly MonitoredTag[], since: Float64Array, run: CatchUpRun): Promise<void> {
  const { history, tags, endpoint, log } = run
  const now = Date.now()
  const kind = resolved.some((t) => since[t.index]! > Number.NEGATIVE_INFINITY) ? 'backfill' : 'warm-start'
  const none = (reason: string): void =>
    history.onHistory({ kind, histories: tags.map(() => EMPTY), fromMs: now, toMs: now, values: 0, missing: tags.map((_, index) => ({ index, reason })) })
  if (kind === 'warm-start' && history.windowMs <= 0) return none('no warm start configured')
  try {
    const got = await readCatchUp(s, resolved, {
      tagCount: tags.length,
      lastTime: (i) => since[i]!,
      windowStartMs: now - Math.max(0, history.windowMs),
      untilMs: now,
      maxValuesPerTag: history.maxValuesPerTag,
      maxNodesPerHistoryReadData: run.maxNodesPerHistoryReadData
    })
    if (run.disposed()) return
    if (kind === 'warm-start') got.histories.forEach((h, i) => h.time.length > 0 && run.fence(i, h.time[h.time.length - 1]!))
    const missing = got.missing.map((m) => tags[m.index]!.name)
    if (kind === 'backfill') {
      run.onBackfill({ at: now, fromMs: got.fromMs, toMs: got.toMs, values: got.values, missingTags: missing })
      const why = got.missing.map((m) => `${tags[m.index]!.name} (${m.reason})`).join(', ')
      log.info(`backfilled ${got.values} values from ${endpoint} over ${Math.round((got.toMs - got.fromMs) / 100) / 10} s${missing.length ? `; not backfilled: ${why}` : ''}`)
    } else log.info(`read ${got.values} values of history from ${endpoint} (${got.histories.filter((h) => h.time.length > 0).length} of ${tags.length} tags)`)
    history.onHistory(got)
  } catch (error) {
    if (run.disposed()) return
    const message = (error as Error).message
    log.warn(`no history from ${endpoint}: ${message}; ${kind === 'backfill' ? 'the gap stays a gap' : 'the anomaly engine learns from live values only'}`)
    if (kind === 'backfill') run.onBackfill({ at: now, fromMs: now, toMs: now, values: 0, missingTags: tags.map((t) => t.name) })
    none(message)
  }
}
