/**
 * Global keyboard shortcuts. Alt+letter stays clear of Electron's default menu
 * accelerators (Alt+F/E/V/W/H) and of browser Ctrl shortcuts. Targets are found by
 * `data-shortcut`, so features only mark elements and never listen to the window.
 */
export interface Shortcut {
  /** `KeyboardEvent.code`, so the shortcut survives keyboard layouts. */
  code: string
  keys: string
  does: string
  /** `data-shortcut` values to focus, first one present wins. */
  targets: readonly string[]
}

export const SHORTCUTS: readonly Shortcut[] = [
  { code: 'KeyA', keys: 'Alt+A', does: 'first Acknowledge', targets: ['acknowledge', 'alarms'] },
  { code: 'KeyL', keys: 'Alt+L', does: 'Log entry', targets: ['log-entry'] },
  { code: 'KeyT', keys: 'Alt+T', does: 'Trend pens', targets: ['trend-pens'] },
  { code: 'KeyU', keys: 'Alt+U', does: 'Unit', targets: ['unit'] }
]

export function shortcutFor(event: Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'code'>): Shortcut | undefined {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return undefined
  return SHORTCUTS.find((shortcut) => shortcut.code === event.code)
}

/** The help line shown in the header. */
export const SHORTCUT_HELP = [...SHORTCUTS.map((s) => `${s.keys} ${s.does}`), 'Ctrl+Enter add log entry'].join(' · ')
