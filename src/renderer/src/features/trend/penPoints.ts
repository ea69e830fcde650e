import type { HistorySeries } from '../../../../shared/contract'
import type { SeriesView } from '../../../../shared/sampleRing'

/** How far a point can be trusted: OPC UA severity, or `partial` for a bucket with some Good samples. */
export type Quality = 'good' | 'partial' | 'uncertain' | 'bad'

/**
 * One pen's points in time order, columnar. A `null` value is a gap (no value
 * recorded, or one that is not a number): the line must break there.
 */
export interface PenPoints {
  time: number[]
  value: (number | null)[]
  quality: Quality[]
}

export const emptyPoints = (): PenPoints => ({ time: [], value: [], quality: [] })

/** OPC UA severity from the top two bits of a StatusCode (Part 4 §7.39): 00 Good, 01 Uncertain, 1x Bad. */
export function qualityOf(status: number): Quality {
  const severity = status >>> 30
  return severity === 0 ? 'good' : severity === 1 ? 'uncertain' : 'bad'
}

function push(out: PenPoints, t: number, v: number | null, q: Quality): void {
  const value = v !== null && Number.isFinite(v) ? v : null
  // Two gap marks in a row say nothing more than one.
  if (value === null && out.value.length > 0 && out.value[out.value.length - 1] === null) return
  out.time.push(t)
  out.value.push(value)
  out.quality.push(q)
}

function bucketQuality(n: number, good: number): Quality {
  return good >= n ? 'good' : good === 0 ? 'bad' : 'partial'
}

/** A number the line can draw, or null (NaN and infinities in the historian's columns are no value). */
const drawable = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) ? v : null)

/**
 * One `history:query` answer as points, read straight from its typed columns. A decimated
 * bucket gives first, min and max (in the order the line went: down then up if it ended
 * higher) and last, spread over the bucket's width (the bucket is a pixel column, so where
 * inside it they sit cannot be seen); a flat bucket is one point. Each recorded gap
 * becomes a `null`, so the line is never drawn across a stretch nobody recorded.
 */
export function historyPoints(series: HistorySeries): PenPoints {
  const out = emptyPoints()
  const gapStarts = series.gaps.map((gap) => gap.start).sort((a, b) => a - b)
  let g = 0
  const gapsBefore = (t: number): void => {
    // A gap that starts inside the last bucket breaks the line right after that bucket's points: times must keep rising.
    while (g < gapStarts.length && gapStarts[g]! <= t) push(out, Math.max(gapStarts[g++]!, out.time[out.time.length - 1] ?? 0), null, 'bad')
  }
  const { t: times } = series
  if (series.mode === 'raw') {
    const { value, status } = series
    for (let i = 0; i < times.length; i++) {
      const t = times[i]!
      gapsBefore(t)
      push(out, t, drawable(value[i]), qualityOf(status[i] ?? 0))
    }
  } else {
    const b = series.bucketMs
    for (let i = 0; i < times.length; i++) {
      const t = times[i]!
      // An empty bucket is a quiet tag (values come by exception), not a gap: only recorded gaps break the line.
      gapsBefore(t)
      const n = series.n[i] ?? 0
      // No sample but a held value (its time-weighted average): the step line already holds it.
      if (n === 0 && drawable(series.avg[i]) !== null) continue
      const q = bucketQuality(n, series.good[i] ?? 0)
      const first = drawable(series.first[i])
      const last = drawable(series.last[i])
      const min = drawable(series.min[i])
      const max = drawable(series.max[i])
      if (first === null && last === null && min === null) {
        push(out, t, null, q)
        continue
      }
      if (first === last && min === max && first === min) {
        push(out, t, first, q)
        continue
      }
      const rising = (last ?? 0) >= (first ?? 0)
      push(out, t, first ?? min, q)
      push(out, t + b / 4, rising ? min : max, q)
      push(out, t + b / 2, rising ? max : min, q)
      push(out, t + (3 * b) / 4, last ?? max, q)
    }
  }
  gapsBefore(Number.POSITIVE_INFINITY)
  return out
}

/**
 * The live ring over [t0, t1] as points, min/max per pixel column and per run
 * of equal quality, so a Bad or Uncertain sample is never folded into a Good
 * column. The sample before t0 enters the line from the left edge; a last Good
 * value is held to `holdUntil` (values come by exception, so a quiet tag still has one).
 */
export function ringPoints(ring: SeriesView, t0: number, t1: number, columns: number, holdUntil: number): PenPoints {
  const out = emptyPoints()
  if (ring.length === 0 || !(t1 > t0) || columns < 1) return out
  const msPerColumn = (t1 - t0) / columns
  let column = Number.NaN
  let runQuality: Quality = 'good'
  let open = false
  let minT = 0
  let minV = 0
  let maxT = 0
  let maxV = 0
  const flush = (): void => {
    if (!open) return
    open = false
    if (minT === maxT) push(out, minT, minV, runQuality)
    else if (minT < maxT) {
      push(out, minT, minV, runQuality)
      push(out, maxT, maxV, runQuality)
    } else {
      push(out, maxT, maxV, runQuality)
      push(out, minT, minV, runQuality)
    }
  }
  for (let i = Math.max(0, ring.lowerBound(t0) - 1); i < ring.length; i++) {
    const t = ring.timeAt(i)
    if (t > t1) break
    const q = qualityOf(ring.statusAt(i))
    const v = ring.valueAt(i)
    const c = t < t0 ? -1 : Math.min(columns - 1, Math.floor((t - t0) / msPerColumn))
    if (c !== column || q !== runQuality) {
      flush()
      column = c
      runQuality = q
    }
    if (!Number.isFinite(v)) {
      flush()
      push(out, t, null, q)
      continue
    }
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
  const n = out.time.length
  const lastValue = out.value[n - 1]
  if (n > 0 && lastValue !== null && lastValue !== undefined && out.quality[n - 1] === 'good') {
    const until = Math.min(t1, holdUntil)
    if (until > out.time[n - 1]!) push(out, until, lastValue, 'good')
  }
  return out
}

/**
 * History up to `liveFrom` (where the live ring starts, or where a backfilled stretch the
 * ring missed ends), then the ring: live values win where both have the stretch. If the
 * history answer ended before `liveFrom` (`historyTo`), the stretch between is unknown here
 * and stays a gap. Live points older than the last history point taken are left out, so
 * times keep rising.
 */
export function joinHistoryAndLive(history: PenPoints, historyTo: number, live: PenPoints, liveFrom: number): PenPoints {
  if (live.time.length === 0) return history
  const out = emptyPoints()
  for (let i = 0; i < history.time.length && history.time[i]! < liveFrom; i++) {
    push(out, history.time[i]!, history.value[i]!, history.quality[i]!)
  }
  const historyEnd = out.time[out.time.length - 1] ?? Number.NEGATIVE_INFINITY
  if (out.time.length > 0 && historyTo < liveFrom) push(out, historyTo, null, 'bad')
  for (let i = 0; i < live.time.length; i++) {
    if (live.time[i]! >= historyEnd) push(out, live.time[i]!, live.value[i]!, live.quality[i]!)
  }
  return out
}
