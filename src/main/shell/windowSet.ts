import Conf from 'conf'
import { screen, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import type { Core } from '../core/createCore'
import type { Logger } from '../core/logger'
import { OWNER_ONLY_MODE } from '../core/settings/privateFile'
import { placeOnScreen, readWindowLayout, writeWindowLayout, type SavedWindow } from './displayWindows'
import { forwardContractEvents, type ConsoleSessions } from './ipcBridge'
import { createMainWindow, type MainWindowOptions } from './mainWindow'

/**
 * The shell's windows: the main one and any display opened in a window of its own. Each is a
 * full contract client with its own console session; where they were is saved in
 * `<dataDir>/windows.json` at quit and restored at the next start.
 */
export interface WindowSet {
  isTrustedSender(event: IpcMainInvokeEvent): boolean
  /** True when no window of the set is on screen (all minimised): desktop notifications then speak. */
  allMinimised(): boolean
  /** Writes the layout of the windows open now (call before they close at quit). */
  saveLayout(): void
  dispose(): void
}

export function openWindowSet(
  dataDir: string,
  base: Pick<MainWindowOptions, 'preload' | 'devServerUrl' | 'logger'>,
  core: Core,
  consoleSessions: ConsoleSessions,
  logger: Logger
): WindowSet {
  const store = new Conf<Record<string, unknown>>({ cwd: dataDir, configName: 'windows', configFileMode: OWNER_ONLY_MODE })
  const open = new Map<BrowserWindow, { trusted(event: IpcMainInvokeEvent): boolean; off(): void }>()
  let quitting = false

  const layout = (): SavedWindow[] =>
    [...open.keys()].flatMap((window) => {
      if (window.isDestroyed()) return []
      const hash = new URL(window.webContents.getURL() || 'plantwatch://app/#/').hash
      return [{ route: hash.startsWith('#/') ? hash : '#/', bounds: window.getNormalBounds(), maximized: window.isMaximized() }]
    })
  const saveLayout = (): void => writeWindowLayout(store, layout())

  function openWindow(hash: string | undefined, saved?: SavedWindow): void {
    const workAreas = screen.getAllDisplays().map((d) => d.workArea)
    const { window, isTrustedSender } = createMainWindow({
      ...base,
      ...(hash ? { hash } : {}),
      ...(saved ? { bounds: placeOnScreen(saved.bounds, workAreas) } : {}),
      onOpenDisplay: (next) => openWindow(next)
    })
    if (saved?.maximized) window.maximize()
    open.set(window, { trusted: isTrustedSender, off: forwardContractEvents(core, window.webContents, consoleSessions) })
    // Closing the last window quits: that window is the layout. Windows closed earlier are not reopened.
    window.on('close', () => {
      if (!quitting && open.size === 1) saveLayout()
    })
    window.on('closed', () => {
      open.get(window)?.off()
      open.delete(window)
    })
  }

  const saved = readWindowLayout(store, logger)
  if (saved.length === 0) openWindow(undefined)
  for (const window of saved) openWindow(window.route, window)

  return {
    isTrustedSender: (event) => [...open.values()].some((w) => w.trusted(event)),
    allMinimised: () => [...open.keys()].every((w) => w.isDestroyed() || w.isMinimized()),
    saveLayout() {
      quitting = true
      if (open.size > 0) saveLayout()
    },
    dispose() {
      for (const w of open.values()) w.off()
    }
  }
}
