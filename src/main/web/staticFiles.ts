import { readFile } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2'
}

/** The same policy as the renderer's meta tag, sent as a header so it also covers non-HTML responses. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'"

const securityHeaders = (contentSecurityPolicy: string): Record<string, string> => ({
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin'
})

/** One response of the built renderer, for either transport (HTTP here, the shell's app protocol). */
export interface StaticResponse {
  status: 200 | 400 | 403 | 503
  headers: Record<string, string>
  body: Buffer | string
}

/**
 * Reads the built renderer's file for a URL path. Paths are normalised and must
 * stay inside `root`; unknown paths get index.html so a reload on any view works.
 * Every response carries `contentSecurityPolicy` and the other security headers.
 */
export async function readStaticFile(root: string, urlPath: string, contentSecurityPolicy = CONTENT_SECURITY_POLICY): Promise<StaticResponse> {
  const headers = securityHeaders(contentSecurityPolicy)
  let pathname: string
  try {
    pathname = decodeURIComponent(urlPath.split('?')[0] ?? '/')
  } catch {
    return { status: 400, headers: { ...headers, 'Content-Type': 'text/plain' }, body: 'malformed path' }
  }
  const relative = normalize(pathname).replace(/^([/\\])+/, '')
  let file = join(root, relative || 'index.html')
  if (file !== root && !file.startsWith(root + sep)) return { status: 403, headers, body: 'forbidden' }
  let body: Buffer
  try {
    body = await readFile(file)
  } catch {
    file = join(root, 'index.html')
    try {
      body = await readFile(file)
    } catch {
      return { status: 503, headers: { ...headers, 'Content-Type': 'text/plain' }, body: 'renderer not built: run `npm run build`' }
    }
  }
  return {
    status: 200,
    headers: {
      ...headers,
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': file.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable'
    },
    body
  }
}

/** Serves the built renderer over HTTP (see {@link readStaticFile}). */
export async function serveStatic(root: string, urlPath: string, res: ServerResponse): Promise<void> {
  const file = await readStaticFile(root, urlPath)
  res.writeHead(file.status, file.headers).end(file.body)
}
