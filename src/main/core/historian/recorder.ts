import type { CommandHandlers, SampleBatch } from '../../../shared/contract'
import type { ConnectionState } from '../../../shared/domain'
import type { Logger } from '../logger'
import { openHistorian } from './historian'
import { createHistoryHandlers } from './historyHandlers'
import type { GapHandle, Historian, HistorianStatus, RetentionPolicy } from './types'

/** What the core asks of its historian: record every batch, and the link's outages as gaps. */
export interface Recorder {
  /** The tag map in force: batch index i is `names[i]`. */
  useTags(names: readonly string[]): void
  /** Live batches, the server's history and stale marks alike; older values are merged as backfill. */
  record(batch: SampleBatch): void
  /** Opens a 'link-lost' gap when the plant link leaves `connected`, closes it when it returns. */
  connectionChanged(state: ConnectionState): void
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
  let outage: GapHandle | undefined
  let started = false

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
      outage = historian.openGap('not-connected', now)
    },
    record(batch) {
      historian?.append(batch)
    },
    connectionChanged(state) {
      if (!historian) return
      if (state.status === 'connected' && outage) {
        historian.closeGap(outage, state.since)
        outage = undefined
      } else if (state.status !== 'connected' && !outage) outage = historian.openGap('link-lost', state.since)
    },
    handlers: createHistoryHandlers(() => historian),
    reader: () => historian,
    dispose() {
      if (outage) historian?.closeGap(outage, clock())
      historian?.close()
    }
  }
}
