import { isGoodStatus } from '../../../shared/domain'

/** What decimation reads: a time-ordered series, e.g. a {@link SampleRing}. */
export interface SeriesView {
  readonly length: number
  timeAt(i: number): number
  valueAt(i: number): number
  statusAt(i: number): number
  /** First index whose time is at or after `time`. */
  lowerBound(time: number): number
}

/** Decimated points; `null` marks a gap (a bad-quality value) that the trend must not bridge. */
export interface DecimatedSeries {
  time: number[]
  value: (number | null)[]
  /** Raw samples that fell inside the window. */
  samplesInWindow: number
}

/**
 * Min/max per pixel column over [t0, t1]: at most two points per column, kept in
 * time order so the line's shape survives. The last sample before t0 is included
 * so the line enters from the left edge instead of starting mid-air, and a good
 * last value is held to t1: the plant reports by exception, so a quiet tag still
 * has a value (it turns into a gap once a bad-quality sample says otherwise).
 */
export function decimateMinMax(series: SeriesView, t0: number, t1: number, columns: number): DecimatedSeries {
  const out: DecimatedSeries = { time: [], value: [], samplesInWindow: 0 }
  if (series.length === 0 || !(t1 > t0) || columns < 1) return out
  const msPerColumn = (t1 - t0) / columns
  const first = series.lowerBound(t0)
  const start = Math.max(0, first - 1)

  let column = Number.NaN
  let minT = 0
  let minV = 0
  let maxT = 0
  let maxV = 0
  let open = false

  const flush = (): void => {
    if (!open) return
    open = false
    if (minT === maxT) {
      pushPoint(out, minT, minV)
    } else if (minT < maxT) {
      pushPoint(out, minT, minV)
      pushPoint(out, maxT, maxV)
    } else {
      pushPoint(out, maxT, maxV)
      pushPoint(out, minT, minV)
    }
  }

  for (let i = start; i < series.length; i++) {
    const t = series.timeAt(i)
    if (t > t1) break
    if (t >= t0) out.samplesInWindow++
    const c = t < t0 ? -1 : Math.min(columns - 1, Math.floor((t - t0) / msPerColumn))
    if (c !== column) {
      flush()
      column = c
    }
    if (!isGoodStatus(series.statusAt(i))) {
      flush()
      if (out.value[out.value.length - 1] !== null) pushPoint(out, t, null)
      continue
    }
    const v = series.valueAt(i)
    if (!open) {
      open = true
      minT = maxT = t
      minV = maxV = v
    } else if (v < minV) {
      minT = t
      minV = v
    } else if (v > maxV) {
      maxT = t
      maxV = v
    }
  }
  flush()
  const lastTime = out.time[out.time.length - 1]
  const lastValue = out.value[out.value.length - 1]
  if (lastTime !== undefined && lastTime < t1 && lastValue !== null && lastValue !== undefined) pushPoint(out, t1, lastValue)
  return out
}

function pushPoint(out: DecimatedSeries, t: number, v: number | null): void {
  out.time.push(t)
  out.value.push(v)
}
