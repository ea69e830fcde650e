import { MAX_HISTORY_POINTS, MAX_HISTORY_RANGE_MS } from '../../../../shared/contract'

/** A trend preset: its button's accessible name, its span, and its Alt+digit shortcut. */
export interface TrendPreset {
  label: string
  spanMs: number
  /** `KeyboardEvent.code` of the Alt shortcut. */
  code: string
}

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR

/** The spans an operator asks for (issue 8): a shift, a day, a week, a month. */
export const TREND_PRESETS: readonly TrendPreset[] = [
  { label: '10 min', spanMs: 10 * MIN, code: 'Digit1' },
  { label: '1 h', spanMs: HOUR, code: 'Digit2' },
  { label: '8 h', spanMs: 8 * HOUR, code: 'Digit3' },
  { label: '24 h', spanMs: DAY, code: 'Digit4' },
  { label: '7 d', spanMs: 7 * DAY, code: 'Digit5' },
  { label: '30 d', spanMs: 30 * DAY, code: 'Digit6' }
]

/** `data-shortcut` of a preset's button, which app/shortcuts.ts presses. */
export const presetShortcut = (label: string): string => `trend-preset-${label.replace(/\s+/g, '')}`

/** The trend opens at 10 min: long enough to see a drift, short enough to read each sample. */
export const DEFAULT_SPAN_MS = 10 * MIN
/** Closer than this shows a handful of samples at 100 ms; zooming further in tells nothing. */
export const MIN_SPAN_MS = 10_000
/** Wider than the historian answers in one query. */
export const MAX_SPAN_MS = Math.min(MAX_HISTORY_RANGE_MS, 366 * DAY)

/** Either the live tail (the window ends now and slides) or a fixed stretch of the past. */
export type TrendView = { live: true; spanMs: number } | { live: false; from: number; to: number }

export type TimeRange = readonly [from: number, to: number]

/** The epoch-ms range a view shows at `now`. */
export function viewRange(view: TrendView, now: number): TimeRange {
  return view.live ? [now - view.spanMs, now] : [view.from, view.to]
}

const clampSpan = (span: number): number => Math.min(MAX_SPAN_MS, Math.max(MIN_SPAN_MS, span))

/**
 * Zooms `range` by `factor` (>1 out, <1 in) keeping the time under the pointer
 * (`anchor`) where it is on screen; the span stays within [MIN_SPAN_MS, MAX_SPAN_MS]
 * and the window never ends after `now` (the future has no data).
 */
export function zoomAt(range: TimeRange, anchor: number, factor: number, now: number): TimeRange {
  const [from, to] = range
  const span = to - from
  const next = clampSpan(span * factor)
  const share = span > 0 ? Math.min(1, Math.max(0, (anchor - from) / span)) : 1
  const start = anchor - share * next
  return fitBeforeNow(start, start + next, now)
}

/** Shifts `range` by `deltaMs` (negative is into the past), never past `now`. */
export function panBy(range: TimeRange, deltaMs: number, now: number): TimeRange {
  return fitBeforeNow(range[0] + deltaMs, range[1] + deltaMs, now)
}

/** The range between two times, in either order, at least MIN_SPAN_MS wide (a box zoom). */
export function rangeBetween(a: number, b: number, now: number): TimeRange {
  const from = Math.min(a, b)
  const to = Math.max(a, b)
  const span = clampSpan(to - from)
  const middle = (from + to) / 2
  return fitBeforeNow(middle - span / 2, middle + span / 2, now)
}

function fitBeforeNow(from: number, to: number, now: number): TimeRange {
  if (to <= now) return [from, to]
  return [from - (to - now), now]
}

/**
 * The `history:query` for a range drawn `widthPx` CSS pixels wide: one bucket per
 * pixel column (M4 gives up to four points each, which is all a column can show),
 * whole milliseconds, the end exclusive.
 */
export function historyRequest(range: TimeRange, widthPx: number): { from: number; to: number; maxPoints: number } {
  const from = Math.max(0, Math.floor(range[0]))
  const to = Math.max(from + 1, Math.ceil(range[1]) + 1)
  const maxPoints = Math.min(MAX_HISTORY_POINTS, Math.max(1, Math.round(widthPx)))
  return { from, to, maxPoints }
}

/** "10 min", "8 h", "7 d" for a span, rounded to the unit that reads best. */
export function formatSpan(spanMs: number): string {
  const trim = (n: number): string => String(+n.toFixed(1))
  if (spanMs >= 2 * DAY) return `${trim(spanMs / DAY)} d`
  if (spanMs >= HOUR) return `${trim(spanMs / HOUR)} h`
  if (spanMs >= MIN) return `${trim(spanMs / MIN)} min`
  return `${Math.round(spanMs / 1000)} s`
}
