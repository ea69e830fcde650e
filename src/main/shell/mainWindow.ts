import { BrowserWindow, session, type IpcMainInvokeEvent } from 'electron'
import { pathToFileURL } from 'node:url'
import { CONTENT_SECURITY_POLICY } from '../web/staticFiles'

export interface MainWindowOptions {
  preload: string
  rendererIndex: string
  /** electron-vite's dev server, when running `electron-vite dev`. */
  devServerUrl?: string
}

/**
 * The operator's window, locked down: isolated, sandboxed, no Node, no
 * navigation away from the renderer, no new windows, no permission grants.
 */
export function createMainWindow(options: MainWindowOptions): { window: BrowserWindow; isTrustedSender(event: IpcMainInvokeEvent): boolean } {
  const rendererUrl = options.devServerUrl ?? pathToFileURL(options.rendererIndex).href
  const window = new BrowserWindow({
    width: 1600,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    backgroundColor: '#d6d6d6',
    title: 'Plantwatch',
    show: false,
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false
    }
  })
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.defaultSession.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } })
  )
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
  window.webContents.on('will-navigate', (event, url) => {
    if (url !== rendererUrl) event.preventDefault()
  })
  window.once('ready-to-show', () => window.show())
  void (options.devServerUrl ? window.loadURL(options.devServerUrl) : window.loadFile(options.rendererIndex))

  const isTrustedSender = (event: IpcMainInvokeEvent): boolean => {
    const frame = event.senderFrame
    return event.sender === window.webContents && frame !== null && frame === window.webContents.mainFrame && frame.url.split('#')[0] === rendererUrl.split('#')[0]
  }
  return { window, isTrustedSender }
}
