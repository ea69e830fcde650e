import type { CommandName, EventName, EventPayload, Result } from './contract'

/**
 * The contract over WebSocket (web host at `/ws`). Text frames carry JSON
 * messages below; binary frames carry one `samples:batch` each, encoded by
 * `sampleBatchCodec`. Every client receives every event.
 */
export interface WsInvoke {
  type: 'invoke'
  id: number
  channel: CommandName
  input?: unknown
}

/**
 * The client no longer wants the answer to invoke `id` (a newer zoom superseded a history
 * query): the host aborts the handler's `ctx.signal`, and the handler stops its work.
 * The host still answers (code 'cancelled'); the client has stopped listening for it.
 */
export interface WsCancel {
  type: 'cancel'
  id: number
}

export type WsClientMessage = WsInvoke | WsCancel

export type WsServerMessage =
  | { type: 'result'; id: number; result: Result<unknown> }
  | { [K in Exclude<EventName, 'samples:batch'>]: { type: 'event'; event: K; payload: EventPayload<K> } }[Exclude<
      EventName,
      'samples:batch'
    >]

export const WS_PATH = '/ws'
