import uPlot from 'uplot'
import type { TagInfo } from '../../../../shared/domain'
import { formatTime } from '../../lib/format'
import { limitLinesPlugin } from './limitLines'
import { penStyle, scaleKey } from './pens'

const AXIS_TEXT = '#3a3a3a'
const GRID = '#c2c2c2'
const FONT = '12px system-ui, sans-serif'
/** Step after: a value holds until the next one, which is what report-by-exception data means. */
const steppedPath = uPlot.paths.stepped?.({ align: 1 })

/**
 * uPlot options for a live trend: one fixed y-scale per pen (its EU range, so
 * lines never jump as data arrives) but one axis, with its limit lines, for
 * the pen at `scaleIndex` (eight axes would leave no room for the lines); x in
 * epoch ms over a sliding window that `xRange` supplies at each draw; no
 * built-in legend (the table below is the accessible one); no drag-zoom.
 */
export function trendOptions(
  pens: readonly TagInfo[],
  scaleIndex: number,
  size: { width: number; height: number },
  xRange: () => [number, number]
): uPlot.Options {
  const scalePen = pens[scaleIndex]
  const scales: uPlot.Scales = { x: { time: true, range: () => xRange() } }
  pens.forEach((pen, i) => {
    scales[scaleKey(i)] = { range: [pen.euRange.low, pen.euRange.high] }
  })
  return {
    ...size,
    ms: 1,
    legend: { show: false },
    cursor: { drag: { x: false, y: false, setScale: false } },
    scales,
    series: [
      {},
      ...pens.map((pen, i): uPlot.Series => {
        const style = penStyle(i)
        return {
          label: pen.name,
          scale: scaleKey(i),
          stroke: style.colour,
          width: 1.5,
          ...(steppedPath ? { paths: steppedPath } : {}),
          ...(style.dash ? { dash: style.dash } : {}),
          points: { show: false },
          spanGaps: false
        }
      })
    ],
    axes: [
      {
        stroke: AXIS_TEXT,
        font: FONT,
        grid: { stroke: GRID, width: 1 },
        ticks: { stroke: GRID, width: 1 },
        values: (_u, splits) => splits.map((t) => formatTime(t))
      },
      ...(scalePen
        ? [
            {
              scale: scaleKey(scaleIndex),
              stroke: penStyle(scaleIndex).colour,
              font: FONT,
              size: 56,
              grid: { stroke: GRID, width: 1 },
              ticks: { stroke: GRID, width: 1 },
              label: `${scalePen.name}${scalePen.unit ? ` (${scalePen.unit})` : ''}`,
              labelSize: 18,
              labelFont: FONT
            } satisfies uPlot.Axis
          ]
        : [])
    ],
    plugins: scalePen ? [limitLinesPlugin(scalePen, scaleIndex)] : []
  }
}
