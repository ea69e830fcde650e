import { spawnSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { silentLogger } from '../src/main/core/logger'
import { CONTENT_SECURITY_POLICY } from '../src/main/web/staticFiles'
import { tempDir } from './support/tempDir'

// Electron's security checklist (https://www.electronjs.org/docs/latest/tutorial/security), item by item,
// against the shell's real code. Electron itself is the one thing mocked: no binary runs here.
type Handler = (...args: never[]) => unknown
const electron = vi.hoisted(() => {
  const record = {
    windows: [] as Array<{ options: Record<string, unknown>; handlers: Map<string, Handler>; openHandler?: Handler; loaded: string[] }>,
    session: {} as Record<string, Handler>,
    calls: [] as string[]
  }
  class BrowserWindow {
    webContents: Record<string, unknown>
    constructor(options: Record<string, unknown>) {
      const window = { options, handlers: new Map<string, Handler>(), loaded: [] as string[] } as (typeof record.windows)[number]
      record.windows.push(window)
      this.webContents = {
        mainFrame: { url: '' },
        on: (event: string, handler: Handler) => window.handlers.set(event, handler),
        setWindowOpenHandler: (handler: Handler) => (window.openHandler = handler)
      }
      Object.assign(this, { loadURL: async (url: string) => window.loaded.push(url), loadFile: async (file: string) => window.loaded.push(`file:${file}`), once: () => undefined })
    }
  }
  const defaultSession = {
    setPermissionRequestHandler: (h: Handler) => (record.session.request = h),
    setPermissionCheckHandler: (h: Handler) => (record.session.check = h),
    setDevicePermissionHandler: (h: Handler) => (record.session.device = h),
    webRequest: { onHeadersReceived: (h: Handler) => (record.session.headers = h) }
  }
  const app = {
    setPath: () => record.calls.push('app.setPath'),
    enableSandbox: () => record.calls.push('app.enableSandbox'),
    whenReady: () => {
      record.calls.push('app.whenReady')
      return new Promise(() => undefined) // never ready: only what runs before `ready` is under test
    },
    on: () => undefined
  }
  const protocol = {
    registerSchemesAsPrivileged: (schemes: unknown) => record.calls.push(`protocol.registerSchemesAsPrivileged ${JSON.stringify(schemes)}`),
    handle: () => record.calls.push('protocol.handle')
  }
  return { record, module: { BrowserWindow, session: { defaultSession }, app, protocol, dialog: {}, ipcMain: {}, safeStorage: {} } }
})
vi.mock('electron', () => ({ ...electron.module, default: electron.module }))

const { createMainWindow } = await import('../src/main/shell/mainWindow')
const { APP_CONTENT_SECURITY_POLICY, APP_ENTRY_URL, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } = await import('../src/main/shell/appProtocol')

const opened = (devServerUrl?: string) => {
  electron.record.windows.length = 0
  const made = createMainWindow({ preload: '/app/out/preload/index.cjs', logger: silentLogger, ...(devServerUrl ? { devServerUrl } : {}) })
  return { ...made, record: electron.record.windows[0]! }
}
const navigate = (handler: Handler | undefined, url: string): boolean => {
  let prevented = false
  ;(handler as (e: { preventDefault(): void }, url: string) => void)({ preventDefault: () => (prevented = true) }, url)
  return prevented
}

describe('the main window (src/main/shell/mainWindow.ts)', () => {
  beforeEach(() => void opened())

  it.each([
    ['2. no Node.js integration for remote content', 'nodeIntegration', false],
    ['2. no Node.js integration in workers', 'nodeIntegrationInWorker', false],
    ['2. no Node.js integration in subframes', 'nodeIntegrationInSubFrames', false],
    ['3. context isolation', 'contextIsolation', true],
    ['4. process sandboxing', 'sandbox', true],
    ['6. webSecurity not disabled', 'webSecurity', true],
    ['8. no allowRunningInsecureContent', 'allowRunningInsecureContent', false],
    ['9. no experimental features', 'experimentalFeatures', false],
    ['12. no <webview> tag', 'webviewTag', false],
    ['-. dropped files or links do not navigate', 'navigateOnDragDrop', false]
  ])('checklist %s: webPreferences.%s is %s', (_item, key, value) => {
    expect(opened().record.options.webPreferences).toHaveProperty(key, value)
  })

  it('checklist 10: enables no Blink features; the preload is our own built file', () => {
    const prefs = opened().record.options.webPreferences as Record<string, unknown>
    expect(prefs.enableBlinkFeatures).toBeUndefined()
    expect(prefs.preload).toBe('/app/out/preload/index.cjs')
  })

  it('checklist 18: loads the app protocol, never a file: URL', () => {
    expect(opened().record.loaded).toEqual([APP_ENTRY_URL])
  })

  it('checklist 13: navigation and redirects stay on the app origin', () => {
    const { handlers } = opened().record
    for (const event of ['will-navigate', 'will-redirect']) {
      expect(navigate(handlers.get(event), 'https://attacker.example/')).toBe(true)
      expect(navigate(handlers.get(event), 'file:///etc/passwd')).toBe(true)
      expect(navigate(handlers.get(event), 'plantwatch://other/index.html')).toBe(true)
      expect(navigate(handlers.get(event), 'javascript:alert(1)')).toBe(true)
      expect(navigate(handlers.get(event), `${APP_ENTRY_URL}#/alarms`)).toBe(false)
    }
  })

  it('checklist 13 in dev: only the dev server origin', () => {
    const { handlers } = opened('http://localhost:5173/').record
    expect(navigate(handlers.get('will-navigate'), 'http://localhost:5173/#/trends')).toBe(false)
    expect(navigate(handlers.get('will-navigate'), 'http://localhost:5174/')).toBe(true)
    expect(navigate(handlers.get('will-navigate'), APP_ENTRY_URL)).toBe(true)
  })

  it('checklist 14 and 15: every new window is denied, and nothing goes to shell.openExternal', () => {
    const { openHandler } = opened().record
    for (const url of ['https://example.com/', APP_ENTRY_URL, 'mailto:x@example.com']) {
      expect((openHandler as (d: { url: string }) => unknown)({ url })).toEqual({ action: 'deny' })
    }
  })

  it('checklist 12: a <webview> can never attach', () => {
    const { handlers } = opened().record
    expect(navigate(handlers.get('will-attach-webview'), '')).toBe(true)
  })

  it('checklist 5: every permission request and check is denied, devices too', () => {
    opened()
    const { request, check, device } = electron.record.session
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'fullscreen', 'openExternal', 'hid', 'serial']) {
      let granted: boolean | undefined
      ;(request as (c: unknown, p: string, cb: (ok: boolean) => void) => void)({}, permission, (ok) => (granted = ok))
      expect(granted, permission).toBe(false)
      expect((check as (...a: unknown[]) => boolean)({}, permission, 'plantwatch://app', {}), permission).toBe(false)
    }
    expect((device as (d: unknown) => boolean)({ deviceType: 'usb', origin: 'plantwatch://app' })).toBe(false)
  })

  it('checklist 7: every response carries the app CSP, replacing any a server sent', () => {
    opened()
    let headers: Record<string, string[]> = {}
    ;(electron.record.session.headers as (d: unknown, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void)(
      { responseHeaders: { 'content-security-policy': ["default-src *; script-src 'unsafe-eval'"], 'X-Other': ['1'] } },
      (r) => (headers = r.responseHeaders)
    )
    expect(headers).toEqual({ 'X-Other': ['1'], 'Content-Security-Policy': [APP_CONTENT_SECURITY_POLICY] })
  })

  it('IPC is trusted only from the main frame of this window at the app origin', () => {
    const { window, isTrustedSender } = opened()
    const contents = window.webContents as unknown as { mainFrame: { url: string } }
    const event = (url: string, frame: unknown = contents.mainFrame, sender: unknown = contents) => {
      contents.mainFrame.url = url
      return { sender, senderFrame: frame } as never
    }
    expect(isTrustedSender(event(`${APP_ENTRY_URL}#/alarms`))).toBe(true)
    expect(isTrustedSender(event('https://attacker.example/'))).toBe(false)
    expect(isTrustedSender(event(APP_ENTRY_URL, { url: APP_ENTRY_URL }))).toBe(false)
    expect(isTrustedSender(event(APP_ENTRY_URL, contents.mainFrame, {}))).toBe(false)
    expect(isTrustedSender(event(APP_ENTRY_URL, null))).toBe(false)
  })
})

