import type { DecimatedSeries } from '../../lib/decimate'

/** uPlot's aligned columns: x first, then one y column per pen. */
export type AlignedColumns = [number[], ...(number | null | undefined)[][]]

/**
 * Merges per-pen decimated series onto one shared x axis for uPlot. Where a pen
 * has no point at an x, its cell is `undefined`, which uPlot draws across,
 * unless the pen is inside a bad-quality gap (its last point was `null`): then
 * the cell is `null` too, so uPlot breaks the line for the whole gap and not
 * just up to the next x of some other pen. Inputs are sorted by time, so a
 * k-way merge suffices.
 */
export function alignSeries(series: readonly DecimatedSeries[]): AlignedColumns {
  const x: number[] = []
  const ys: (number | null | undefined)[][] = series.map(() => [])
  const cursor = series.map(() => 0)
  const inGap = series.map(() => false)
  for (;;) {
    let next = Number.POSITIVE_INFINITY
    for (let s = 0; s < series.length; s++) {
      const t = series[s]!.time[cursor[s]!]
      if (t !== undefined && t < next) next = t
    }
    if (next === Number.POSITIVE_INFINITY) break
    x.push(next)
    for (let s = 0; s < series.length; s++) {
      const pen = series[s]!
      const at = cursor[s]!
      if (pen.time[at] === next) {
        const value = pen.value[at]!
        ys[s]!.push(value)
        inGap[s] = value === null
        let after = at + 1
        // Duplicate timestamps within one pen collapse to the first; uPlot needs unique x.
        while (pen.time[after] === next) after++
        cursor[s] = after
      } else {
        ys[s]!.push(inGap[s] ? null : undefined)
      }
    }
  }
  return [x, ...ys]
}
