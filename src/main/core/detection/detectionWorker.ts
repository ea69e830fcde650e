/**
 * Worker-thread entry of the anomaly engine. Started by `startDetectionWorker`;
 * after the electron-vite build it must be its own entry (out/main/detectionWorker.js).
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { AnomalyEvent } from '../../../shared/anomaly'
import type { SampleBatch } from '../../../shared/contract'
import type { DetectionOptions, DetectionTag } from './config'
import { createEngineState, stepEngine, tickEngine } from './engine'

/** Main thread → worker. */
export type ToWorker =
  | ({ type: 'batch' } & SampleBatch)
  | ({ type: 'replay' } & SampleBatch)
  | { type: 'replay-end' }
  | { type: 'tick'; now: number }

/** Worker → main thread, one per batch or tick. */
export type FromWorker =
  | { type: 'processed'; seq: number; events: AnomalyEvent[]; latencyMs: number }
  | { type: 'failed'; seq: number; message: string }

/** What the worker is started with. */
export interface DetectionWorkerData {
  tags: DetectionTag[]
  options: DetectionOptions
}

const port = parentPort
if (port) {
  const data = workerData as DetectionWorkerData
  const state = createEngineState(data.tags, data.options)
  // Conditions a replay of past values left open, by event id: only these are news once it ends.
  const replayOpen = new Map<string, AnomalyEvent>()
  const step = (msg: ToWorker): AnomalyEvent[] => {
    switch (msg.type) {
      case 'batch':
        return stepEngine(state, msg)[1]
      case 'tick':
        return tickEngine(state, msg.now)[1]
      case 'replay':
        for (const e of stepEngine(state, msg)[1]) {
          if (e.active) replayOpen.set(e.id, e)
          else replayOpen.delete(e.id)
        }
        return []
      case 'replay-end': {
        const open = [...replayOpen.values()]
        replayOpen.clear()
        return open
      }
    }
  }
  port.on('message', (msg: ToWorker) => {
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
