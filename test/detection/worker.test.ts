import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { AnomalyEvent } from '../../src/shared/anomaly'
import { AnomalyEventSchema } from '../../src/shared/anomaly'
import { SampleBatchSchema } from '../../src/shared/contract'
import { resolveWorkerEntry, startDetectionWorker } from '../../src/main/core/detection/worker'
import { testTag } from '../../src/main/core/detection/testSupport'

describe('detection worker', () => {
  it('runs the engine off the main thread on transferred batches', async () => {
    const tags = [testTag({ name: 'CV-1.MotorTemp', index: 3, action: 'check cooling' })]
    const worker = startDetectionWorker(tags, { tickIntervalMs: 0 })
    try {
      const got = new Promise<AnomalyEvent[]>((done) => worker.onEvents(done))
      const latency = new Promise<number>((done) => worker.onProcessed((p) => done(p.latencyMs)))
      const batch = {
        seq: 1,
        tagIndex: Uint32Array.of(3, 3, 3, 3),
        sourceTime: Float64Array.of(1000, 2000, 4000, 6000),
        value: Float64Array.of(80, 95, 96, 97),
        status: new Uint32Array(4)
      }
      SampleBatchSchema.parse(batch)
      worker.push(batch)
      expect(batch.value.length).toBe(0)
      const all = await got
      // A new machine is learned for 24 h of running: the operator sees that, as information.
      expect(all.find((e) => e.kind === 'info')?.message).toMatch(/learning this machine/)
      const events = all.filter((e) => e.kind !== 'info')
      expect(events.map((e) => [e.condition, e.active, e.action])).toEqual([['limit:CV-1.MotorTemp:H', true, 'check cooling']])
      AnomalyEventSchema.parse(events[0])
      expect(await latency).toBeGreaterThanOrEqual(0)
    } finally {
      await worker.dispose()
    }
  })

  it('replays the past silently and then reports only the conditions still open', async () => {
    const tags = [testTag({ name: 'CV-1.MotorTemp', index: 0 })]
    const worker = startDetectionWorker(tags, { tickIntervalMs: 0 })
    try {
      const reports: AnomalyEvent[][] = []
      worker.onEvents((events) => reports.push(events))
      const processed = new Promise<void>((done) => worker.onProcessed((p) => p.seq === 99 && done()))
      const rows = (t0: number, values: number[]) => ({
        seq: t0,
        tagIndex: new Uint32Array(values.length),
        sourceTime: Float64Array.from(values, (_, i) => t0 + i * 1000),
        value: Float64Array.from(values),
        status: new Uint32Array(values.length)
      })
      // Over H and back: an occurrence that began and ended in the past.
      worker.replay(rows(1_000, [80, 95, 96, 97, 98, 97]))
      worker.replay(rows(10_000, [80, 80, 80, 80, 80, 80]))
      // Over H again, and still there when the replay ends.
      worker.replay(rows(20_000, [95, 96, 97, 98, 97, 96]))
      worker.endReplay()
      worker.push(rows(99, []))
      await processed
      expect(reports).toHaveLength(1)
      const open = reports[0]!.filter((e) => e.kind !== 'info')
      expect(open.map((e) => [e.condition, e.active, e.time])).toEqual([['limit:CV-1.MotorTemp:H', true, expect.any(Number)]])
      expect(open[0]!.time).toBeGreaterThanOrEqual(20_000)
    } finally {
      await worker.dispose()
    }
  })

  it('reports a prediction a replay raised and then updated as one raise carrying its newest ETA', async () => {
    const tags = [testTag({ name: 'CV-1.BearingTemp', index: 0, detectors: { disable: ['limit'] } })]
    const worker = startDetectionWorker(tags, { tickIntervalMs: 0, minRunningS: 0 })
    try {
      const reports: AnomalyEvent[][] = []
      worker.onEvents((events) => reports.push(events))
      const processed = new Promise<void>((done) => worker.onProcessed((p) => p.seq === 99 && done()))
      // 60 °C for two hours, then accelerating towards H (90 °C, reached an hour in); the replay ends 50 min in.
      const n = 7200 + 3000
      const values = Float64Array.from({ length: n }, (_, s) => 60 + 0.2 * Math.sin(s * 1.7) + (s > 7200 ? 30 * ((s - 7200) / 3600) ** 2 : 0))
      worker.replay(
        { seq: 1, tagIndex: new Uint32Array(n), sourceTime: Float64Array.from(values, (_, s) => s * 1000), value: values, status: new Uint32Array(n) },
        Uint32Array.from({ length: n }, (_, i) => i + 1)
      )
      worker.endReplay()
      worker.push({ seq: 99, tagIndex: new Uint32Array(0), sourceTime: new Float64Array(0), value: new Float64Array(0), status: new Uint32Array(0) })
      await processed
      const trend = reports.flat().filter((e) => e.detector === 'trend')
      expect(trend).toHaveLength(1)
      expect(trend[0]).toMatchObject({ kind: 'predictive', active: true, etaLimit: 'H' })
      expect(trend[0]!.update).toBeUndefined()
      // The newest estimate, not the raise's: made well into the rise, and near the truth (10 min left).
      expect(trend[0]!.time).toBeGreaterThan(7200_000 + 1800_000)
      expect(Math.abs(trend[0]!.time / 1000 + trend[0]!.etaSeconds! - 10_800)).toBeLessThan(600)
    } finally {
      await worker.dispose()
    }
  })

  it('keeps what it learned in a file, says what it learned, and resets a machine on request', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-learned-'))
    const learnedPath = join(dir, 'learned.bin')
    writeFileSync(learnedPath, 'garbage from an older Plantwatch')
    const lines: string[] = []
    const tags = [testTag({ name: 'CV-1.MotorTemp', index: 0 })]
    const worker = startDetectionWorker(tags, { tickIntervalMs: 0, learnedPath, onLog: (l) => lines.push(l) })
    try {
      const values = Array.from({ length: 120 }, (_, i) => 60 + Math.sin(i))
      worker.push({ seq: 1, tagIndex: new Uint32Array(120), sourceTime: Float64Array.from(values, (_, i) => 1e12 + i * 60_000), value: Float64Array.from(values), status: new Uint32Array(120) })
      const [cv] = await worker.learned()
      expect(cv!.equipment).toBe('CV-1')
      expect(cv!.runningHours).toBeGreaterThan(1.9)
      await worker.save()
      await worker.resetLearning('CV-1', 1e12 + 7_200_000)
      expect((await worker.learned())[0]!.runningHours).toBe(0)
      await expect(worker.resetLearning('nope', 0)).rejects.toThrow(/no equipment "nope"/)
      expect(lines).toEqual([expect.stringMatching(/learned\.bin discarded, learning restarts/)])
    } finally {
      await worker.dispose()
    }
    const again = startDetectionWorker([testTag({ name: 'CV-1.MotorTemp', index: 0 })], { tickIntervalMs: 0, learnedPath, onLog: (l) => lines.push(l) })
    try {
      expect((await again.learned())[0]!.runningHours).toBeGreaterThan(1.9)
      expect(lines.at(-1)).toMatch(/learned state restored/)
    } finally {
      await again.dispose()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('prefers a built entry next to the bundle and says what to configure when there is none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-worker-'))
    try {
      const base = pathToFileURL(join(dir, 'index.js'))
      expect(() => resolveWorkerEntry(base)).toThrow(/rollupOptions\.input/)
      writeFileSync(join(dir, 'detectionWorker.js'), '')
      expect(resolveWorkerEntry(base)).toEqual({ url: pathToFileURL(join(dir, 'detectionWorker.js')), source: false })
      expect(resolveWorkerEntry().source).toBe(true)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