describe('the Electron entry (src/main/index.ts), before ready', () => {
  it('enables the sandbox for every renderer and registers the app scheme as standard and secure, without bypassing CSP', async () => {
    electron.record.calls.length = 0
    await import('../src/main/index')
    const [sandbox, schemes, ready] = electron.record.calls.filter((c) => c !== 'app.setPath')
    expect(sandbox).toBe('app.enableSandbox')
    expect(schemes).toBe(`protocol.registerSchemesAsPrivileged ${JSON.stringify([APP_SCHEME_PRIVILEGES])}`)
    expect(ready).toBe('app.whenReady')
    expect(APP_SCHEME_PRIVILEGES.privileges).toEqual({ standard: true, secure: true, supportFetchAPI: true, corsEnabled: true })
  }, 60_000) // loads the whole main process (the OPC UA stack included)
})

describe('checklist 18: the app protocol serves the built renderer and nothing else', () => {
  const root = tempDir('renderer')
  mkdirSync(join(root, 'assets'))
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>')
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)')
  const outside = tempDir('outside')
  writeFileSync(join(outside, 'secret.txt'), 'the secret')
  const handle = createAppProtocolHandler(root)
  const get = (url: string, method = 'GET') => handle(new Request(url, { method }))

  it('serves files of the renderer folder with the app CSP', async () => {
    const index = await get(APP_ENTRY_URL)
    expect(index.status).toBe(200)
    expect(await index.text()).toContain('<title>app</title>')
    expect(index.headers.get('content-security-policy')).toBe(APP_CONTENT_SECURITY_POLICY)
    expect(index.headers.get('x-content-type-options')).toBe('nosniff')
    const script = await get('plantwatch://app/assets/app.js')
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(await script.text()).toBe('console.log(1)')
  })

  it('never serves a file out of the folder, however the path is spelt; refuses other hosts and writes', async () => {
    const name = basename(outside)
    for (const path of [`../${name}/secret.txt`, `..%2f${name}%2fsecret.txt`, `%2e%2e%2f${name}%2fsecret.txt`, `..%5c${name}%5csecret.txt`, `assets/..%2f..%2f${name}/secret.txt`]) {
      const response = await get(`plantwatch://app/${path}`)
      const body = await response.text()
      expect(body, path).not.toContain('the secret')
      expect([200, 403], path).toContain(response.status)
      if (response.status === 200) expect(body, path).toContain('<title>app</title>')
    }
    expect((await get('plantwatch://app/%E0%A4%A')).status).toBe(400)
    expect((await get('plantwatch://elsewhere/index.html')).status).toBe(404)
    expect((await get(APP_ENTRY_URL, 'POST')).status).toBe(405)
  })
})

