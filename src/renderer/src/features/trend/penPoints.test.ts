import { describe, expect, it } from 'vitest'
import type { HistorySeries } from '../../../../shared/contract'
import { OPC_STATUS } from '../../../../shared/domain'
import { SampleRing } from '../../../../shared/sampleRing'
import { historyPoints, joinHistoryAndLive, qualityOf, ringPoints, type Quality } from './penPoints'

/** A test's columns as the answer's typed arrays: null is NaN (no value). */
const f64 = (values: readonly (number | null)[] = []) => Float64Array.from(values, (v) => v ?? Number.NaN)
const u32 = (values: readonly number[] = []) => Uint32Array.from(values)

type Columns = Partial<Record<'t' | 'min' | 'max' | 'first' | 'last' | 'avg', (number | null)[]> & Record<'n' | 'good', number[]>>
const decimated = ({ t, n, good, min, max, first, last, avg, ...over }: Columns & { gaps?: HistorySeries['gaps'] }): HistorySeries => ({
  mode: 'decimated',
  tag: 'T',
  source: '1m',
  bucketMs: 100,
  t: f64(t),
  n: u32(n),
  good: u32(good),
  min: f64(min),
  max: f64(max),
  first: f64(first),
  last: f64(last),
  avg: f64(avg),
  gaps: [],
  ...over
})

describe('quality', () => {
  it('reads the OPC UA severity bits', () => {
    expect(qualityOf(OPC_STATUS.Good)).toBe('good')
    expect(qualityOf(OPC_STATUS.UncertainLastUsableValue)).toBe('uncertain')
    expect(qualityOf(OPC_STATUS.BadNoCommunication)).toBe('bad')
  })
})

describe('historyPoints', () => {
  it('spreads first, min, max, last over a bucket in the order the line went', () => {
    const points = historyPoints(decimated({ t: [0], n: [5], good: [5], first: [2], min: [1], max: [9], last: [8] }))
    expect(points.time).toEqual([0, 25, 50, 75])
    expect(points.value).toEqual([2, 1, 9, 8])
    expect(points.quality).toEqual(['good', 'good', 'good', 'good'])
    const falling = historyPoints(decimated({ t: [0], n: [5], good: [5], first: [8], min: [1], max: [9], last: [2] }))
    expect(falling.value).toEqual([8, 9, 1, 2])
  })

  it('leaves a bucket that only holds a value to the step line, and breaks at one with nothing', () => {
    const points = historyPoints(
      decimated({ t: [0, 100, 200], n: [1, 0, 0], good: [1, 0, 0], first: [5, null, null], min: [5, null, null], max: [5, null, null], last: [5, null, null], avg: [5, 5, null] })
    )
    expect(points.time).toEqual([0, 200])
    expect(points.value).toEqual([5, null])
  })

  it('marks partly Good and not Good buckets', () => {
    const points = historyPoints(decimated({ t: [0, 100], n: [4, 4], good: [2, 0], first: [1, 1], min: [1, 1], max: [1, 1], last: [1, 1] }))
    expect(points.quality).toEqual(['partial', 'bad'])
  })

  it('breaks the line at a recorded gap and at a missing bucket', () => {
    const one = { n: 1, good: 1, v: 5 }
    const points = historyPoints(
      decimated({
        t: [0, 100, 400],
        n: [one.n, one.n, one.n],
        good: [1, 1, 1],
        first: [5, 5, 5],
        min: [5, 4, 5],
        max: [5, 6, 5],
        last: [5, 5, 5],
        gaps: [{ start: 150, end: 300, reason: 'link lost' }]
      })
    )
    // The gap starts inside the second bucket: the line breaks right after that bucket's points, times still rising.
    expect(points.time.filter((_t, i) => points.value[i] === null)).toEqual([175])
    expect(points.value.indexOf(null)).toBe(5)
    expect(points.time).toEqual([...points.time].sort((a, b) => a - b))
    // A bucket left out is a quiet tag, not a gap; a flat bucket is a single point.
    const quiet = historyPoints(decimated({ t: [0, 300], n: [1, 1], good: [1, 1], first: [5, 5], min: [5, 5], max: [5, 5], last: [5, 5] }))
    expect(quiet).toEqual({ time: [0, 300], value: [5, 5], quality: ['good', 'good'] })
  })

  it('takes raw samples as they are, NaN as a gap', () => {
    const points = historyPoints({ mode: 'raw', tag: 'T', t: f64([1, 2, 3]), value: f64([1, null, 3]), status: u32([0, OPC_STATUS.BadNoCommunication, OPC_STATUS.UncertainLastUsableValue]), gaps: [] })
    expect(points.value).toEqual([1, null, 3])
    expect(points.quality).toEqual(['good', 'bad', 'uncertain'])
  })
})

describe('ringPoints', () => {
  const ring = (samples: [number, number, number][]): SampleRing => {
    const r = new SampleRing(1000)
    for (const [t, v, s] of samples) r.push(t, v, s)
    return r
  }

  it('keeps min and max per column and never folds a doubtful sample into a Good column', () => {
    const r = ring([
      [0, 1, 0],
      [1, 9, 0],
      [2, 5, 0],
      [3, 4, OPC_STATUS.UncertainLastUsableValue]
    ])
    const points = ringPoints(r, 0, 10, 1, 10)
    expect(points.value).toEqual([1, 9, 4])
    expect(points.quality).toEqual(['good', 'good', 'uncertain'])
  })

  it('breaks at a sample without a value and holds a Good last value to now', () => {
    const r = ring([
      [0, 1, 0],
      [5, Number.NaN, OPC_STATUS.BadNoCommunication],
      [7, 3, 0]
    ])
    const points = ringPoints(r, 0, 20, 20, 12)
    expect(points.time).toEqual([0, 5, 7, 12])
    expect(points.value).toEqual([1, null, 3, 3])
  })
})

describe('joinHistoryAndLive', () => {
  it('takes history before the ring and leaves a gap where neither has data', () => {
    const history = { time: [0, 10, 20], value: [1, 2, 3], quality: ['good', 'good', 'good'] as const }
    const live = { time: [50, 60], value: [5, 6], quality: ['good', 'good'] as const }
    const joined = joinHistoryAndLive({ ...history, quality: [...history.quality] }, 30, { ...live, quality: [...live.quality] }, 50)
    expect(joined.time).toEqual([0, 10, 20, 30, 50, 60])
    expect(joined.value).toEqual([1, 2, 3, null, 5, 6])
    const overlapping = joinHistoryAndLive({ ...history, quality: [...history.quality] }, 60, { ...live, quality: [...live.quality] }, 15)
    expect(overlapping.time).toEqual([0, 10, 50, 60])
  })

  it('takes history over a backfilled stretch the ring missed, times still rising', () => {
    // The ring: a value, its stale mark when the link dropped, and values again after the reconnect.
    const live = { time: [0, 10, 40, 50], value: [1, null, 4, 5], quality: ['good', 'bad', 'good', 'good'] as Quality[] }
    // The historian, asked after the backfill of [10, 40): the outage's values read back from the server.
    const history = { time: [0, 20, 30, 40], value: [1, 2, 3, 4], quality: ['good', 'good', 'good', 'good'] as Quality[] }
    const joined = joinHistoryAndLive(history, 60, live, 40)
    expect(joined.time).toEqual([0, 20, 30, 40, 50])
    expect(joined.value).toEqual([1, 2, 3, 4, 5])
  })
})
