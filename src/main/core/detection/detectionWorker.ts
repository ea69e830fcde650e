/**
 * Worker-thread entry of the anomaly engine. Started by `startDetectionWorker`;
 * after the electron-vite build it must be its own entry (out/main/detectionWorker.js).
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { AnomalyEvent } from '../../../shared/anomaly'
import type { SampleBatch } from '../../../shared/contract'
import type { DetectionOptions, DetectionTag } from './config'
import { createEngineState, stepEngine, tickEngine } from './engine'
import { learnedSummaries, loadLearnedState, resetEquipmentLearning, saveLearnedState } from './learnedState'
import type { LearnedSummary } from './modes'

/** Main thread → worker. */
export type ToWorker =
  | ({ type: 'batch' } & SampleBatch)
  | ({ type: 'replay'; ends?: Uint32Array | undefined } & SampleBatch)
  | { type: 'replay-end' }
  | { type: 'tick'; now: number }
  | { type: 'save'; id: number }
  | { type: 'learned'; id: number }
  | { type: 'reset'; id: number; equipment: string; now: number }

/** Worker → main thread, one per batch or tick. */
export type FromWorker =
  | { type: 'processed'; seq: number; events: AnomalyEvent[]; latencyMs: number }
  | { type: 'failed'; seq: number; message: string }
  | { type: 'log'; line: string }
  | { type: 'reply'; id: number; ok: boolean; message?: string; learned?: LearnedSummary[] }

/** What the worker is started with. */
export interface DetectionWorkerData {
  tags: DetectionTag[]
  options: DetectionOptions
  /** File the learned state is kept in (loaded at start, written on `save`); none: not kept. */
  learnedPath?: string | undefined
}

/**
 * Steps a replayed batch slice by slice: `ends` are the exclusive end indices of its slices
 * (one per publishing interval), so many slices travel in one message yet the engine steps
 * each machine once per slice, as live.
 */
function* slicesOf(msg: SampleBatch & { ends?: Uint32Array | undefined }): Generator<SampleBatch> {
  if (msg.ends === undefined) return yield msg
  let from = 0
  for (const end of msg.ends) {
    yield { seq: msg.seq, tagIndex: msg.tagIndex.subarray(from, end), sourceTime: msg.sourceTime.subarray(from, end), value: msg.value.subarray(from, end), status: msg.status.subarray(from, end) }
    from = end
  }
}

const port = parentPort
if (port) {
  const data = workerData as DetectionWorkerData
  const state = createEngineState(data.tags, data.options)
  const log = (line: string): void => port.postMessage({ type: 'log', line } satisfies FromWorker)
  if (data.learnedPath !== undefined && loadLearnedState(data.learnedPath, state, log)) log(`anomaly engine: learned state restored from ${data.learnedPath}`)
  // Requests that answer with a reply rather than events.
  const answer = (msg: Extract<ToWorker, { id: number }>): FromWorker => {
    if (msg.type === 'learned') return { type: 'reply', id: msg.id, ok: true, learned: learnedSummaries(state) }
    if (msg.type === 'save') {
      if (data.learnedPath === undefined) return { type: 'reply', id: msg.id, ok: false, message: 'no file to keep the learned state in' }
      saveLearnedState(data.learnedPath, state)
      return { type: 'reply', id: msg.id, ok: true }
    }
    const out: AnomalyEvent[] = []
    const ok = resetEquipmentLearning(state, msg.equipment, msg.now, out)
    if (out.length > 0) port.postMessage({ type: 'processed', seq: -1, events: out, latencyMs: 0 } satisfies FromWorker)
    return { type: 'reply', id: msg.id, ok, ...(ok ? {} : { message: `no equipment "${msg.equipment}"` }) }
  }
  // Conditions a replay of past values left open, by event id: only these are news once it ends.
  const replayOpen = new Map<string, AnomalyEvent>()
  // Conditions reported before this replay (an earlier one) that it cleared: news too.
  const replayCleared = new Map<string, AnomalyEvent>()
  const replaySlices = (msg: Extract<ToWorker, { type: 'replay' }>): AnomalyEvent[] => {
    const out: AnomalyEvent[] = []
    for (const slice of slicesOf(msg)) out.push(...stepEngine(state, slice)[1])
    return out
  }
  const step = (msg: ToWorker): AnomalyEvent[] => {
    switch (msg.type) {
      case 'save':
      case 'learned':
      case 'reset':
        return []
      case 'batch':
        return stepEngine(state, msg)[1]
      case 'tick':
        return tickEngine(state, msg.now)[1]
      case 'replay':
        for (const e of replaySlices(msg)) {
          if (e.active) {
            // A condition this replay raised is told once, as a raise carrying its newest estimate.
            const held = replayOpen.get(e.id)
            replayOpen.set(e.id, e.update !== undefined && held !== undefined && held.update === undefined ? { ...e, update: undefined } : e)
            replayCleared.delete(e.id)
          } else if (!replayOpen.delete(e.id)) replayCleared.set(e.id, e)
        }
        return []
      case 'replay-end': {
        const news = [...replayCleared.values(), ...replayOpen.values()]
        replayOpen.clear()
        replayCleared.clear()
        return news
      }
    }
  }
  port.on('message', (msg: ToWorker) => {
    if ('id' in msg) {
      try {
        port.postMessage(answer(msg))
      } catch (e) {
        port.postMessage({ type: 'reply', id: msg.id, ok: false, message: (e as Error).message } satisfies FromWorker)
      }
      return
    }
    const t0 = performance.now()
    const seq = msg.type === 'batch' || msg.type === 'replay' ? msg.seq : -1
    try {
      const reply: FromWorker = { type: 'processed', seq, events: step(msg), latencyMs: performance.now() - t0 }
      port.postMessage(reply)
    } catch (e) {
      // A detector bug must not take the HMI down: report it and keep serving.
      const reply: FromWorker = { type: 'failed', seq, message: e instanceof Error ? (e.stack ?? e.message) : String(e) }
      port.postMessage(reply)
    }
  })
}
