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
 * lines never jump as data arrives), x in epoch ms over a sliding window that
 * `xRange` supplies at each draw, no built-in legend (the table beside it is
 * the accessible one) and no drag-zoom on a live view.
 */
export function trendOptions(pens: readonly TagInfo[], size: { width: number; height: number }, xRange: () => [number, number]): uPlot.Options {
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
      ...pens.map((pen, i): uPlot.Axis => ({
        scale: scaleKey(i),
        side: i % 2 === 0 ? 3 : 1,
        stroke: penStyle(i).colour,
        font: FONT,
        size: 56,
        grid: { show: i === 0, stroke: GRID, width: 1 },
        ticks: { stroke: GRID, width: 1 },
        label: pen.unit || undefined,
        labelSize: 16,
        labelFont: FONT
      }))
    ],
    plugins: [limitLinesPlugin(pens)]
  }
}
