import type { Tag } from '../../../shared/tagMap'
import type { RuntimeCounters } from '../../../shared/workOrders'
import type { DecimatedSeries, Historian } from '../historian/types'

const HOUR_MS = 3_600_000
/**
 * Buckets per counter query: fine enough that a start inside a bucket is rarely hidden by
 * another (a day of history is read in ~20 s buckets), few enough to stay a cheap query.
 */
const COUNTER_BUCKETS = 5_000
/** A state tag at or above this is running (the Running feedback is 0/1). */
const RUNNING_AT = 0.5

const usable = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v)

/** The part of bucket i inside [from, to), ms. */
const spanOf = (s: DecimatedSeries, i: number, from: number, to: number): number =>
  Math.max(0, Math.min(s.t[i]! + s.bucketMs, to) - Math.max(s.t[i]!, from))

/**
 * Running hours and starts from a 0/1 state tag's buckets: hours from each bucket's
 * time-weighted average, starts from stopped → running edges between and inside buckets
 * (a bucket that stops and starts again counts one start: a lower bound at coarse tiers).
 */
export function runningFrom(s: DecimatedSeries, from: number, to: number): { hours: number; starts: number } {
  let ms = 0
  let starts = 0
  let previous: number | undefined
  for (let i = 0; i < s.t.length; i++) {
    const [avg, first, last, min, max] = [s.avg[i], s.first[i], s.last[i], s.min[i], s.max[i]]
    if (usable(avg)) ms += avg * spanOf(s, i, from, to)
    if (!usable(first) || !usable(last)) continue
    if (usable(previous) && previous < RUNNING_AT && first >= RUNNING_AT) starts++
    if (first < RUNNING_AT && last >= RUNNING_AT) starts++
    else if (first >= RUNNING_AT && usable(min) && usable(max) && min < RUNNING_AT && last >= RUNNING_AT) starts++
    previous = last
  }
  return { hours: ms / HOUR_MS, starts }
}

/** Energy from a kWh counter's buckets: the sum of its rises; a fall is a counter reset or rollover, not negative energy. */
export function energyFromCounter(s: DecimatedSeries): number {
  let kwh = 0
  let previous: number | undefined
  for (let i = 0; i < s.t.length; i++) {
    for (const v of [s.first[i], s.last[i]]) {
      if (!usable(v)) continue
      if (usable(previous) && v > previous) kwh += v - previous
      previous = v
    }
  }
  return kwh
}

/** Energy as the integral of a kW tag's time-weighted averages, in source hours. */
export function energyFromPower(s: DecimatedSeries, from: number, to: number): number {
  let kwh = 0
  for (let i = 0; i < s.t.length; i++) {
    const avg = s.avg[i]
    if (usable(avg)) kwh += (avg * spanOf(s, i, from, to)) / HOUR_MS
  }
  return kwh
}

/**
 * When a tag's record begins in [from, to), to about a second: a bucket's average covers only
 * the part of it with data, so the first bucket must begin at the first sample. Narrows
 * down from the first bucket with samples in a few coarse-to-fine queries.
 */
export function recordStart(historian: Historian, tag: string, from: number, to: number): number | undefined {
  let [lo, hi] = [from, to]
  for (let step = 0; step < 6; step++) {
    const s = historian.queryDecimated(tag, lo, hi, 1000)
    const i = s.n.findIndex((n) => n > 0)
    if (i < 0) return step === 0 ? undefined : lo
    lo = Math.max(lo, s.t[i]!)
    hi = Math.min(hi, s.t[i]! + s.bucketMs)
    if (s.bucketMs <= 1000) break
  }
  return lo
}

/**
 * One machine's runtime counters over [from, to) (epoch ms, source time) from the
 * historian: run hours and starts from its Running tag (the `state` signal), energy from
 * its `energy` counter, else from its `power` tag. `timeScale` (plant seconds per source
 * second, the demo plant's speed) turns source hours into plant hours; a counter read
 * from the plant's own kWh register needs no scaling. Null where the machine has no such tag.
 */
export function runtimeCounters(historian: Historian, equipment: string, tags: readonly Tag[], from: number, to: number, timeScale = 1): RuntimeCounters {
  const own = tags.filter((t) => t.equipment === equipment && historian.has(t.name))
  const read = (tag: Tag): { series: DecimatedSeries; start: number } | undefined => {
    const start = recordStart(historian, tag.name, from, to)
    return start === undefined ? undefined : { series: historian.queryDecimated(tag.name, start, to, COUNTER_BUCKETS), start }
  }
  const state = own.find((t) => t.signal === 'state')
  const energy = own.find((t) => t.signal === 'energy')
  const power = own.find((t) => t.signal === 'power')
  const stateSeries = state && read(state)
  const running = state && (stateSeries ? runningFrom(stateSeries.series, stateSeries.start, to) : { hours: 0, starts: 0 })
  const energySeries = energy && read(energy)
  const powerSeries = !energy && power ? read(power) : undefined
  const energyKWh = energy ? (energySeries ? energyFromCounter(energySeries.series) : 0) : power ? (powerSeries ? energyFromPower(powerSeries.series, powerSeries.start, to) * timeScale : 0) : null
  return {
    equipment,
    from,
    to,
    runHours: running ? running.hours * timeScale : null,
    starts: running ? running.starts : null,
    energyKWh
  }
}
