import {
  HistoryReadRequest,
  ReadRawModifiedDetails,
  StatusCodes,
  TimestampsToReturn,
  type ClientSession,
  type DataValue,
  type HistoryData,
  type NodeId
} from 'node-opcua'
import { numericValue } from './numericValue'

/** One tag's past values, oldest first. */
export interface TagHistory {
  time: Float64Array
  value: Float64Array
  status: Uint32Array
  /** Why the server gave no history for this node (its StatusCode name), when it refused. */
  error?: string
}

export interface ReadHistoryOptions {
  /** Oldest time wanted (epoch ms). */
  sinceMs: number
  untilMs: number
  /** Newest values kept per tag at most; older ones are not read. */
  maxValuesPerTag: number
  /** The server's MaxNodesPerHistoryReadData; 0 or absent: no limit. */
  maxNodesPerCall?: number
}

/** Values one HistoryRead response may carry over all its nodes: a few MB on the wire. */
const VALUES_PER_REQUEST = 100_000
/** Pages per node at most, in case a server hands out continuation points forever. */
const MAX_PAGES = 100

const EMPTY: TagHistory = { time: new Float64Array(0), value: new Float64Array(0), status: new Uint32Array(0) }

/**
 * Reads each node's newest raw values up to `untilMs` (OPC UA HistoryRead, raw, no
 * start time: the server answers newest first, up to `maxValuesPerTag`), keeps those
 * at or after `sinceMs` and returns them oldest first. The cost is bounded by the cap,
 * however fast the historian recorded. A node the server keeps no history for yields
 * an empty history, not an error; a failed request (no history service) rejects.
 */
export async function readRecentHistory(session: ClientSession, nodeIds: readonly NodeId[], options: ReadHistoryOptions): Promise<TagHistory[]> {
  const cap = options.maxValuesPerTag
  const byValues = Math.max(1, Math.floor(VALUES_PER_REQUEST / cap))
  const perRequest = options.maxNodesPerCall ? Math.min(byValues, options.maxNodesPerCall) : byValues
  const result: TagHistory[] = []
  for (let first = 0; first < nodeIds.length; first += perRequest) {
    const nodes = nodeIds.slice(first, first + perRequest)
    const newestFirst = nodes.map(() => [] as DataValue[])
    const errors = new Map<number, string>()
    const continuation = new Map<number, Buffer>()
    let asked = [...nodes.keys()]
    for (let page = 0; asked.length > 0 && page < MAX_PAGES; page++) {
      const response = await session.historyRead(
        new HistoryReadRequest({
          historyReadDetails: new ReadRawModifiedDetails({ isReadModified: false, endTime: new Date(options.untilMs), numValuesPerNode: cap, returnBounds: false }),
          nodesToRead: asked.map((k) => ({ nodeId: nodes[k]!, ...(continuation.has(k) ? { continuationPoint: continuation.get(k)! } : {}) })),
          timestampsToReturn: TimestampsToReturn.Source
        })
      )
      continuation.clear()
      asked.forEach((k, j) => {
        const r = response.results?.[j]
        if (!r?.statusCode.isGood()) return void errors.set(k, r?.statusCode.name ?? 'BadNoData')
        const got = newestFirst[k]!
        got.push(...((r.historyData as HistoryData | null)?.dataValues ?? []))
        const oldest = got.at(-1)?.sourceTimestamp?.getTime() ?? Number.POSITIVE_INFINITY
        // A server whose page limit is below ours pages on; stop once the window or the cap is covered.
        if (r.continuationPoint?.length && got.length < cap && oldest >= options.sinceMs) continuation.set(k, r.continuationPoint)
        else if (r.continuationPoint?.length) void releaseContinuationPoint(session, nodes[k]!, r.continuationPoint)
      })
      asked = [...continuation.keys()]
    }
    newestFirst.forEach((values, k) => {
      const history = toHistory(values.slice(0, cap).reverse(), options.sinceMs)
      result.push(errors.has(k) ? { ...history, error: errors.get(k)! } : history)
    })
  }
  return result
}

/** Continuation points hold server memory: hand back one we will not follow. */
async function releaseContinuationPoint(session: ClientSession, nodeId: NodeId, continuationPoint: Buffer): Promise<void> {
  await session
    .historyRead(
      new HistoryReadRequest({
        historyReadDetails: new ReadRawModifiedDetails({ isReadModified: false, numValuesPerNode: 1, returnBounds: false }),
        nodesToRead: [{ nodeId, continuationPoint }],
        releaseContinuationPoints: true,
        timestampsToReturn: TimestampsToReturn.Source
      })
    )
    .catch(() => undefined)
}

/** Oldest-first DataValues to columns from `sinceMs` on, in strictly increasing time. */
function toHistory(values: DataValue[], sinceMs: number): TagHistory {
  if (values.length === 0) return EMPTY
  const time: number[] = []
  const value: number[] = []
  const status: number[] = []
  for (const dv of values) {
    const t = dv.sourceTimestamp?.getTime() ?? dv.serverTimestamp?.getTime()
    // Undated values and repeats of the last time cannot be placed on a time axis.
    if (t === undefined || !Number.isFinite(t) || t < sinceMs || (time.length > 0 && t <= time.at(-1)!)) continue
    time.push(t)
    value.push(numericValue(dv).value)
    status.push((dv.statusCode ?? StatusCodes.Good).value >>> 0)
  }
  return { time: Float64Array.from(time), value: Float64Array.from(value), status: Uint32Array.from(status) }
}
