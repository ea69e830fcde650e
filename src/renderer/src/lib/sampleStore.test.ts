import { describe, expect, it, vi } from 'vitest'
import type { SampleBatch } from '../../../shared/contract'
import { isGoodStatus } from '../../../shared/domain'
import { createSampleStore, LIVE_SAMPLES_PER_TAG, SAMPLES_PER_TAG } from './sampleStore'
import { createLatencyRecorder } from './latencyRecorder'

const batch = (rows: [tag: number, time: number, value: number][]): SampleBatch => ({
  seq: 1,
  tagIndex: Uint32Array.from(rows.map((r) => r[0])),
  sourceTime: Float64Array.from(rows.map((r) => r[1])),
  value: Float64Array.from(rows.map((r) => r[2])),
  status: new Uint32Array(rows.length)
})

describe('createSampleStore', () => {
  it('files each value under its tag and notifies once per batch', () => {
    const store = createSampleStore({ now: () => 1_050 })
    const listener = vi.fn()
    store.subscribe(listener)
    store.ingest(batch([[0, 1_000, 1], [3, 1_000, 30], [0, 1_010, 2]]))
    expect(listener).toHaveBeenCalledTimes(1)
    expect(store.series(0)?.length).toBe(2)
    expect(store.series(0)?.valueAt(1)).toBe(2)
    expect(store.series(3)?.valueAt(0)).toBe(30)
    expect(store.series(1)).toBeUndefined()
    expect(store.latency.latencies()).toEqual([50, 50, 40])
    expect(store.latency.valuesReceived()).toBe(3)
  })

  it('keeps a trend window for the kept tags only, and gives it back when a tag is no longer kept', () => {
    const store = createSampleStore()
    const rows = (tag: number, n: number): [number, number, number][] => Array.from({ length: n }, (_, i) => [tag, i, i])
    store.keep([1])
    store.ingest(batch([...rows(0, LIVE_SAMPLES_PER_TAG * 3), ...rows(1, LIVE_SAMPLES_PER_TAG * 3)]))
    expect(store.series(0)!.length).toBe(LIVE_SAMPLES_PER_TAG)
    expect(store.series(0)!.timeAt(0)).toBe(LIVE_SAMPLES_PER_TAG * 2)
    expect(store.series(1)!.length).toBe(LIVE_SAMPLES_PER_TAG * 3)
    expect(store.series(1)!.maxCapacity).toBe(SAMPLES_PER_TAG)
    store.keep([0])
    expect(store.series(1)!.length).toBe(LIVE_SAMPLES_PER_TAG)
    expect(store.series(0)!.maxCapacity).toBe(SAMPLES_PER_TAG)
  })

  it('marks the latest good values stale, once', () => {
    const store = createSampleStore()
    store.ingest(batch([[0, 100, 1], [1, 100, 2]]))
    const listener = vi.fn()
    store.subscribe(listener)
    store.markStale(150)
    store.markStale(160)
    const ring = store.series(0)!
    expect(ring.length).toBe(2)
    expect(ring.timeAt(1)).toBe(150)
    expect(isGoodStatus(ring.statusAt(1))).toBe(false)
    expect(listener).toHaveBeenCalledTimes(1)
    expect(store.latency.valuesReceived()).toBe(2)
  })

  it('restores a snapshot without counting it, never going back in time', () => {
    const store = createSampleStore({ now: () => 1_000 })
    store.ingest(batch([[0, 500, 5]]))
    store.markStale(600)
    store.ingest(batch([[1, 700, 7]]))
    store.restore({ tagIndex: [0, 1, 2], sourceTime: [100, 650, 300], value: [1, 6, null], status: [0, 0, 0] }, 900)
    // Tag 0: the snapshot's good value supersedes our stale mark, stamped at the restore.
    expect(store.series(0)!.timeAt(2)).toBe(900)
    expect(store.series(0)!.valueAt(2)).toBe(1)
    // Tag 1: we already have something newer.
    expect(store.series(1)!.length).toBe(1)
    // Tag 2: new, and a null value is NaN.
    expect(Number.isNaN(store.series(2)!.valueAt(0))).toBe(true)
    expect(store.latency.valuesReceived()).toBe(2)
  })

  it('backfills history in front of live values, per tag, without counting it', () => {
    const store = createSampleStore({ now: () => 1_000 })
    store.ingest(batch([[0, 300, 3], [0, 400, 4]]))
    const listener = vi.fn()
    store.subscribe(listener)
    // Oldest first per tag (a raw history answer's columns); tag 0 overlaps the live values.
    store.backfill([
      { tagIndex: 0, t: Float64Array.of(100, 200, 300), value: Float64Array.of(1, NaN, 99), status: Uint32Array.of(0, 0x80000000, 0) },
      { tagIndex: 5, t: Float64Array.of(100, 200), value: Float64Array.of(10, 20), status: Uint32Array.of(0, 0) }
    ])
    expect(listener).toHaveBeenCalledTimes(1)
    const ring = store.series(0)!
    expect(Array.from({ length: ring.length }, (_, i) => ring.timeAt(i))).toEqual([100, 200, 300, 400])
    expect(Number.isNaN(ring.valueAt(1))).toBe(true)
    expect(isGoodStatus(ring.statusAt(1))).toBe(false)
    expect(ring.valueAt(2)).toBe(3)
    expect(store.series(5)!.valueAt(1)).toBe(20)
    expect(store.latency.valuesReceived()).toBe(2)
    expect(store.latency.latencies()).toHaveLength(2)

    // Nothing older: nobody is told.
    store.backfill([{ tagIndex: 0, t: [100], value: [1], status: [0] }])
    expect(listener).toHaveBeenCalledTimes(1)
  })

  it('clears history in place so versions keep rising', () => {
    const store = createSampleStore()
    store.ingest(batch([[0, 1, 1]]))
    const before = store.series(0)!.version
    store.clear()
    expect(store.series(0)!.length).toBe(0)
    expect(store.series(0)!.version).toBeGreaterThan(before)
  })
})

describe('createLatencyRecorder', () => {
  it('keeps the newest latencies within its capacity and counts every value', () => {
    const recorder = createLatencyRecorder(3)
    recorder.record(Float64Array.of(90, 80), 100)
    recorder.record(Float64Array.of(70, 60), 100)
    expect(recorder.latencies()).toEqual([20, 30, 40])
    expect(recorder.valuesReceived()).toBe(4)
    recorder.reset()
    expect(recorder.latencies()).toEqual([])
    expect(recorder.valuesReceived()).toBe(0)
  })
})
