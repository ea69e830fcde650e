import { formatTime } from '../../lib/format'
import { formatSpan, presetShortcut, TREND_PRESETS, type TimeRange, type TrendView } from './trendRange'

interface TrendToolbarProps {
  view: TrendView
  range: TimeRange
  note: string
  onView(view: TrendView): void
  onLive(): void
  onExportCsv(): void
  /** Every stored sample of the visible window (at most the raw range limit). */
  onExportRawCsv(): void
  /** What the last raw export did, or why it was refused. */
  exportNote: string
  onExportPng(): void
}

function describe(view: TrendView, range: TimeRange): string {
  const span = formatSpan(range[1] - range[0])
  if (view.live) return `Live · last ${span}`
  const day = (t: number): string => new Date(t).toLocaleDateString(undefined, { day: '2-digit', month: '2-digit' })
  return `${day(range[0])} ${formatTime(range[0])} – ${day(range[1])} ${formatTime(range[1])} (${span})`
}

/** Range presets, Live, the range shown and the exports. Wheel, drag and box zoom are on the chart itself. */
export function TrendToolbar({ view, range, note, onView, onLive, onExportCsv, onExportRawCsv, exportNote, onExportPng }: TrendToolbarProps) {
  return (
    <div className="trend-toolbar" role="toolbar" aria-label="Trend range">
      {TREND_PRESETS.map((preset) => (
        <button
          key={preset.label}
          type="button"
          aria-pressed={view.live && view.spanMs === preset.spanMs}
          data-shortcut={presetShortcut(preset.label)}
          onClick={() => onView({ live: true, spanMs: preset.spanMs })}
        >
          {preset.label}
        </button>
      ))}
      <button type="button" aria-pressed={view.live} data-shortcut="trend-live" onClick={onLive}>
        Live
      </button>
      <output className="trend-range" aria-label="Shown range" data-from={Math.round(range[0])} data-to={Math.round(range[1])} data-live={view.live}>
        {describe(view, range)}
      </output>
      <span className="trend-note muted" data-testid="trend-history">
        {note}
      </span>
      <span className="trend-hint muted">wheel zoom · drag box · Shift+drag pan · keys on the chart: +/− ←/→ [ ]</span>
      <button type="button" onClick={onExportCsv}>
        Export CSV
      </button>
      <button type="button" onClick={onExportRawCsv} title="Every stored sample of the window shown (at most 24 h)">
        Export raw CSV
      </button>
      <button type="button" onClick={onExportPng}>
        Export PNG
      </button>
      <span className="trend-note muted" role="status" aria-label="Export">
        {exportNote}
      </span>
    </div>
  )
}
