import { useEffect, useRef } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import type { TagInfo } from '../../../../shared/domain'
import { decimateMinMax, type DecimatedSeries } from '../../lib/decimate'
import { formatValue } from '../../lib/format'
import { latestReading } from '../../lib/latestReading'
import type { SampleStore } from '../../lib/sampleStore'
import { alignSeries } from './alignSeries'
import { penStyle, TREND_WINDOW_MS } from './pens'
import { trendOptions } from './trendOptions'

/** The window slides even when no value arrives (e.g. the plant link is down). */
const IDLE_REDRAW_MS = 1000

const NO_POINTS: DecimatedSeries = { time: [], value: [], samplesInWindow: 0 }

interface TrendChartProps {
  /** Fixed for the life of the chart; the panel remounts it when the pen set changes. */
  pens: readonly TagInfo[]
  /** The pen whose axis and limit lines are drawn; also fixed for the chart's life. */
  scaleIndex: number
  samples: SampleStore
}

/**
 * A live uPlot trend. The uPlot instance lives in this effect, not in React
 * state; the data path is ring buffers → min/max decimation → `setData`, at
 * most once per animation frame, and the legend cells are written directly
 * so a 10 Hz stream does not re-render React.
 */
export function TrendChart({ pens, scaleIndex, samples }: TrendChartProps) {
  const plotRef = useRef<HTMLDivElement>(null)
  const latestRefs = useRef<(HTMLTableCellElement | null)[]>([])
  const countRefs = useRef<(HTMLTableCellElement | null)[]>([])
  const pointsRef = useRef<HTMLSpanElement>(null)

  useEffect(() => {
    const container = plotRef.current
    if (!container) return
    const xWindow: [number, number] = [Date.now() - TREND_WINDOW_MS, Date.now()]
    const size = () => ({ width: Math.max(200, container.clientWidth), height: Math.max(120, container.clientHeight) })
    const chart = new uPlot(trendOptions(pens, scaleIndex, size(), () => xWindow), [[], ...pens.map(() => [])], container)

    let frame = 0
    const draw = (): void => {
      frame = 0
      const t1 = Date.now()
      const t0 = t1 - TREND_WINDOW_MS
      xWindow[0] = t0
      xWindow[1] = t1
      const columns = Math.max(1, Math.round(chart.bbox.width / uPlot.pxRatio))
      const decimated = pens.map((pen) => {
        const ring = samples.series(pen.index)
        return ring ? decimateMinMax(ring, t0, t1, columns) : NO_POINTS
      })
      const data = alignSeries(decimated)
      chart.setData(data)
      writeLegend(decimated, data[0].length)
    }

    const writeLegend = (decimated: DecimatedSeries[], plotted: number): void => {
      pens.forEach((pen, i) => {
        const latestCell = latestRefs.current[i]
        if (latestCell) {
          const { value, good } = latestReading(samples.series(pen.index))
          const shown = value === undefined ? 'no data' : formatValue(value, pen.euRange, pen.unit)
          latestCell.textContent = value !== undefined && !good ? `${shown} (bad quality)` : shown
        }
        const countCell = countRefs.current[i]
        if (countCell) countCell.textContent = String(decimated[i]?.samplesInWindow ?? 0)
      })
      if (pointsRef.current) pointsRef.current.textContent = String(plotted)
    }

    const request = (): void => {
      if (frame === 0) frame = requestAnimationFrame(draw)
    }
    const unsubscribe = samples.subscribe(request)
    const idle = setInterval(request, IDLE_REDRAW_MS)
    const resize = new ResizeObserver(() => {
      chart.setSize(size())
      request()
    })
    resize.observe(container)
    request()

    return () => {
      cancelAnimationFrame(frame)
      unsubscribe()
      clearInterval(idle)
      resize.disconnect()
      chart.destroy()
    }
  }, [pens, scaleIndex, samples])

  return (
    <div className="trend-chart">
      <div ref={plotRef} className="trend-plot" role="img" aria-label={`Trend of ${pens.map((p) => p.name).join(', ') || 'no tags'}`} />
      <table className="trend-legend" aria-live="off">
        <caption>
          Trend pens, last {TREND_WINDOW_MS / 60_000} min · <span ref={pointsRef} data-testid="trend-points" /> points plotted
        </caption>
        <thead>
          <tr>
            <th scope="col">Pen</th>
            <th scope="col">Latest</th>
            <th scope="col">Normal range</th>
            <th scope="col">Scale</th>
            <th scope="col">Samples</th>
          </tr>
        </thead>
        <tbody>
          {pens.map((pen, i) => (
            <tr key={pen.name}>
              <th scope="row" title={pen.description}>
                <span
                  className="pen-swatch"
                  aria-hidden="true"
                  style={{ borderTopColor: penStyle(i).colour, borderTopStyle: penStyle(i).dash ? 'dashed' : 'solid' }}
                />
                {pen.name}
              </th>
              <td className="numeric" ref={(cell) => void (latestRefs.current[i] = cell)} />
              <td className="numeric">{normalRange(pen)}</td>
              <td className="numeric">
                {pen.euRange.low} – {pen.euRange.high}
              </td>
              <td className="numeric" ref={(cell) => void (countRefs.current[i] = cell)} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function normalRange(pen: TagInfo): string {
  const low = pen.limits.L ?? pen.limits.LL
  const high = pen.limits.H ?? pen.limits.HH
  if (low === undefined && high === undefined) return '—'
  return `${low ?? '…'} – ${high ?? '…'} ${pen.unit}`.trim()
}
