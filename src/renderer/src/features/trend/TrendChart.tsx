import { useEffect, useRef, useState } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import type { EventPayload } from '../../../../shared/contract'
import type { TagInfo } from '../../../../shared/domain'
import { formatTime, formatValue } from '../../lib/format'
import type { SampleStore } from '../../lib/sampleStore'
import type { ReadableStore } from '../../lib/store'
import { alignPens, plotColumns, type AlignedPens } from './alignPens'
import { createHistoryLoader, type LoadedHistory, type QueryHistory } from './historyLoader'
import { navigationPlugin } from './navigation'
import { emptyPoints, joinHistoryAndLive, qualityOf, ringPoints } from './penPoints'
import { markersIn, markersPlugin, type TimeMarker } from './timeMarkers'
import { stepMarker, trendKeyAction } from './trendKeys'
import { TrendLegend } from './TrendLegend'
import { TrendMarkerLine, type PickedMarker } from './TrendMarkerLine'
import { TrendToolbar } from './TrendToolbar'
import { downloadText, download, exportName, qualityLabel, rawExportQuery, rawExportRefusal, rawTrendCsv, trendCsv } from './trendExport'
import { trendOptions } from './trendOptions'
import { DEFAULT_SPAN_MS, panBy, rangeBetween, viewRange, zoomAt, type TimeRange, type TrendView } from './trendRange'

/** The window slides even when no value arrives (e.g. the plant link is down). */
const IDLE_REDRAW_MS = 1000
/** In live view the history behind the ring is asked again this often, so the tail never outruns it. */
const LIVE_HISTORY_REFRESH_MS = 15_000
/**
 * User Timing measure from a history query's send to the first frame painted with its answer
 * (`npm run bench`'s trend_first_draw_ms reads it). Only the latest is kept, so a long session holds one.
 */
const FIRST_DRAW_MEASURE = 'trend:first-draw'

export interface TrendChartProps {
  /** Fixed for the life of the chart; the panel remounts it when the pen set changes. */
  pens: readonly TagInfo[]
  /** The pen whose alarm bands are drawn; also fixed for the chart's life. */
  bandIndex: number
  samples: SampleStore
  queryHistory: QueryHistory
  /** Subscribes to `history:backfilled` (gaps the historian read back after a reconnect); returns the unsubscribe. */
  onBackfilled: (listener: (event: EventPayload<'history:backfilled'>) => void) => () => void
  /** Events drawn on the time axis (maintenance log, work orders, alarms). */
  markers: ReadableStore<readonly TimeMarker[]>
  /** Told the shown range whenever it changes (each second while live), e.g. to load markers for it. */
  onRangeChange?: ((range: TimeRange) => void) | undefined
  /** Opens an alarm marker's alarm at the marker's time (a click on it, or the button beside a picked one). */
  onOpenAlarm?: ((alarmId: string, at: number) => void) | undefined
}

interface ChartApi {
  setView(view: TrendView): void
  exportCsv(): void
  exportRawCsv(): Promise<void>
  exportPng(): void
}

/**
 * The trend: history from the historian (decimated to the pixel width) and the
 * live ring buffers in one uPlot chart. The instance lives in this effect, not
 * in React state; data goes ring/history → points → `setData` at most once per
 * animation frame; legend and readout cells are written directly, so a 10 Hz
 * stream does not re-render React. The live tail keeps streaming into the
 * rings while the operator looks at the past.
 */
