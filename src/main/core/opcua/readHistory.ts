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
}

export interface ReadHistoryOptions {
  /** Oldest time wanted (epoch ms). */
  sinceMs: number
  untilMs: number
  /** Newest values kept per tag at most; older ones are not read. */
  maxValuesPerTag: number
}

/** Nodes per HistoryRead request: small enough for any server's operation limits. */
const NODES_PER_REQUEST = 64
/** Pages per node at most, in case a server hands out continuation points forever. */
const MAX_PAGES = 100

const EMPTY: TagHistory = { time: new Float64Array(0), value: new Float64Array(0), status: new Uint32Array(0) }

/**
 * Reads the recent raw history of every node (OPC UA HistoryRead, raw), oldest
 * first and paged by continuation points, keeping each node's newest
 * `maxValuesPerTag` values. Forward reads only: they are what every historian
 * serves (node-opcua's own server mishandles a reversed read of several nodes).
 * A node the server keeps no history for yields an empty history, not an error;
 * a failed request (no history service at all) rejects.
 */
export async function readRecentHistory(session: ClientSession, nodeIds: readonly NodeId[], options: ReadHistoryOptions): Promise<TagHistory[]> {
  const cap = options.maxValuesPerTag
  const result: TagHistory[] = []
  for (let first = 0; first < nodeIds.length; first += NODES_PER_REQUEST) {
    const nodes = nodeIds.slice(first, first + NODES_PER_REQUEST)
    const kept = nodes.map(() => [] as DataValue[])
    const continuation = new Map<number, Buffer>()
    let asked = [...nodes.keys()]
    for (let page = 0; asked.length > 0; page++) {
      if (page === MAX_PAGES) {
        await releaseContinuationPoints(session, nodes, continuation)
        break
      }
      const response = await session.historyRead(
        new HistoryReadRequest({
          historyReadDetails: new ReadRawModifiedDetails({
            isReadModified: false,
            startTime: new Date(options.sinceMs),
            endTime: new Date(options.untilMs),
            numValuesPerNode: cap,
            returnBounds: false
          }),
          nodesToRead: asked.map((k) => ({ nodeId: nodes[k]!, ...(continuation.has(k) ? { continuationPoint: continuation.get(k)! } : {}) })),
          timestampsToReturn: TimestampsToReturn.Source
        })
      )
      continuation.clear()
      asked.forEach((k, j) => {
        const r = response.results?.[j]
        if (!r?.statusCode.isGood()) return
        const values = kept[k]!.concat((r.historyData as HistoryData | null)?.dataValues ?? [])
        kept[k] = values.length > cap ? values.slice(values.length - cap) : values
        if (r.continuationPoint && r.continuationPoint.length > 0) continuation.set(k, r.continuationPoint)
      })
      asked = [...continuation.keys()]
    }
    for (const values of kept) result.push(toHistory(values))
  }
  return result
}

/** Continuation points hold server memory: hand back those we will not follow. */
async function releaseContinuationPoints(session: ClientSession, nodes: readonly NodeId[], continuation: Map<number, Buffer>): Promise<void> {
  await session
    .historyRead(
      new HistoryReadRequest({
        historyReadDetails: new ReadRawModifiedDetails({ isReadModified: false, numValuesPerNode: 1, returnBounds: false }),
        nodesToRead: [...continuation].map(([k, continuationPoint]) => ({ nodeId: nodes[k]!, continuationPoint })),
        releaseContinuationPoints: true,
        timestampsToReturn: TimestampsToReturn.Source
      })
    )
    .catch(() => undefined)
}

/** DataValues to columns in strictly increasing time. */
function toHistory(values: DataValue[]): TagHistory {
  if (values.length === 0) return EMPTY
  const time: number[] = []
  const value: number[] = []
  const status: number[] = []
  for (const dv of values) {
    const t = dv.sourceTimestamp?.getTime() ?? dv.serverTimestamp?.getTime()
    // Undated values and repeats of the last time cannot be placed on a time axis.
    if (t === undefined || !Number.isFinite(t) || (time.length > 0 && t <= time.at(-1)!)) continue
    time.push(t)
    value.push(numericValue(dv))
    status.push((dv.statusCode ?? StatusCodes.Good).value >>> 0)
  }
  return { time: Float64Array.from(time), value: Float64Array.from(value), status: Uint32Array.from(status) }
}
