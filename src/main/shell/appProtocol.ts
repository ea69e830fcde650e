import type { CustomScheme } from 'electron'
import { readStaticFile } from '../web/staticFiles'

/**
 * The renderer's own origin, `plantwatch://app`, instead of file://: a file: page
 * may read any local file the user can, while this scheme serves the built
 * renderer folder and nothing else (Electron security checklist: "Use a custom
 * protocol instead of the file:// protocol").
 */
export const APP_SCHEME = 'plantwatch'
export const APP_ORIGIN = `${APP_SCHEME}://app`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/**
 * Registered before `ready`. `standard` gives the scheme real origins (so 'self' in
 * the CSP and the same-origin checks mean this app); `secure` makes it a secure
 * context; `supportFetchAPI` and `corsEnabled` let Vite's `crossorigin` module
 * scripts and stylesheets load. No bypassCSP, no service workers.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true }
}

/**
 * The app's CSP in the desktop shell: nothing by default, scripts and styles from
 * the app only, no connections but to itself (the renderer talks over IPC here),
 * no frames, plugins, base or forms. Inline styles stay allowed: React and uPlot
 * position elements with style properties, and styles cannot run code.
 */
export const APP_CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-src 'none'; frame-ancestors 'none'; form-action 'none'"

/**
 * scheme://host[:port] of a URL, or undefined when it does not parse. Node's
 * `URL.origin` is "null" for schemes it does not know, so it cannot be used here.
 */
function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url)
    return parsed.host === '' ? undefined : `${parsed.protocol}//${parsed.host}`
  } catch {
    return undefined
  }
}

/** True for a URL of the app's own origin (`APP_ORIGIN`, or the dev server's): what navigation and IPC senders must be. */
export function isAppUrl(url: string, appOrigin: string = APP_ORIGIN): boolean {
  const origin = originOf(url)
  return origin !== undefined && origin === originOf(appOrigin)
}

/**
 * The `protocol.handle(APP_SCHEME, ...)` handler: files of `rendererDir` only, for
 * GET and HEAD on host `app`, with the app's CSP; anything else is refused.
 */
export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (!isAppUrl(request.url)) return new Response('not found', { status: 404 })
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('method not allowed', { status: 405 })
    const file = await readStaticFile(rendererDir, new URL(request.url).pathname, APP_CONTENT_SECURITY_POLICY)
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(Buffer.from(file.body)), { status: file.status, headers: file.headers })
  }
}
