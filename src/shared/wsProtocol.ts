import type { CommandName, EventName, EventPayload, Result } from './contract'

/**
 * The contract over WebSocket (web host at `/ws`). Text frames carry JSON
 * messages below. Binary frames carry either one `samples:batch` (encoded by
 * `sampleBatchCodec`, magic "PWB1") or the successful answer to one `history:query`
 * invoke, with its id (`historyAnswerCodec`, magic "PWH1"); a failed history query
 * is answered by a JSON result like any command. Every client receives every event.
 */
export interface WsInvoke {
  type: 'invoke'
  /** An unsigned 32-bit integer (binary answers carry it in a u32); the host ignores other ids. */
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
