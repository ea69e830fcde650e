import { TREND_KEYS_HELP } from '../features/trend/trendKeys'
import { presetShortcut, TREND_PRESETS } from '../features/trend/trendRange'

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
  /** Press the target (a button) instead of focusing it. */
  activate?: boolean
  /** Left out of the help line when a summary entry covers it. */
  inHelp?: boolean
}

/** Alt+1…6 pick the trend presets in TREND_PRESETS order (10 min … 30 d), Alt+0 returns to Live. */
const TREND_PRESET_TARGETS: Shortcut[] = TREND_PRESETS.map((preset) => ({
  code: preset.code,
  keys: `Alt+${preset.code.slice('Digit'.length)}`,
  does: `Trend ${preset.label}`,
  targets: [presetShortcut(preset.label)],
  activate: true,
  inHelp: false
}))

export const SHORTCUTS: readonly Shortcut[] = [
  { code: 'KeyA', keys: 'Alt+A', does: 'first Acknowledge', targets: ['acknowledge', 'alarms'] },
  { code: 'KeyS', keys: 'Alt+S', does: 'Silence', targets: ['silence'], activate: true },
  { code: 'KeyM', keys: 'Alt+M', does: 'Alarm summary', targets: ['alarm-summary'], activate: true },
  { code: 'KeyL', keys: 'Alt+L', does: 'Log entry', targets: ['log-entry'] },
  { code: 'KeyT', keys: 'Alt+T', does: 'Trend pens', targets: ['trend-pens'] },
  { code: 'KeyC', keys: 'Alt+C', does: 'Trend chart', targets: ['trend-chart'], inHelp: false },
  { code: 'KeyU', keys: 'Alt+U', does: 'Unit', targets: ['unit'] },
  { code: 'KeyO', keys: 'Alt+O', does: 'Work orders', targets: ['workorders'], activate: true },
  { code: 'KeyP', keys: 'Alt+P', does: 'Plant overview', targets: ['overview'], activate: true },
  { code: 'KeyN', keys: 'Alt+N', does: 'next unacknowledged alarm', targets: ['next-unacknowledged'], activate: true },
  { code: 'KeyB', keys: 'Alt+B', does: 'Back', targets: ['back'], activate: true },
  { code: 'KeyK', keys: 'Alt+K', does: 'this list of keys', targets: ['keys'], activate: true },
  ...TREND_PRESET_TARGETS,
  { code: 'Digit0', keys: 'Alt+0', does: 'Trend Live', targets: ['trend-live'], activate: true }
]

export function shortcutFor(event: Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'code'>): Shortcut | undefined {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return undefined
  return SHORTCUTS.find((shortcut) => shortcut.code === event.code)
}

/** The shortcuts as the Keys dialog lists them, one item per shortcut or group. */
export const SHORTCUT_HELP_ITEMS: readonly string[] = [
  ...SHORTCUTS.filter((s) => s.inHelp !== false).map((s) => `${s.keys} ${s.does}`),
  'Alt+1…6 trend 10 min…30 d',
  TREND_KEYS_HELP,
  'Ctrl+Enter add log entry'
]

/** The help line shown in the header (cut to the width there is; Alt+K opens the whole list). */
export const SHORTCUT_HELP = SHORTCUT_HELP_ITEMS.join(' · ')
