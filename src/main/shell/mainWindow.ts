import { BrowserWindow, session, type IpcMainInvokeEvent } from 'electron'
import type { Logger } from '../core/logger'
import { CONTENT_SECURITY_POLICY } from '../web/staticFiles'
import { APP_CONTENT_SECURITY_POLICY, APP_ENTRY_URL, isAppUrl } from './appProtocol'
import type { Bounds } from './displayWindows'
import { denyAllPermissions, guardNavigation, withContentSecurityPolicy } from './windowSecurity'

export interface MainWindowOptions {
  preload: string
  /** electron-vite's dev server, when running `electron-vite dev`; otherwise the app protocol serves the renderer. */
  devServerUrl?: string
  logger: Logger
  /** The display to open (a `#/…` hash); the plant overview without it. */
  hash?: string
  /** Where the window was at the last quit (see displayWindows.ts). */
  bounds?: Bounds
  /** Called when the page asks to open one of our displays in a new window. */
  onOpenDisplay?: (hash: string) => void
}

/**
 * The operator's window, locked down (see windowSecurity.ts): isolated, sandboxed,
 * no Node, the app's own origin only, no new windows, no permission grants, and a
 * CSP on every response.
 */
export function createMainWindow(options: MainWindowOptions): { window: BrowserWindow; isTrustedSender(event: IpcMainInvokeEvent): boolean } {
  const entryUrl = options.devServerUrl ?? APP_ENTRY_URL
  // The dev server's hot reload needs its WebSocket: it gets the web host's policy.
  const policy = options.devServerUrl ? CONTENT_SECURITY_POLICY : APP_CONTENT_SECURITY_POLICY
  const window = new BrowserWindow({
    ...(options.bounds ?? { width: 1600, height: 900 }),
    minWidth: 1024,
    minHeight: 640,
    backgroundColor: '#d6d6d6',
    title: 'Plantwatch',
    show: false,
    // Electron's security checklist (electronjs.org/docs/latest/tutorial/security), spelt out even where it is
    // the default, so electronegativity and test/electronSecurity.test.ts can hold each item.
    webPreferences: {
      // Reviewed: src/preload/index.ts bridges only the contract's channels, never ipcRenderer itself.
      preload: options.preload, // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true, // 3: the preload's world is not the page's
      sandbox: true, // 4: the renderer is an OS-sandboxed process
      nodeIntegration: false, // 2: no Node in the page
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true, // 6: the same-origin policy stays on
      allowRunningInsecureContent: false, // 8
      experimentalFeatures: false, // 9; enableBlinkFeatures is never set (10)
      webviewTag: false, // 12: no <webview>
      disableBlinkFeatures: 'Auxclick', // a middle click opens no window (new windows are denied anyway)
      navigateOnDragDrop: false, // a dropped file or link must not replace the HMI
      safeDialogs: true,
      spellcheck: false
    }
  })
  denyAllPermissions(session.defaultSession, options.logger)
  session.defaultSession.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, policy) })
  )
  guardNavigation(window.webContents, entryUrl, options.logger, options.onOpenDisplay)
  window.once('ready-to-show', () => window.show())
  void window.loadURL(options.hash ? `${entryUrl}${options.hash}` : entryUrl)

  const isTrustedSender = (event: IpcMainInvokeEvent): boolean => {
    const frame = event.senderFrame
    return event.sender === window.webContents && frame !== null && frame === window.webContents.mainFrame && isAppUrl(frame.url, entryUrl)
  }
  return { window, isTrustedSender }
}
