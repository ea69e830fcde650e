import { z } from 'zod'
import type { Logger } from '../core/logger'
import { isAppUrl } from './appProtocol'

/**
 * Displays in windows of their own (control rooms run one display per monitor), and where
 * those windows were: Electron-free, so it is tested without Electron; mainWindow.ts and
 * index.ts only call it.
 */

/** A window's outer rectangle in screen pixels (Electron's `Rectangle`). */
export interface Bounds {
  x: number
  y: number
  width: number
  height: number
}

const BoundsSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200).max(20_000),
  height: z.number().int().min(150).max(20_000)
})

/** One window at its last close: the display it showed (a `#/…` hash), where, and whether maximized. */
export const SavedWindowSchema = z.object({
  route: z.string().regex(/^#\//, 'a display hash starts with #/').max(600),
  bounds: BoundsSchema,
  maximized: z.boolean()
})
export type SavedWindow = z.infer<typeof SavedWindowSchema>

/** Most windows restored: one per monitor of a large control-room desk, with margin. */
export const MAX_SAVED_WINDOWS = 12

/** The key of the window layout in its store (`<dataDir>/windows.json`). */
export const WINDOW_LAYOUT_KEY = 'windows'

/**
 * The display hash of a URL a page asked to open in a new window, when it is one of the app's
 * own displays (our origin, with a `#/…` hash); undefined for anything else, which stays denied.
 */
export function displayHashOf(url: string, appOrigin: string): string | undefined {
  if (!isAppUrl(url, appOrigin)) return undefined
  const hash = new URL(url).hash
  return /^#\/[^\s]*$/.test(hash) && hash.length <= 600 ? hash : undefined
}

/**
 * The windows saved at the last quit, first the main one. A file that does not parse is
 * ignored with a log line: the app then opens one window on the overview, as on a first start.
 */
export function readWindowLayout(store: { get(key: string): unknown }, logger: Pick<Logger, 'warn'>): SavedWindow[] {
  const raw = store.get(WINDOW_LAYOUT_KEY)
  if (raw === undefined) return []
  const parsed = z.array(SavedWindowSchema).max(MAX_SAVED_WINDOWS).safeParse(raw)
  if (parsed.success) return parsed.data
  logger.warn(`shell: window layout ignored (${parsed.error.issues[0]?.message ?? 'malformed'}); opening the overview`)
  return []
}

export function writeWindowLayout(store: { set(key: string, value: unknown): void }, windows: readonly SavedWindow[]): void {
  store.set(WINDOW_LAYOUT_KEY, windows.slice(0, MAX_SAVED_WINDOWS))
}

/** How much of a window must be on a monitor to be found and dragged back: its title bar, roughly. */
const MIN_VISIBLE_PX = { width: 160, height: 40 }

/**
 * Where to put a saved window now: where it was if enough of it is on one of today's monitors'
 * work areas, else centred on the first (primary) one and shrunk to fit, since the monitor it
 * was on may be gone.
 */
export function placeOnScreen(saved: Bounds, workAreas: readonly Bounds[]): Bounds {
  const visible = workAreas.some((area) => {
    const w = Math.min(saved.x + saved.width, area.x + area.width) - Math.max(saved.x, area.x)
    const h = Math.min(saved.y + saved.height, area.y + area.height) - Math.max(saved.y, area.y)
    return w >= MIN_VISIBLE_PX.width && h >= MIN_VISIBLE_PX.height && saved.y >= area.y - 1
  })
  if (visible) return saved
  const primary = workAreas[0]
  if (!primary) return saved
  const width = Math.min(saved.width, primary.width)
  const height = Math.min(saved.height, primary.height)
  return {
    x: primary.x + Math.round((primary.width - width) / 2),
    y: primary.y + Math.round((primary.height - height) / 2),
    width,
    height
  }
}
