import { z } from 'zod'
import {
  ERROR_CODES,
  commands,
  events,
  fail,
  isCommandName,
  isEventName,
  type CommandName,
  type ContractClient,
  type EventName,
  type EventPayload,
  type Result
} from '../../../shared/contract'
import { decodeHistoryAnswer, historyAnswerId } from '../../../shared/historyAnswerCodec'
import { decodeSampleBatch } from '../../../shared/sampleBatchCodec'
import type { WsCancel, WsInvoke } from '../../../shared/wsProtocol'
import { createStore, type ReadableStore } from './store'

/** The state of the link between this page and its host (not the plant link). */
export type LinkState =
  | { status: 'connecting'; attempt: number }
  | { status: 'open' }
  | { status: 'reconnecting'; attempt: number; retryAt: number; reason: string }
  | { status: 'closed'; reason: string }

/** What the client hears from a socket; the browser adapter lives in `transport.ts`. */
export interface SocketHandlers {
  open(): void
  message(data: string | ArrayBuffer): void
  close(reason: string): void
}

export interface SocketLike {
  send(data: string): void
  close(): void
}

export type SocketFactory = (url: string, handlers: SocketHandlers) => SocketLike

export interface WsClientOptions {
  url: string
  connect: SocketFactory
  setTimer?: (fn: () => void, ms: number) => unknown
  clearTimer?: (handle: unknown) => void
  now?: () => number
  log?: (message: string) => void
}

export interface WsClient extends ContractClient {
  readonly link: ReadableStore<LinkState>
  dispose(): void
}

const BACKOFF_FIRST_MS = 500
const BACKOFF_MAX_MS = 10_000

/** Delay before reconnection attempt `attempt` (1-based): 0.5 s doubling up to 10 s. */
export const reconnectDelayMs = (attempt: number): number =>
  Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** Math.max(0, attempt - 1))

/** A host that keeps the socket open but never answers must not leave a button waiting forever. */
export const INVOKE_TIMEOUT_MS = 15_000

interface Pending {
  channel: CommandName
  resolve: (result: Result<unknown>) => void
  timer: unknown
  /** Set while the socket is still connecting; sent on open. */
  frame?: string
}

/**
 * The contract over the web host's WebSocket (see `wsProtocol.ts`). It
 * reconnects with backoff forever; invokes made while connecting wait for the
 * socket, and every pending invoke resolves `unavailable` when the link drops,
 * so callers never hang. Results and low-rate events are checked against the
 * contract, since the other end is not trusted; sample batches are not, by design.
 * A `history:query` answer comes as a binary frame (`historyAnswerCodec`), decoded and
 * then checked like any result.
 */