export function TrendChart({ pens, bandIndex, samples, queryHistory, onBackfilled, markers, onRangeChange, onOpenAlarm }: TrendChartProps) {
  const plotRef = useRef<HTMLDivElement>(null)
  const latestRefs = useRef<(HTMLTableCellElement | null)[]>([])
  const cursorRefs = useRef<(HTMLTableCellElement | null)[]>([])
  const cursorTimeRef = useRef<HTMLSpanElement>(null)
  const pointsRef = useRef<HTMLSpanElement>(null)
  const apiRef = useRef<ChartApi | null>(null)
  const [view, setViewState] = useState<TrendView>({ live: true, spanMs: DEFAULT_SPAN_MS })
  const viewRef = useRef(view)
  const [range, setRange] = useState<TimeRange>(() => viewRange(view, Date.now()))
  const [note, setNote] = useState('history: loading')
  const [exportNote, setExportNote] = useState('')
  const [picked, setPickedState] = useState<PickedMarker | null>(null)
  const pickedRef = useRef<PickedMarker | null>(null)
  // Read through refs: a new callback must not rebuild the chart.
  const openAlarmRef = useRef(onOpenAlarm)
  openAlarmRef.current = onOpenAlarm
  const rangeChangeRef = useRef(onRangeChange)
  rangeChangeRef.current = onRangeChange

  useEffect(() => {
    const container = plotRef.current
    if (!container) return
    let view = viewRef.current
    let version = 0
    let history: LoadedHistory | null = null
    let undrawn: LoadedHistory | null = null
    let aligned: AlignedPens = { x: [], value: [], held: [], quality: [] }
    let lastAsked = 0
    const xWindow: [number, number] = [...viewRange(view, Date.now())]
    const size = () => ({ width: Math.max(200, container.clientWidth), height: Math.max(120, container.clientHeight) })
    const widthPx = (): number => Math.max(1, Math.round(chart.bbox.width / uPlot.pxRatio))

    const loader = createHistoryLoader(pens, queryHistory, (loaded) => {
      history = loaded
      undrawn = loaded
      setNote(loaded.note)
      // Drawn now, not at the next frame: the operator waits for this answer.
      cancelAnimationFrame(frame)
      draw()
    })
    const unsubscribeBackfills = onBackfilled((event) => loader.backfilled(event))
    const askHistory = (): void => {
      lastAsked = Date.now()
      loader.want(() => viewRange(view, Date.now()), widthPx(), version)
    }
    const setView = (next: TrendView): void => {
      view = next
      viewRef.current = next
      version++
      setViewState(next)
      setRange(viewRange(next, Date.now()))
      setNote('history: loading')
      askHistory()
      request()
    }
    const now = Date.now
    const navigation = navigationPlugin({
      zoom: (anchor, factor) => setView(fixed(zoomAt(xWindow, anchor, factor, now()))),
      pan: (deltaMs) => setView(fixed(panBy(xWindow, deltaMs, now()))),
      zoomTo: (a, b) => setView(fixed(rangeBetween(a, b, now())))
    })
    const readout: uPlot.Plugin = { hooks: { setCursor: [(u) => writeReadout(u.cursor.idx)] } }
    let markerList = markers.get()
    const pick = (next: PickedMarker | null): void => {
      pickedRef.current = next
      setPickedState(next)
    }
    const markerLayer = markersPlugin({
      markers: () => markerList,
      onPick: (marker, pinned) => {
        if (pinned && marker?.alarmId !== undefined && openAlarmRef.current) openAlarmRef.current(marker.alarmId, marker.at)
        else if (pinned && marker) pick({ marker, pinned })
        else if (!pickedRef.current?.pinned) pick(marker && { marker, pinned: false })
      }
    })
    const chart = new uPlot(
      trendOptions(pens, bandIndex, size(), () => xWindow, [navigation, readout, markerLayer]),
      [[], ...pens.flatMap(() => [[], []])],
      container
    )
    const onKey = (event: KeyboardEvent): void => {
      const action = trendKeyAction(event)
      if (!action) return
      event.preventDefault()
      const middle = (xWindow[0] + xWindow[1]) / 2
      if (action.kind === 'zoom') setView(fixed(zoomAt(xWindow, middle, action.factor, now())))
      else if (action.kind === 'pan') setView(fixed(panBy(xWindow, action.fraction * (xWindow[1] - xWindow[0]), now())))
      else if (action.kind === 'close') pick(null)
      else {
        const next = stepMarker(markerList, pickedRef.current?.marker.at ?? middle, action.step)
        if (!next) return
        pick({ marker: next, pinned: true })
        // A marker off screen is brought to the middle.
        if (markersIn([next], xWindow[0], xWindow[1]).length === 0) setView(fixed(panBy(xWindow, next.at - middle, now())))
      }
    }
    container.addEventListener('keydown', onKey)
    const unsubscribeMarkers = markers.subscribe(() => {
      markerList = markers.get()
      request()
    })

    let frame = 0
    const draw = (): void => {
      frame = 0
      const t = now()
      const [t0, t1] = viewRange(view, t)
      xWindow[0] = t0
      xWindow[1] = t1
      if (view.live && t - lastAsked > LIVE_HISTORY_REFRESH_MS) askHistory()
      const columns = widthPx()
      const points = pens.map((pen, p) => {
        const past = history?.points[p] ?? emptyPoints()
        const ring = samples.series(pen.index)
        // Up to the end of a stretch backfilled after a reconnect, history holds what the ring missed.
        if (!ring || ring.length === 0) return past
        const ringFrom = Math.max(ring.timeAt(0), history?.filledUntil[p] ?? Number.NEGATIVE_INFINITY)
        if (ringFrom >= t1) return past
        const liveFrom = Math.max(t0, ringFrom)
        const liveColumns = Math.max(1, Math.round((columns * (t1 - liveFrom)) / (t1 - t0)))
        return joinHistoryAndLive(past, history?.to ?? Number.NEGATIVE_INFINITY, ringPoints(ring, liveFrom, t1, liveColumns, t), ringFrom)
      })
      aligned = alignPens(points)
      chart.setData(plotColumns(aligned))
      if (undrawn) measureFirstDraw(undrawn)
      undrawn = null
      writeLegend()
      writeReadout(chart.cursor.idx)
    }

    const writeLegend = (): void => {
      pens.forEach((pen, i) => {
        const cell = latestRefs.current[i]
        if (!cell) return
        const ring = samples.series(pen.index)
        const last = ring && ring.length > 0 ? ring.length - 1 : -1
        if (!ring || last < 0) {
          cell.textContent = 'no data'
          return
        }
        const value = ring.valueAt(last)
        const shown = Number.isFinite(value) ? formatValue(value, pen.euRange, pen.unit) : 'no value'
        const quality = qualityOf(ring.statusAt(last))
        cell.textContent = quality === 'good' ? shown : `${shown} (${qualityLabel(quality)})`
      })
      if (pointsRef.current) pointsRef.current.textContent = String(aligned.x.length)
    }

    const writeReadout = (idx: number | null | undefined): void => {
      const at = idx === null || idx === undefined ? undefined : aligned.x[idx]
      if (cursorTimeRef.current) cursorTimeRef.current.textContent = at === undefined ? '—' : formatTime(at)
      pens.forEach((pen, p) => {
        const cell = cursorRefs.current[p]
        if (!cell) return
        if (at === undefined || idx === null || idx === undefined) {
          cell.textContent = '—'
          return
        }
        const quality = aligned.quality[p]?.[idx] ?? null
        const value = aligned.held[p]?.[idx] ?? null
        cell.textContent = quality === null || value === null ? 'No data' : `${formatValue(value, pen.euRange, pen.unit)} · ${qualityLabel(quality)}`
      })
    }

    const request = (): void => {
      if (frame === 0) frame = requestAnimationFrame(draw)
    }
    apiRef.current = {
      setView,
      exportCsv: () => {
        const shown: TimeRange = [xWindow[0], xWindow[1]]
        downloadText(exportName(shown, 'csv'), trendCsv(pens, aligned, shown), 'text/csv;charset=utf-8')
      },
      exportRawCsv: async () => {
        const shown: TimeRange = [xWindow[0], xWindow[1]]
        const refusal = rawExportRefusal(shown)
        if (refusal) return setExportNote(refusal)
        setExportNote('Raw export: reading the historian…')
        const result = await queryHistory(rawExportQuery(pens, shown))
        if (!result.ok) return setExportNote(`Raw export failed: ${result.error.message}`)
        downloadText(exportName(shown, 'csv').replace(/\.csv$/, '_raw.csv'), rawTrendCsv(pens, result.data, shown), 'text/csv;charset=utf-8')
        setExportNote(`Raw export: ${result.data.reduce((sum, series) => sum + series.t.length, 0)} samples`)
      },
      exportPng: () => download(exportName([xWindow[0], xWindow[1]], 'png'), chart.ctx.canvas.toDataURL('image/png'))
    }
    const unsubscribe = samples.subscribe(request)
    const idle = setInterval(() => {
      if (view.live) setRange(viewRange(view, now()))
      request()
    }, IDLE_REDRAW_MS)
    const resize = new ResizeObserver(() => {
      chart.setSize(size())
      askHistory()
      request()
    })
    resize.observe(container)
    askHistory()
    request()

    return () => {
      cancelAnimationFrame(frame)
      unsubscribe()
      unsubscribeMarkers()
      unsubscribeBackfills()
      container.removeEventListener('keydown', onKey)
      clearInterval(idle)
      resize.disconnect()
      loader.dispose()
      apiRef.current = null
      chart.destroy()
    }
  }, [pens, bandIndex, samples, queryHistory, onBackfilled, markers])

  useEffect(() => rangeChangeRef.current?.(range), [range])

  return (
    <div className="trend-chart">
      <TrendToolbar
        view={view}
        range={range}
        note={note}
        onView={(next) => apiRef.current?.setView(next)}
        onLive={() => apiRef.current?.setView({ live: true, spanMs: view.live ? view.spanMs : Math.min(range[1] - range[0], DEFAULT_SPAN_MS) })}
        onExportCsv={() => apiRef.current?.exportCsv()}
        onExportRawCsv={() => void apiRef.current?.exportRawCsv()}
        exportNote={exportNote}
        onExportPng={() => apiRef.current?.exportPng()}
      />
      <div className="trend-body">
        <div className="trend-plot-column">
          <div
            ref={plotRef}
            className="trend-plot"
            role="group"
            tabIndex={0}
            data-shortcut="trend-chart"
            aria-roledescription="trend chart"
            aria-label={`Trend of ${pens.map((p) => p.name).join(', ') || 'no tags'}`}
            aria-keyshortcuts="+ - ArrowLeft ArrowRight [ ] Escape"
          />
          <TrendMarkerLine picked={picked} onOpenAlarm={onOpenAlarm} />
        </div>
        <TrendLegend pens={pens} latestRefs={latestRefs} cursorRefs={cursorRefs} cursorTimeRef={cursorTimeRef} pointsRef={pointsRef} />
      </div>
    </div>
  )
}

/** The next animation frame starts after this one painted: that is when the answer is on screen. */
function measureFirstDraw(loaded: LoadedHistory): void {
  requestAnimationFrame(() => {
    performance.clearMeasures(FIRST_DRAW_MEASURE)
    performance.measure(FIRST_DRAW_MEASURE, { start: loaded.requestedAt, end: performance.now(), detail: { spanMs: loaded.to - loaded.from } })
  })
}

const fixed = ([from, to]: TimeRange): TrendView => ({ live: false, from, to })