/** A CSP as a map of directive to sources. */
const directives = (policy: string): Map<string, string[]> =>
  new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name!, sources])
  )
const metaPolicy = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(readFileSync('src/renderer/index.html', 'utf8'))?.[1] ?? ''

describe('checklist 7: a strict Content Security Policy', () => {
  it.each([
    ['the desktop app (header)', APP_CONTENT_SECURITY_POLICY],
    ['the web host (header)', CONTENT_SECURITY_POLICY],
    ['index.html (meta)', metaPolicy]
  ])('%s: scripts only from the app, no eval, no inline script, no plugins, no <base>', (_where, policy) => {
    const csp = directives(policy)
    expect(csp.get('script-src')).toEqual(["'self'"])
    expect(csp.get('object-src')).toEqual(["'none'"])
    expect(csp.get('base-uri')).toEqual(["'none'"])
    expect(csp.has('default-src')).toBe(true)
    for (const sources of csp.values()) for (const bad of ["'unsafe-eval'", '*', 'http:', 'https:', "'unsafe-hashes'"]) expect(sources).not.toContain(bad)
  })

  it('the desktop app: nothing by default, connections to itself only, no frames or forms', () => {
    const csp = directives(APP_CONTENT_SECURITY_POLICY)
    expect(csp.get('default-src')).toEqual(["'none'"])
    expect(csp.get('connect-src')).toEqual(["'self'"])
    expect(csp.get('frame-src')).toEqual(["'none'"])
    expect(csp.get('frame-ancestors')).toEqual(["'none'"])
    expect(csp.get('form-action')).toEqual(["'none'"])
  })
})