export function createWsClient(options: WsClientOptions): WsClient {
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms))
  const clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>))
  const now = options.now ?? Date.now
  const log = options.log ?? ((message) => console.warn(`plantwatch ws: ${message}`))

  const link = createStore<LinkState>({ status: 'connecting', attempt: 0 })
  const listeners = new Map<EventName, Set<(payload: never) => void>>()
  const pending = new Map<number, Pending>()
  let socket: SocketLike | null = null
  let isOpen = false
  let attempt = 0
  let timer: unknown = null
  let nextId = 1
  let disposed = false

  const emit = <K extends EventName>(event: K, payload: EventPayload<K>): void => {
    const set = listeners.get(event)
    if (!set) return
    for (const listener of [...set]) {
      try {
        ;(listener as (p: EventPayload<K>) => void)(payload)
      } catch (error) {
        console.error(`plantwatch: a ${event} listener failed`, error)
      }
    }
  }

  const failPending = (message: string): void => {
    const all = [...pending.values()]
    pending.clear()
    for (const p of all) {
      clearTimer(p.timer)
      p.resolve(fail('unavailable', message))
    }
  }

  /** Answers invoke `id` with what `result` makes of its channel's answer. */
  const settle = (id: number, result: (channel: CommandName) => Result<unknown>): void => {
    const waiting = pending.get(id)
    // Withdrawn (cancelled, timed out) meanwhile: nobody listens for it any more.
    if (!waiting) return
    pending.delete(id)
    clearTimer(waiting.timer)
    waiting.resolve(result(waiting.channel))
  }

  const handleBinary = (data: ArrayBuffer): void => {
    const answerId = historyAnswerId(data)
    if (answerId !== undefined) {
      return settle(answerId, (channel) => {
        try {
          return checkResult(channel, { ok: true, data: decodeHistoryAnswer(data).series })
        } catch (error) {
          return fail('internal', `${channel}: ${error instanceof Error ? error.message : String(error)}`)
        }
      })
    }
    try {
      emit('samples:batch', decodeSampleBatch(data))
    } catch (error) {
      log(`dropped a binary frame: ${error instanceof Error ? error.message : String(error)}`)
    }
  }

  const handleText = (text: string): void => {
    let message: unknown
    try {
      message = JSON.parse(text)
    } catch {
      log('dropped a text frame that is not JSON')
      return
    }
    if (typeof message !== 'object' || message === null) return log('dropped a frame that is not an object')
    const m = message as Record<string, unknown>
    if (m.type === 'result' && typeof m.id === 'number') {
      settle(m.id, (channel) => checkResult(channel, m.result))
    } else if (m.type === 'event' && isEventName(m.event) && m.event !== 'samples:batch') {
      const parsed = events[m.event].safeParse(m.payload)
      if (!parsed.success) return log(`dropped a ${m.event} event that fails the contract: ${z.prettifyError(parsed.error)}`)
      emit(m.event, parsed.data as EventPayload<typeof m.event>)
    } else {
      log(`dropped an unknown frame (type ${String(m.type)})`)
    }
  }

  const scheduleReconnect = (reason: string): void => {
    attempt++
    const delay = reconnectDelayMs(attempt)
    link.set({ status: 'reconnecting', attempt, retryAt: now() + delay, reason })
    timer = setTimer(connect, delay)
  }

  function connect(): void {
    timer = null
    if (disposed) return
    if (attempt > 0) link.set({ status: 'connecting', attempt })
    // Each socket gets its own handlers so a late frame from a replaced socket is ignored.
    let mine: SocketLike | null = null
    const isCurrent = (): boolean => !disposed && mine !== null && socket === mine
    const handlers: SocketHandlers = {
      open() {
        if (!isCurrent()) return
        isOpen = true
        attempt = 0
        link.set({ status: 'open' })
        for (const p of pending.values()) {
          if (p.frame === undefined) continue
          mine!.send(p.frame)
          delete p.frame
        }
      },
      message(data) {
        if (!isCurrent()) return
        if (typeof data === 'string') return handleText(data)
        handleBinary(data)
      },
      close(reason) {
        if (!isCurrent()) return
        socket = null
        isOpen = false
        failPending(`connection to the host lost: ${reason}`)
        scheduleReconnect(reason)
      }
    }
    try {
      mine = options.connect(options.url, handlers)
      socket = mine
    } catch (error) {
      scheduleReconnect(error instanceof Error ? error.message : String(error))
    }
  }

  function send(channel: CommandName, input?: unknown): Promise<Result<never>> {
    if (disposed) return Promise.resolve(fail('unavailable', 'the client is closed'))
    if (!isCommandName(channel)) return Promise.resolve(fail('unknown-channel', `unknown command ${String(channel)}`))
    if (!socket) return Promise.resolve(fail('unavailable', 'not connected to the host; reconnecting'))
    const id = nextId++
    const frame = JSON.stringify({ type: 'invoke', id, channel, input } satisfies WsInvoke)
    return new Promise((resolve) => {
      const timer = setTimer(() => {
        if (pending.delete(id)) resolve(fail('unavailable', `${channel}: no answer from the host within ${INVOKE_TIMEOUT_MS / 1000} s`))
      }, INVOKE_TIMEOUT_MS)
      const entry: Pending = { channel, resolve: resolve as (r: Result<unknown>) => void, timer }
      pending.set(id, entry)
      if (isOpen) socket!.send(frame)
      else entry.frame = frame
    })
  }

  const client: WsClient = {
    link,
    invokeAbortable(channel: CommandName, input: unknown, signal: AbortSignal): Promise<Result<never>> {
      if (signal.aborted) return Promise.resolve(fail('cancelled', `${channel}: cancelled`))
      const id = nextId
      const answer = send(channel, input)
      const cancel = (): void => {
        const entry = pending.get(id)
        if (!entry) return
        pending.delete(id)
        clearTimer(entry.timer)
        if (isOpen && !entry.frame) socket?.send(JSON.stringify({ type: 'cancel', id } satisfies WsCancel))
        entry.resolve(fail('cancelled', `${channel}: cancelled`))
      }
      signal.addEventListener('abort', cancel, { once: true })
      return answer.finally(() => signal.removeEventListener('abort', cancel))
    },
    invoke: send,
    on(event, listener) {
      let set = listeners.get(event)
      if (!set) {
        set = new Set()
        listeners.set(event, set)
      }
      set.add(listener as (payload: never) => void)
      return () => {
        set.delete(listener as (payload: never) => void)
      }
    },
    dispose() {
      if (disposed) return
      disposed = true
      if (timer !== null) clearTimer(timer)
      const s = socket
      socket = null
      isOpen = false
      s?.close()
      failPending('the client is closed')
      link.set({ status: 'closed', reason: 'closed by the page' })
    }
  } as WsClient

  connect()
  return client
}

/** A result frame must be a Result whose data fits the command's output schema. */
function checkResult(channel: CommandName, raw: unknown): Result<unknown> {
  if (typeof raw !== 'object' || raw === null) return fail('internal', `${channel}: the host sent no result`)
  const r = raw as { ok?: unknown; data?: unknown; error?: { code?: unknown; message?: unknown } }
  if (r.ok === true) {
    const parsed = commands[channel].output.safeParse(r.data)
    return parsed.success
      ? { ok: true, data: parsed.data }
      : fail('internal', `${channel}: the host's answer fails the contract (${z.prettifyError(parsed.error).replace(/\s*\n\s*/g, '; ')})`)
  }
  if (r.ok === false && r.error && typeof r.error.message === 'string') {
    const code = ERROR_CODES.find((known) => known === r.error?.code) ?? 'internal'
    return { ok: false, error: { code, message: r.error.message } }
  }
  return fail('internal', `${channel}: the host sent a malformed result`)
}
