import { statSync } from 'node:fs'
import type { SampleBatch } from '../../../shared/contract'
import type { Logger } from '../logger'
import { createReplayedFence, replayLearningWindow, type LearningReplayResult } from './learningReplay'
import type { Historian } from './types'

const DRAIN_TIMEOUT_MS = 60_000

/** The part of the detection worker a long-memory replay drives. */
export interface ReplayTarget {
  replay(batch: SampleBatch, ends?: Uint32Array): void
  endReplay(): void
  onProcessed(cb: (info: { seq: number }) => void): () => void
  /** What each machine learned: none with running hours means no learned state was restored. */
  learned(): Promise<ReadonlyArray<{ runningHours: number }>>
}

export interface LongMemoryOptions {
  historian: Pick<Historian, 'has' | 'queryRaw' | 'rollups'> | undefined
  worker: ReplayTarget
  tags: readonly string[]
  /** The engine's learned-state file: its age says what the engine has already seen. */
  learnedPath: string
  /** Epoch ms now, and the learning window, seconds (`DEFAULT_LEARNING_WINDOW_S`). */
  now: number
  windowS: number
  sliceMs: number
  logger: Logger
  maxValues?: number
}

/**
 * At connect: replays from the historian what the engine has not learned yet, from the
 * learned state's save time (or the start of the learning window when there is none, or
 * it is older) up to now, waiting for the worker chunk by chunk. Returns a filter that
 * drops what was replayed from later batches (the server's history, then live values), so every sample
 * reaches the engine once and in order; identity when nothing was replayed. When the
 * worker stops answering or the historian fails, it says so and goes on with the server's
 * history alone (never throws).
 */
export async function replayLongMemory(o: LongMemoryOptions): Promise<(batch: SampleBatch) => SampleBatch> {
  try {
    return await replay(o)
  } catch (error) {
    o.logger.warn(`anomaly engine: no replay from the historian: ${(error as Error).message}`)
    return identity
  }
}

const identity = (batch: SampleBatch): SampleBatch => batch
const HOUR_MS = 3_600_000

// Whether any tag has data in [from, to): hour rollups, minute rollups of the newest hours, or
// raw values of the newest minutes (not rolled up yet). Cheap reads, stopping at the first hit.
function holdsData(h: NonNullable<LongMemoryOptions['historian']>, tags: readonly string[], from: number, to: number): boolean {
  return tags.some(
    (t) =>
      h.has(t) &&
      (h.rollups(t, '1h', from, to).t.length > 0 || h.rollups(t, '1m', Math.max(from, to - 6 * HOUR_MS), to).t.length > 0 || h.queryRaw(t, Math.max(from, to - HOUR_MS / 4), to).t.length > 0)
  )
}

async function replay(o: LongMemoryOptions): Promise<(batch: SampleBatch) => SampleBatch> {
  if (o.historian === undefined) return identity
  const historian = o.historian
  // A historian with nothing in the window costs nothing, not even waiting for the worker's start.
  if (!holdsData(historian, o.tags, o.now - o.windowS * 1000, o.now)) return identity
  let savedAt = Number.NEGATIVE_INFINITY
  try {
    const mtime = statSync(o.learnedPath).mtimeMs
    // A file the worker discarded (older layout, another tag map) restored nothing: the whole window.
    if ((await o.worker.learned()).some((m) => m.runningHours > 0)) savedAt = mtime
  } catch {
    // No learned state: the whole window.
  }
  const from = Math.max(o.now - o.windowS * 1000, savedAt)
  if (!(from < o.now)) return identity
  let processed = -1
  let waiting: { seq: number; resolve: () => void } | undefined
  const off = o.worker.onProcessed(({ seq }) => {
    processed = Math.max(processed, seq)
    if (waiting && processed >= waiting.seq) {
      waiting.resolve()
      waiting = undefined
    }
  })
  let posted = -1
  // A worker that fails a batch or is gone never reports it: the replay gives up rather than hang the connect.
  const drained = (seq: number): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the anomaly engine did not finish a replayed chunk within ${DRAIN_TIMEOUT_MS / 1000} s`)), DRAIN_TIMEOUT_MS)
      waiting = { seq, resolve: () => (clearTimeout(timer), resolve()) }
    })
  const started = Date.now()
  let result: LearningReplayResult
  try {
    result = await replayLearningWindow({
      historian,
      tags: o.tags,
      from,
      to: o.now,
      sliceMs: o.sliceMs,
      ...(o.maxValues === undefined ? {} : { maxValues: o.maxValues }),
      replay(batch, ends) {
        posted = batch.seq
        o.worker.replay(batch, ends)
      },
      drain: () => (processed >= posted ? Promise.resolve() : drained(posted))
    })
  } finally {
    off()
  }
  if (result.values === 0) return identity
  o.worker.endReplay()
  o.logger.info(
    `anomaly engine: replayed ${result.values} values from the historian since ${new Date(result.from).toISOString()} in ${((Date.now() - started) / 1000).toFixed(1)} s` +
      (result.rollupChunks > 0 ? ` (1-min averages where raw values were gone: ${result.rollupChunks} tag-hours)` : '')
  )
  return createReplayedFence(result.until)
}
