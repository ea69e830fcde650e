import uPlot from 'uplot'
import type { TagInfo } from '../../../../shared/domain'
import { formatTime } from '../../lib/format'
import { limitBandsPlugin } from './limitBands'
import { penStyle } from './pens'
import { unitScaleKey, unitScales } from './unitScales'

const AXIS_TEXT = '#3a3a3a'
const GRID = '#c2c2c2'
const FONT = '12px system-ui, sans-serif'
/** Doubtful stretches (Uncertain, Bad with a value, partly Good buckets): light grey, dotted, whatever the pen. */
const DOUBTFUL_STROKE = '#9a9a9a'
const DOUBTFUL_DASH = [2, 3]
/** Step after: a value holds until the next one, which is what report-by-exception data means. */
const steppedPath = uPlot.paths.stepped?.({ align: 1 })

/** Time labels: with a date once the window is longer than a day. */
function timeLabels(splits: number[], spanMs: number): string[] {
  if (spanMs <= 86_400_000) return splits.map((t) => formatTime(t))
  return splits.map((t) => {
    const d = new Date(t)
    return `${String(d.getDate()).padStart(2, '0')}.${String(d.getMonth() + 1).padStart(2, '0')} ${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`
  })
}

/**
 * uPlot options for the trend: two series per pen (Good, and doubtful in a
 * dotted grey), one fixed y-scale and axis per unit (see `unitScales`), x in
 * epoch ms over the range `xRange` gives at each draw, the alarm bands of the
 * pen at `bandIndex`, box select for zooming (the chart applies it), no
 * built-in legend (the table below is the accessible one).
 */
export function trendOptions(
  pens: readonly TagInfo[],
  bandIndex: number,
  size: { width: number; height: number },
  xRange: () => readonly [number, number],
  plugins: uPlot.Plugin[]
): uPlot.Options {
  const scales: uPlot.Scales = { x: { time: true, range: () => [xRange()[0], xRange()[1]] } }
  const units = unitScales(pens)
  for (const unit of units) scales[unit.key] = { range: [unit.low, unit.high] }
  const bandPen = pens[bandIndex]
  return {
    ...size,
    ms: 1,
    legend: { show: false },
    cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false } },
    select: { show: true, left: 0, top: 0, width: 0, height: 0 },
    scales,
    series: [
      {},
      ...pens.flatMap((pen, i): uPlot.Series[] => {
        const style = penStyle(i)
        const common = { scale: unitScaleKey(pen.unit), points: { show: false }, spanGaps: false, ...(steppedPath ? { paths: steppedPath } : {}) }
        return [
          { ...common, label: pen.name, stroke: style.colour, width: 1.5, ...(style.dash ? { dash: style.dash } : {}) },
          { ...common, label: `${pen.name} (not Good)`, stroke: DOUBTFUL_STROKE, width: 2, dash: DOUBTFUL_DASH }
        ]
      })
    ],
    axes: [
      {
        stroke: AXIS_TEXT,
        font: FONT,
        grid: { stroke: GRID, width: 1 },
        ticks: { stroke: GRID, width: 1 },
        values: (u, splits) => timeLabels(splits, (u.scales.x?.max ?? 0) - (u.scales.x?.min ?? 0))
      },
      ...units
        .filter((unit) => unit.axis)
        .map(
          (unit, i): uPlot.Axis => ({
            scale: unit.key,
            side: i % 2 === 0 ? 3 : 1,
            stroke: AXIS_TEXT,
            font: FONT,
            size: 52,
            grid: { show: i === 0, stroke: GRID, width: 1 },
            ticks: { stroke: GRID, width: 1 },
            label: unit.unit || '(no unit)',
            labelSize: 18,
            labelFont: FONT
          })
        )
    ],
    plugins: [...(bandPen ? [limitBandsPlugin(bandPen)] : []), ...plugins]
  }
}
