import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { AnomalyEvent } from '../../../shared/anomaly'
import type { SampleBatch } from '../../../shared/contract'
import type { DetectionOptions, DetectionTag } from './config'
import type { DetectionWorkerData, FromWorker, ToWorker } from './detectionWorker'
import type { LearnedSummary } from './modes'

/** Options of {@link startDetectionWorker}; all optional. */
export interface DetectionWorkerOptions extends DetectionOptions {
  /** Worker entry to run instead of the one found next to this module. */
  workerUrl?: URL
  /** Clock for the stale check (epoch ms); injected so tests control time. */
  clock?: () => number
  /** How often the stale check runs; 0 disables it. */
  tickIntervalMs?: number
  /** Move the batch's buffers to the worker (the caller's arrays become empty). */
  transfer?: boolean
  /** Called when the worker fails or a batch could not be processed. */
  onError?: (error: Error) => void
  /** File the learned state is kept in: restored at start (a bad or older one is discarded), written by `save`. */
  learnedPath?: string
  /** Receives the worker's log lines (e.g. a discarded learned state). */
  onLog?: (line: string) => void
}

/** A running detection worker. */
export interface DetectionWorker {
  /** Hands one batch to the worker; events arrive through `onEvents`. */
  push(batch: SampleBatch): void
  /**
   * Feeds past values (a warm start from the server's history) so detectors learn
   * without waiting. Events during a replay are held back; `endReplay` then reports
   * the conditions still open, once.
   */
  replay(batch: SampleBatch, ends?: Uint32Array): void
  endReplay(): void
  /** Writes the learned state to `learnedPath` (atomic); rejects without one. */
  save(): Promise<void>
  /** What each machine has learned: regimes, hours in each, settle time. */
  learned(): Promise<LearnedSummary[]>
  /**
   * Forgets what was learned about one machine (after a repair); its learned conditions
   * clear through `onEvents`. `now` is epoch ms (source time). Rejects for an unknown machine.
   */
  resetLearning(equipment: string, now: number): Promise<void>
  /** Listens to raised and cleared anomalies; returns the unsubscribe. */
  onEvents(cb: (events: AnomalyEvent[]) => void): () => void
  /** Listens to every processed batch with its in-worker latency (for the bench). */
  onProcessed(cb: (info: { seq: number; latencyMs: number; events: number }) => void): () => void
  dispose(): Promise<void>
}

// Built: electron-vite emits the entry next to the bundle (or one folder up from a shared
// chunk). Source (vitest, tsx): run the TypeScript entry through tsx's loader.
const BUILT_ENTRY = 'detectionWorker.js'
const SOURCE_ENTRY = 'detectionWorker.ts'

/** Finds the worker entry and the Node flags it needs. Exported for tests. */
export function resolveWorkerEntry(base: string | URL = import.meta.url): { url: URL; source: boolean } {
  for (const rel of [`./${BUILT_ENTRY}`, `../${BUILT_ENTRY}`]) {
    const url = new URL(rel, base)
    if (existsSync(fileURLToPath(url))) return { url, source: false }
  }
  const source = new URL(`./${SOURCE_ENTRY}`, base)
  if (existsSync(fileURLToPath(source))) return { url: source, source: true }
  throw new Error(
    `detection worker entry not found next to ${String(base)}: add detectionWorker: resolve('src/main/core/detection/detectionWorker.ts') to main.build.rollupOptions.input in electron.vite.config.ts`
  )
}

// `--import tsx` in a worker's execArgv is ignored by Node 20, so a TypeScript entry is
// started by a tiny script that registers tsx's loader in the worker first.
function tsBootstrap(entry: URL): string {
  // require.resolve picks the CommonJS build, whose loader registration breaks when imported; use the ES build beside it.
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api')
  const api = pathToFileURL(cjs.replace(/\.cjs$/, '.mjs')).href
  return `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}) })`
}

/**
 * Runs the anomaly engine on a worker thread, fed by the same columnar batches as
 * the trends. Events come back as raised/cleared {@link AnomalyEvent}s.
 */
