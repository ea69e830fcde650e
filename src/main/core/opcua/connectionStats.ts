import type { ConnectionInfo, ConnectionState } from '../../../shared/domain'
import type { SampleBatcher } from '../samples/sampleBatcher'

/** What {@link ConnectionStats.info} adds the counters to: the connection's identity and live state. */
export type ConnectionBasics = Omit<ConnectionInfo, 'sessions' | 'reconnects' | 'values' | 'lastError' | 'lastBackfill'>

/**
 * The counters of one OPC UA connection that its diagnostics show (issue 10, item 13):
 * sessions made, reconnects, values handed on, the last error and the last backfill.
 */
export interface ConnectionStats {
  /** `batcher`, counting every value pushed through it. */
  counting(batcher: SampleBatcher): SampleBatcher
  /** A session was created (by our loop, or a new one node-opcua restored). */
  sessionCreated(): void
  /**
   * Call before the state changes from `previous` to `next`: a return to connected after an
   * earlier connection counts as a reconnect; a failure's or reconnect's reason, with the time
   * now, is the last error.
   */
  stateChanging(previous: ConnectionState, next: Pick<ConnectionState, 'status' | 'reason'>): void
  /** The summary of the latest HistoryRead backfill. */
  backfilled(summary: NonNullable<ConnectionInfo['lastBackfill']>): void
  /** The diagnostics of the connection: `basics` plus the counters (optional ones only once set). */
  info(basics: ConnectionBasics): ConnectionInfo
}

/** Counters start at zero; the clock is the wall clock, as in the connection's states. */
export function createConnectionStats(): ConnectionStats {
  let sessions = 0
  let reconnects = 0
  let values = 0
  let everConnected = false
  let lastError: ConnectionInfo['lastError']
  let lastBackfill: ConnectionInfo['lastBackfill']
  return {
    counting: (batcher) => ({
      push(index, time, value, status) {
        values++
        batcher.push(index, time, value, status)
      },
      flush: () => batcher.flush()
    }),
    sessionCreated: () => void sessions++,
    stateChanging(previous, next) {
      if (next.status === 'connected' && previous.status !== 'connected' && everConnected) reconnects++
      if (next.status === 'connected') everConnected = true
      if ((next.status === 'failed' || next.status === 'reconnecting') && next.reason) lastError = { at: Date.now(), message: next.reason }
    },
    backfilled: (summary) => void (lastBackfill = summary),
    info: (basics) => ({
      ...basics,
      sessions,
      reconnects,
      values,
      ...(lastError ? { lastError } : {}),
      ...(lastBackfill ? { lastBackfill } : {})
    })
  }
}
