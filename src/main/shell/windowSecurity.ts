import type { Session, WebContents } from 'electron'
import type { Logger } from '../core/logger'
import { isAppUrl } from './appProtocol'
import { displayHashOf } from './displayWindows'

/** What the guards need of a window's webContents. */
export type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>
/** What the permission guards need of a session. */
export type GuardedSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>

/**
 * Keeps the window on the app: navigation and redirects to any other origin are
 * stopped (checklist 13), every new window is denied and nothing is handed to
 * `shell.openExternal` (checklist 14, 15), and a <webview> can never attach
 * (checklist 12). `appOrigin` is the app protocol's, or the dev server's.
 */
export function guardNavigation(contents: GuardedContents, appOrigin: string, logger: Logger, onOpenDisplay?: (hash: string) => void): void {
  const stayOnApp = (what: string) => (event: { preventDefault(): void }, url: string) => {
    if (isAppUrl(url, appOrigin)) return
    event.preventDefault()
    logger.warn(`shell: blocked ${what} to ${url}`)
  }
  contents.on('will-navigate', stayOnApp('navigation'))
  contents.on('will-redirect', stayOnApp('redirect'))
  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
    logger.warn('shell: blocked a webview tag')
  })
  contents.setWindowOpenHandler(({ url }) => {
    // One of our own displays opens in a window the shell makes itself, with the same
    // locked-down preferences; the page's own request is still denied.
    const display = onOpenDisplay ? displayHashOf(url, appOrigin) : undefined
    if (display !== undefined) onOpenDisplay?.(display)
    else logger.warn(`shell: blocked a new window for ${url}`)
    return { action: 'deny' }
  })
}

/**
 * Denies every permission (camera, microphone, geolocation, notifications, HID,
 * serial, USB, ...) asked or checked by any page of the session (checklist 5):
 * an HMI needs none of them.
 */
export function denyAllPermissions(session: GuardedSession, logger: Logger): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    logger.warn(`shell: denied permission "${permission}"`)
    callback(false)
  })
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler(() => false)
}

/** Sets `policy` as the response's only Content-Security-Policy header (any casing the server used is replaced). */
export function withContentSecurityPolicy(headers: Record<string, string[] | string> | undefined, policy: string): Record<string, string[]> {
  const result: Record<string, string[]> = {}
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') result[name] = Array.isArray(value) ? value : [value]
  }
  // The policy is a parameter (APP_CONTENT_SECURITY_POLICY or the web host's), each evaluated in test/electronSecurity.test.ts.
  result['Content-Security-Policy'] = [policy] // eng-disable CSP_GLOBAL_CHECK
  return result
}
