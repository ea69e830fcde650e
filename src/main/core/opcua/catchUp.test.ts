import { DataType, DataValue, HistoryData, HistoryReadResult, resolveNodeId, StatusCodes, Variant, type ClientSession, type HistoryReadRequest, type ReadRawModifiedDetails } from 'node-opcua'
import { describe, expect, it } from 'vitest'
import { CATCH_UP_MARGIN_MS, catchUpStarts, readCatchUp } from './catchUp'

const T = Date.UTC(2026, 11, 1, 6)

/** A server's raw history of one node (times in ms), served newest first up to endTime as HistoryRead does. */
function historyServer(times: number[]): ClientSession {
  return {
    historyRead: async (request: HistoryReadRequest) => {
      const details = request.historyReadDetails as ReadRawModifiedDetails
      const end = details.endTime!.getTime()
      const dataValues = times
        .filter((t) => t <= end)
        .reverse()
        .slice(0, details.numValuesPerNode)
        .map((t) => new DataValue({ value: new Variant({ dataType: DataType.Double, value: t - T }), sourceTimestamp: new Date(t) }))
      return { results: request.nodesToRead!.map(() => new HistoryReadResult({ statusCode: StatusCodes.Good, historyData: new HistoryData({ dataValues }) })) }
    }
  } as unknown as ClientSession
}

describe('catch-up after an outage', () => {
  it('starts every tag that had a value a margin before the newest one, so values the subscription skipped are read back', () => {
    const starts = catchUpStarts(Float64Array.from([T, T - 300, T - 3_600_000, Number.NEGATIVE_INFINITY]), 100)
    expect(Array.from(starts)).toEqual([T - CATCH_UP_MARGIN_MS, T - CATCH_UP_MARGIN_MS, T - CATCH_UP_MARGIN_MS, Number.NEGATIVE_INFINITY])
  })

  it('backfills a value the server historized before the last one received live', async () => {
    // The server historized a value every 100 ms; the subscription coalesced T - 200 into
    // T - 100 (a server folds changes within its sampling interval), then the link went at T.
    const server = Array.from({ length: 400 }, (_, k) => T - 10_000 + k * 100)
    const liveLast = T - 100
    const until = T + 20_000
    const got = await readCatchUp(historyServer(server), [{ index: 0, nodeId: resolveNodeId('ns=1;s=A') }], {
      tagCount: 1,
      lastTime: (i) => catchUpStarts(Float64Array.from([liveLast]), 100)[i]!,
      windowStartMs: T - 60_000,
      untilMs: until,
      maxValuesPerTag: 10_000,
      maxNodesPerHistoryReadData: 0
    })
    const times = Array.from(got.histories[0]!.time)
    expect(times).toContain(T - 200)
    // Every value the server kept from the margin on, the gap included; what was received live is the historian's to keep once.
    expect(times).toEqual(server.filter((t) => t > liveLast - CATCH_UP_MARGIN_MS && t <= until))
  })
})