export function startDetectionWorker(tags: DetectionTag[], options: DetectionWorkerOptions = {}): DetectionWorker {
  const { workerUrl, clock = Date.now, tickIntervalMs = 1000, transfer = true, onError, learnedPath, onLog, ...detection } = options
  const entry = workerUrl ? { url: workerUrl, source: workerUrl.pathname.endsWith('.ts') } : resolveWorkerEntry()
  const data: DetectionWorkerData = { tags, options: detection, learnedPath }
  const pending = new Map<number, { resolve: (m: Extract<FromWorker, { type: 'reply' }>) => void; reject: (e: Error) => void }>()
  let nextId = 1
  const worker = entry.source ? new Worker(tsBootstrap(entry.url), { eval: true, workerData: data }) : new Worker(entry.url, { workerData: data })
  const eventListeners = new Set<(events: AnomalyEvent[]) => void>()
  const processedListeners = new Set<(info: { seq: number; latencyMs: number; events: number }) => void>()
  const fail = (e: Error): void => (onError ? onError(e) : console.error('[detection]', e))
  worker.on('message', (msg: FromWorker) => {
    if (msg.type === 'failed') return fail(new Error(`batch ${msg.seq}: ${msg.message}`))
    if (msg.type === 'log') return onLog ? onLog(msg.line) : console.log(msg.line)
    if (msg.type === 'reply') {
      const p = pending.get(msg.id)
      pending.delete(msg.id)
      return msg.ok ? p?.resolve(msg) : p?.reject(new Error(msg.message ?? 'failed'))
    }
    for (const cb of processedListeners) cb({ seq: msg.seq, latencyMs: msg.latencyMs, events: msg.events.length })
    if (msg.events.length > 0) for (const cb of eventListeners) cb(msg.events)
  })
  worker.on('error', fail)
  const timer = tickIntervalMs > 0 ? setInterval(() => post({ type: 'tick', now: clock() }), tickIntervalMs) : null
  timer?.unref()
  let disposed = false
  function post(msg: ToWorker, buffers: ArrayBuffer[] = []): void {
    if (!disposed) worker.postMessage(msg, buffers)
  }
  function request(make: (id: number) => Extract<ToWorker, { id: number }>): Promise<Extract<FromWorker, { type: 'reply' }>> {
    const id = nextId++
    return new Promise((resolve, reject) => {
      if (disposed) return reject(new Error('detection worker disposed'))
      pending.set(id, { resolve, reject })
      post(make(id))
    })
  }
  function send(msg: Extract<ToWorker, SampleBatch>): void {
    if (!transfer) return post(msg)
    // One buffer may back several arrays (a decoded WebSocket frame): transfer each once.
    const buffers = new Set<ArrayBuffer>()
    for (const a of [msg.tagIndex, msg.sourceTime, msg.value, msg.status]) {
      if (a.buffer instanceof ArrayBuffer) buffers.add(a.buffer)
    }
    post(msg, [...buffers])
  }
  return {
    push(batch) {
      send({ type: 'batch', ...batch })
    },
    replay(batch, ends) {
      send({ type: 'replay', ...batch, ...(ends === undefined ? {} : { ends }) })
    },
    endReplay() {
      post({ type: 'replay-end' })
    },
    async save() {
      await request((id) => ({ type: 'save', id }))
    },
    async learned() {
      return (await request((id) => ({ type: 'learned', id }))).learned ?? []
    },
    async resetLearning(equipment, now) {
      await request((id) => ({ type: 'reset', id, equipment, now }))
    },
    onEvents(cb) {
      eventListeners.add(cb)
      return () => eventListeners.delete(cb)
    },
    onProcessed(cb) {
      processedListeners.add(cb)
      return () => processedListeners.delete(cb)
    },
    async dispose() {
      if (disposed) return
      disposed = true
      if (timer) clearInterval(timer)
      eventListeners.clear()
      processedListeners.clear()
      for (const p of pending.values()) p.reject(new Error('detection worker disposed'))
      pending.clear()
      await worker.terminate()
    }
  }
}
