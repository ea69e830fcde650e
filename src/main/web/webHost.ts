import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { eventNames, fail, type EventName, type EventPayload, type HistorySeries, type Result } from '../../shared/contract'
import { encodeHistoryAnswer, isFrameId } from '../../shared/historyAnswerCodec'
import { encodeSampleBatch } from '../../shared/sampleBatchCodec'
import { WS_PATH, type WsServerMessage } from '../../shared/wsProtocol'
import type { Core } from '../core/createCore'
import type { Logger } from '../core/logger'
import { serveStatic } from './staticFiles'

export interface WebHostOptions {
  core: Core
  rendererDir: string
  logger: Logger
  /** Default 127.0.0.1: the HMI is not put on the network unless asked. */
  host?: string
  /** 0 picks a free port. */
  port?: number
}

export interface WebHost {
  url: string
  close(): Promise<void>
}

/** A client that falls this far behind is cut off rather than fed stale data or drop values silently. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024
const MAX_MESSAGE_BYTES = 256 * 1024

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]'])
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]'])

/** Whether a host binds to this machine only. */
export const isLoopbackHost = (host: string): boolean => LOOPBACK_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host)

/**
 * The browser session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site
 * sends it), never in a URL. It names a server-side session; signing in happens over the
 * WebSocket, against that session.
 */
export const SESSION_COOKIE = 'plantwatch_session'

/** The session id in a Cookie header, if any. */
export function sessionCookie(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=')
    if (name === SESSION_COOKIE) return value.join('=') || undefined
  }
  return undefined
}

/**
 * Whether a WebSocket upgrade may speak the contract. The WebSocket is the
 * renderer's IPC: only pages this host served may open it (Origin equal to the
 * Host), and on a specific address only under a name that resolves here (Host;
 * DNS rebinding). Bound to every interface on request, any Host is accepted.
 * Clients without an Origin are local programs, not pages (benches, tools).
 */
