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

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin'
}

/**
 * Serves the built renderer. Paths are normalised and must stay inside `root`;
 * unknown paths get index.html so a reload on any view works.
 */
export async function serveStatic(root: string, urlPath: string, res: ServerResponse): Promise<void> {
  const pathname = decodeURIComponent(urlPath.split('?')[0] ?? '/')
  const relative = normalize(pathname).replace(/^([/\\])+/, '')
  let file = join(root, relative || 'index.html')
  if (file !== root && !file.startsWith(root + sep)) {
    res.writeHead(403, SECURITY_HEADERS).end('forbidden')
    return
  }
  let body: Buffer
  try {
    body = await readFile(file)
  } catch {
    file = join(root, 'index.html')
    try {
      body = await readFile(file)
    } catch {
      res.writeHead(503, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' }).end('renderer not built: run `npm run build`')
      return
    }
  }
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Cache-Control': file.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable'
  })
  res.end(body)
}