/** Our shipped sources (tests and their fixtures aside), read once. */
// Comments are dropped first: they may name what the code must not do. `://` in URLs is kept.
const withoutComments = (text: string): string => text.replace(/\/\*[\s\S]*?\*\/|<!--[\s\S]*?-->|(^|[^:])\/\/.*$/gm, '$1')
const sources = readdirSync('src', { recursive: true, withFileTypes: true })
  .filter((d) => d.isFile() && /\.(ts|tsx|html)$/.test(d.name) && !/\.test\.tsx?$/.test(d.name))
  .map((d) => ({ path: join(d.parentPath, d.name), text: withoutComments(readFileSync(join(d.parentPath, d.name), 'utf8')) }))
const filesWith = (pattern: RegExp): string[] => sources.filter((s) => pattern.test(s.text)).map((s) => s.path)

describe('the checklist across all of src/', () => {
  it.each([
    ['15. no shell.openExternal', /openExternal/],
    ['12. no <webview>', /<webview/i],
    ['10. no enableBlinkFeatures', /enableBlinkFeatures/],
    ['2. no nodeIntegration: true', /nodeIntegration\w*\s*:\s*true/],
    ['3. no contextIsolation: false', /contextIsolation\s*:\s*false/],
    ['4. no sandbox: false', /sandbox\s*:\s*false/],
    ['6. no webSecurity: false', /webSecurity\s*:\s*false/],
    ['8. no allowRunningInsecureContent: true', /allowRunningInsecureContent\s*:\s*true/],
    ['9. no experimentalFeatures: true', /experimentalFeatures\s*:\s*true/],
    ['18. no file: origin (loadFile)', /\.loadFile\(/],
    ['certificate errors are never overridden', /certificate-error|setCertificateVerifyProc/],
    ['no synchronous IPC', /sendSync|ipcMain\.on\(/],
    ['no electron-store (its ipcMain listener lies outside the contract)', /from 'electron-store'/]
  ])('%s', (_item, pattern) => {
    expect(filesWith(pattern)).toEqual([])
  })

  it('windows are made in one place, the main window; permissions and navigation are guarded in one place', () => {
    expect(filesWith(/new (BrowserWindow|BrowserView|WebContentsView)\(/)).toEqual([join('src', 'main', 'shell', 'mainWindow.ts')])
    expect(filesWith(/setPermissionRequestHandler\(/)).toEqual([join('src', 'main', 'shell', 'windowSecurity.ts')])
    expect(filesWith(/ipcMain\.handle\(/)).toEqual([join('src', 'main', 'shell', 'ipcBridge.ts')])
  })
})

describe('npm run lint:electron (electronegativity, offline)', () => {
  it('fails, naming each finding, on a window with the checklist turned off', () => {
    const dir = tempDir('insecure-app')
    writeFileSync(
      join(dir, 'main.ts'),
      "import { BrowserWindow, shell } from 'electron'\n" +
        'const w = new BrowserWindow({ webPreferences: { contextIsolation: false, sandbox: false, webSecurity: false } })\n' +
        "w.webContents.on('did-finish-load', () => void shell.openExternal(w.webContents.getURL()))\n"
    )
    const run = spawnSync(process.execPath, ['scripts/electronegativity.mjs', dir], { encoding: 'utf8' })
    expect(run.status).toBe(1)
    for (const id of ['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'WEB_SECURITY_JS_CHECK', 'OPEN_EXTERNAL_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK', 'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK', 'CSP_GLOBAL_CHECK']) {
      expect(run.stderr).toContain(id)
    }
    expect(run.stderr).toMatch(/\d+ findings/)
  }, 60_000)
})
