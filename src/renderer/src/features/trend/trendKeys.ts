import { WHEEL_ZOOM_FACTOR } from './navigation'

/** What a key pressed on the focused trend chart asks for. */
export type TrendKeyAction =
  | { kind: 'zoom'; factor: number }
  | { kind: 'pan'; fraction: number }
  | { kind: 'marker'; step: -1 | 1 }
  | { kind: 'close' }

/** One arrow press pans a tenth of the window; with Shift, half of it. */
const PAN_FRACTION = 0.1
const PAN_FRACTION_SHIFT = 0.5

/** The keys of the focused chart, for the shortcuts help (the same in {@link trendKeyAction}). */
export const TREND_KEYS_HELP = 'Trend chart (Alt+C): +/− zoom · ←/→ pan (Shift: half a window) · [ ] previous/next marker · Esc close marker'

/**
 * Keyboard zoom and pan of the focused trend, the mouse's wheel and drag without a mouse:
 * + and − zoom by a wheel notch around the middle, arrows pan, [ and ] step through the
 * markers on the time axis. Modified keys (Ctrl, Alt, Meta) are the browser's and the app's.
 */
export function trendKeyAction(event: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'altKey' | 'metaKey'>): TrendKeyAction | null {
  if (event.ctrlKey || event.altKey || event.metaKey) return null
  switch (event.key) {
    case '+':
    case '=':
      return { kind: 'zoom', factor: 1 / WHEEL_ZOOM_FACTOR }
    case '-':
    case '_':
      return { kind: 'zoom', factor: WHEEL_ZOOM_FACTOR }
    case 'ArrowLeft':
      return { kind: 'pan', fraction: -(event.shiftKey ? PAN_FRACTION_SHIFT : PAN_FRACTION) }
    case 'ArrowRight':
      return { kind: 'pan', fraction: event.shiftKey ? PAN_FRACTION_SHIFT : PAN_FRACTION }
    case '[':
      return { kind: 'marker', step: -1 }
    case ']':
      return { kind: 'marker', step: 1 }
    case 'Escape':
      return { kind: 'close' }
    default:
      return null
  }
}

/**
 * The marker a step lands on: the nearest one before (step -1) or after (+1) `from`
 * (the marker shown, or the window's middle), or null when there is none that way.
 */
export function stepMarker<T extends { at: number }>(markers: readonly T[], from: number, step: -1 | 1): T | null {
  let best: T | null = null
  for (const marker of markers) {
    if (step > 0 ? marker.at > from && (best === null || marker.at < best.at) : marker.at < from && (best === null || marker.at > best.at)) best = marker
  }
  return best
}
