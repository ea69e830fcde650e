import type { PenPoints, Quality } from './penPoints'

/**
 * Pens merged onto one x axis. `value` is what uPlot draws: `undefined` where a
 * pen has no point at that x (uPlot draws across it) unless the pen is inside
 * a gap, where it is `null` (uPlot breaks the line for the whole gap, not just
 * up to the next x of some other pen). `held` and `quality` are what the pen
 * reads at each x: its last point's value and quality, null in a gap or before its first point.
 */
export interface AlignedPens {
  x: number[]
  value: (number | null | undefined)[][]
  held: (number | null)[][]
  quality: (Quality | null)[][]
}

/** A k-way merge of time-ordered pens; duplicate times within one pen collapse to the last. */
export function alignPens(pens: readonly PenPoints[]): AlignedPens {
  const x: number[] = []
  const value = pens.map((): (number | null | undefined)[] => [])
  const held = pens.map((): (number | null)[] => [])
  const quality = pens.map((): (Quality | null)[] => [])
  const cursor = pens.map(() => 0)
  const lastValue = pens.map((): number | null => null)
  const lastQuality = pens.map((): Quality | null => null)
  for (;;) {
    let next = Number.POSITIVE_INFINITY
    for (let p = 0; p < pens.length; p++) {
      const t = pens[p]!.time[cursor[p]!]
      if (t !== undefined && t < next) next = t
    }
    if (next === Number.POSITIVE_INFINITY) break
    x.push(next)
    for (let p = 0; p < pens.length; p++) {
      const pen = pens[p]!
      let at = cursor[p]!
      if (pen.time[at] === next) {
        while (pen.time[at + 1] === next) at++
        const v = pen.value[at]!
        value[p]!.push(v)
        lastValue[p] = v
        lastQuality[p] = v === null ? null : pen.quality[at]!
        cursor[p] = at + 1
      } else {
        value[p]!.push(lastValue[p] === null && lastQuality[p] === null && cursor[p]! > 0 ? null : undefined)
      }
      held[p]!.push(lastValue[p]!)
      quality[p]!.push(lastQuality[p]!)
    }
  }
  return { x, value, held, quality }
}

/**
 * uPlot's columns: x, then two per pen. The first draws the pen where it is
 * Good; the second, drawn in the pen's "doubtful" style, where it is not
 * (Uncertain, Bad with a value, or a bucket only partly Good). Each carries the
 * point where the other takes over, so a stepped line runs on without a hole.
 */
export function plotColumns(aligned: AlignedPens): [number[], ...(number | null | undefined)[][]] {
  const columns: [number[], ...(number | null | undefined)[][]] = [aligned.x]
  aligned.value.forEach((values, p) => {
    const quality = aligned.quality[p]!
    const good: (number | null | undefined)[] = []
    const doubtful: (number | null | undefined)[] = []
    let previousGood: boolean | null = null
    values.forEach((v, i) => {
      if (v === undefined) {
        good.push(undefined)
        doubtful.push(undefined)
        return
      }
      if (v === null) {
        good.push(null)
        doubtful.push(null)
        previousGood = null
        return
      }
      const isGood = quality[i] === 'good'
      const handover = previousGood !== null && previousGood !== isGood
      good.push(isGood || handover ? v : null)
      doubtful.push(!isGood || handover ? v : null)
      previousGood = isGood
    })
    columns.push(good, doubtful)
  })
  return columns
}
