import type { CommandHandlers, SampleBatch } from '../../../shared/contract'
import type { ConnectionState } from '../../../shared/domain'
import type { Logger } from '../logger'
import { openHistorian } from './historian'
import { createHistoryHandlers } from './historyHandlers'
import type { Historian, HistorianStatus, RetentionPolicy } from './types'

/** What the core asks of its historian: record every batch, and the link's outages as gaps. */
export interface Recorder {
  /** The tag map in force: batch index i is `names[i]`. */
  useTags(names: readonly string[]): void
  /** Live batches, the server's history and stale marks alike; older values are merged as backfill. */
  record(batch: SampleBatch): void
  /**
   * One connection's link changed. An outage of its `tags` starts when it leaves `connected`
   * ('not-connected' before its first connection, 'link-lost' after) and is written as a
   * gap when it comes back, for the tags whose values could not be read back (see
   * `backfilled`); a run that ends mid-outage writes it whole.
   */
  linkChanged(connection: string, tags: readonly string[], state: ConnectionState): void
  /**
   * The connection's last outage was read back from the server's history, except for
   * `missing` tags: only those keep the gap. A warm start reports before the connection
   * says `connected`, a backfill after; an outage that ended waits for its report.
   */
  backfilled(connection: string, missing: readonly string[]): void
  handlers: Pick<CommandHandlers, 'history:query' | 'history:disk'>
  /** The historian to read from (the anomaly engine's long memory); undefined when it could not open. */
  reader(): Historian | undefined
  dispose(): void
}

export interface RecorderOptions {
  file: string
  logger: Logger
  clock: () => number
  retention?: Partial<RetentionPolicy>
  /** Writing failed, resumed, or the file was replaced: the core raises or clears a system alarm. */
  onStatus(status: HistorianStatus): void
}

/**
 * Opens the historian for the core and records the start as a gap: from the last write
 * of the previous run ('not-running'), then until the plant link is up ('not-connected').
 * A historian that cannot open at all leaves the live view running and says why.
 */
export function startRecorder(options: RecorderOptions): Recorder {
  const { logger, clock } = options
  let historian: Historian | undefined
  try {
    historian = openHistorian({ file: options.file, clock, retention: options.retention, onStatus: options.onStatus })
    if (historian.status().state === 'replaced') options.onStatus(historian.status())
  } catch (error) {
    logger.error(`historian not started, nothing will be recorded: ${(error as Error).message}`)
    options.onStatus({ state: 'degraded', message: `historian not started: ${(error as Error).message}`, at: clock() })
  }
  /** Open outages per connection, written when they end (so a backfilled stretch is never a gap). */
  const outages = new Map<string, { start: number; reason: string; tags: readonly string[]; missing?: readonly string[] }>()
  /** Outages that ended, waiting for their backfill's report. */
  const ended = new Map<string, { start: number; end: number; reason: string; tags: readonly string[] }>()
  const connected = new Set<string>()
  let started = false
  const writeOutage = (o: { start: number; reason: string; tags: readonly string[]; missing?: readonly string[] }, end: number): void => {
    const tags = o.missing ?? o.tags
    if (historian && tags.length > 0 && end > o.start) historian.openGap(o.reason, o.start, { end, tags })
  }

  return {
    useTags(names) {
      if (!historian) return
      historian.useTags(names)
      if (started) return
      started = true
      const now = clock()
      if (historian.lastWriteBefore !== undefined && historian.lastWriteBefore < now) {
        historian.openGap('not-running', historian.lastWriteBefore, { end: now })
      }
    },
    record(batch) {
      historian?.append(batch)
    },
    linkChanged(connection, tags, state) {
      const open = outages.get(connection)
      if (state.status === 'connected') {
        if (open?.missing) writeOutage(open, state.since)
        else if (open) ended.set(connection, { ...open, end: state.since })
        outages.delete(connection)
        connected.add(connection)
      } else if (!open) {
        const waiting = ended.get(connection)
        if (waiting) writeOutage(waiting, waiting.end)
        ended.delete(connection)
        outages.set(connection, { start: state.since, reason: connected.has(connection) ? 'link-lost' : 'not-connected', tags })
      }
    },
    backfilled(connection, missing) {
      const waiting = ended.get(connection)
      const open = outages.get(connection)
      if (waiting) writeOutage({ ...waiting, missing }, waiting.end)
      else if (open) open.missing = missing
      ended.delete(connection)
    },
    handlers: createHistoryHandlers(() => historian),
    reader: () => historian,
    dispose() {
      for (const o of outages.values()) writeOutage({ ...o, missing: undefined }, clock())
      for (const o of ended.values()) writeOutage(o, o.end)
      historian?.close()
    }
  }
}