export function isTrustedUpgrade(headers: IncomingMessage['headers'], host: string, port: number): boolean {
  const hostHeader = headers.host ?? ''
  const allowed = WILDCARD_HOSTS.has(host) || [`${host}:${port}`, `127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(hostHeader)
  if (!allowed || hostHeader === '') return false
  return headers.origin === undefined || headers.origin === `http://${hostHeader}`
}

/**
 * The web host: the built renderer over HTTP and the contract over WebSocket,
 * driven by the same core and the same dispatcher as the Electron shell.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { core, logger } = options
  const host = options.host ?? '127.0.0.1'
  if (!isLoopbackHost(host) && core.users.count() === 0) {
    throw new Error(
      `refusing to serve on ${host} with no user accounts: anyone on the network could sign in to nothing and see the plant. ` +
        'Create one first: plantwatch users add NAME --role admin'
    )
  }
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end()
      return
    }
    // Every page load gets a server-side session (unauthenticated until someone signs in on it).
    const known = sessionCookie(req.headers.cookie)
    if (!known || !core.sessions.find(known)) {
      const session = core.sessions.open({ console: false, peer: req.socket.remoteAddress ?? '?' })
      res.setHeader('Set-Cookie', `${SESSION_COOKIE}=${session.id}; HttpOnly; SameSite=Strict; Path=/`)
    }
    void serveStatic(options.rendererDir, req.url ?? '/', res)
  })
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`

  const trusted = (req: IncomingMessage): boolean => isTrustedUpgrade(req.headers, host, port)

  server.on('upgrade', (req, socket, head) => {
    if ((req.url ?? '').split('?')[0] !== WS_PATH || !trusted(req)) {
      logger.warn(`web host: refused WebSocket from origin ${req.headers.origin ?? '(none)'} host ${req.headers.host ?? '(none)'}`)
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n')
      return
    }
    const peer = req.socket.remoteAddress ?? '?'
    // A client without a page's cookie (a tool, a bench) gets a session for this connection only.
    const sessionId = sessionCookie(req.headers.cookie)
    const session = (sessionId && core.sessions.find(sessionId)) || core.sessions.open({ console: false, peer })
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, session.id, `ws ${peer}:${req.socket.remotePort ?? '?'}`))
  })
  const sessionOf = new Map<WebSocket, string>()
  const canView = (ws: WebSocket): boolean => {
    const id = sessionOf.get(ws)
    return id !== undefined && core.sessions.find(id)?.canView === true
  }

  // Each event is encoded once and the same frame goes to every client: the batch path
  // must not cost more per connected screen than the socket write.
  const broadcast = (frame: string | ArrayBuffer): void => {
    for (const ws of wss.clients) {
      // Plant data goes only to sessions someone signed in on.
      if (ws.readyState !== ws.OPEN || !canView(ws)) continue
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        logger.warn(`web host: client too slow (${ws.bufferedAmount} bytes queued); closing`)
        ws.close(1013, 'client too slow')
        continue
      }
      ws.send(frame)
    }
  }
  const unsubscribes = eventNames.map((event: EventName) =>
    core.on(event, (payload) => {
      if (event === 'session:changed') return
      if (wss.clients.size === 0) return
      broadcast(
        event === 'samples:batch'
          ? encodeSampleBatch(payload as EventPayload<'samples:batch'>)
          : JSON.stringify({ type: 'event', event, payload } as WsServerMessage)
      )
    })
  )
  // A session's state goes to its own sockets only (every tab of that browser session).
  unsubscribes.push(
    core.sessions.onChange((session) => {
      const frame = JSON.stringify({ type: 'event', event: 'session:changed', payload: core.sessions.state(session) } as WsServerMessage)
      for (const [ws, id] of sessionOf) if (id === session.id && ws.readyState === ws.OPEN) ws.send(frame)
    })
  )

  function attach(ws: WebSocket, sessionId: string, origin: string): void {
    sessionOf.set(ws, sessionId)
    // A frame over the size limit (or a broken one) closes this socket; without a listener
    // `ws` would throw it as an uncaught error and take the whole host down.
    ws.on('error', (error) => logger.warn(`${origin}: closed: ${error.message}`))
    // Running invokes by id, so a cancel can abort its handler's signal.
    const aborts = new Map<number, AbortController>()
    ws.on('close', () => {
      sessionOf.delete(ws)
      for (const abort of aborts.values()) abort.abort()
      const session = core.sessions.find(sessionId)
      // A cookie-less session dies with its only socket; a page's session outlives a reload.
      if (session && !session.canView && ![...sessionOf.values()].includes(sessionId)) core.sessions.close(sessionId)
    })
    const send = (frame: string | ArrayBuffer): void => {
      if (ws.readyState === ws.OPEN) ws.send(frame)
    }
    ws.on('message', (data, isBinary) => {
      let message: unknown
      try {
        if (isBinary) throw new Error('binary frames are not commands')
        message = JSON.parse(data.toString())
      } catch (error) {
        logger.warn(`${origin}: rejected a frame that is not JSON: ${(error as Error).message}`)
        return
      }
      const { type, id, channel, input } = (message ?? {}) as Record<string, unknown>
      if (type === 'cancel' && typeof id === 'number') {
        aborts.get(id)?.abort()
        return
      }
      if (type !== 'invoke' || !isFrameId(id)) {
        logger.warn(`${origin}: rejected a message that is not {type:'invoke', id (u32), channel, input}`)
        return
      }
      const abort = new AbortController()
      aborts.set(id, abort)
      void core
        .dispatch(sessionId, channel, input, { origin, signal: abort.signal })
        .then((result) => send(resultFrame(id, channel, result, logger)))
        .finally(() => aborts.delete(id))
    })
  }

  return {
    url,
    async close() {
      unsubscribes.forEach((off) => off())
      for (const client of wss.clients) client.terminate()
      wss.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}

/**
 * The frame answering invoke `id`: a `history:query` answer as a binary frame (its typed
 * arrays do not survive JSON), anything else, and every failure, as a JSON result.
 */
function resultFrame(id: number, channel: unknown, result: Result<unknown>, logger: Logger): string | ArrayBuffer {
  if (result.ok && channel === 'history:query') {
    try {
      return encodeHistoryAnswer(id, result.data as HistorySeries[])
    } catch (error) {
      logger.error(`web host: could not encode a history:query answer: ${(error as Error).message}`)
      return JSON.stringify({ type: 'result', id, result: fail('internal', 'history:query: the answer could not be encoded (see the log)') } satisfies WsServerMessage)
    }
  }
  return JSON.stringify({ type: 'result', id, result } satisfies WsServerMessage)
}
