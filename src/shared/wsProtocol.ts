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

export type WsServerMessage =
  | { type: 'result'; id: number; result: Result<unknown> }
  | { [K in Exclude<EventName, 'samples:batch'>]: { type: 'event'; event: K; payload: EventPayload<K> } }[Exclude<
      EventName,
      'samples:batch'
    >]

export const WS_PATH = '/ws'
