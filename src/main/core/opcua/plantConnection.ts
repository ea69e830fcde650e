import type { ClientSession, MessageSecurityMode, SecurityPolicy } from 'node-opcua'
import type { ConnectionInfo, ConnectionState, TagHealth, TagInfo } from '../../../shared/domain'
import type { SampleBatch } from '../../../shared/contract'
import type { SampleBatcher } from '../samples/sampleBatcher'
import type { CatchUp } from './catchUp'

/**
 * One OPC UA connection of the core, as {@link connectPlant} (plantClient.ts) makes it: what
 * it is told (options) and what it offers (the connection).
 */

export interface PlantConnectionOptions {
  /** The connection's name in states, logs and diagnostics; default `plant` (DEFAULT_CONNECTION). */
  name?: string
  endpoint: string
  /** Client PKI root (OPC UA Part 6 layout): own certificate, trusted and rejected peers. */
  pkiDir: string
  securityMode?: keyof typeof MessageSecurityMode
  securityPolicy?: keyof typeof SecurityPolicy
  /** Basic128Rsa15 and Basic256 (SHA-1) are refused unless this is set. */
  allowDeprecatedPolicies?: boolean
  /** A configuration error found before connecting (e.g. an unreadable password file): no attempt is made, the state is failed with it. */
  configError?: string
  /** The settings file of the settings' server (`plant`), named in messages that ask to change it. */
  settingsFile?: string
  user?: { username: string; password: string }
  /** Default publishing interval (ms) of tags that set none; tags of one rate share a subscription. */
  publishingIntervalMs: number
  /** This connection's tags; position i here is index i in `push`, health and histories. */
  tags: readonly TagInfo[]
  /** Where values go: a batcher shared by several connections (one sequence numbering), else one of its own around `onBatch`. */
  batcher?: SampleBatcher
  onBatch?(batch: SampleBatch): void
  onState(state: ConnectionState): void
  /** Every tag's health, whenever one changes. */
  onHealth?(health: TagHealth[]): void
  /**
   * Warm start and backfill: on every new session, and after any stop of the data on a kept
   * one, the subscription is made first (values held), then the server's raw history is read
   * for each tag from a margin before the newest value handed on (a tag with none: the last
   * `windowMs`; see catchUpStarts) up to
   * now, handed over (index i for tag i) and only then are live values let through, newer
   * ones only. Servers without history are logged and skipped.
   */
  history?: { windowMs: number; maxValuesPerTag: number; onHistory(catchUp: CatchUp): void }
  /** Retry delays (ms); defaults: 1 s doubling to 5 s, 10 s after a refusal such as an untrusted certificate. */
  retry?: { initialMs?: number; maxMs?: number; refusedMs?: number }
  logger?: { info(msg: string): void; warn(msg: string): void }
}

export interface PlantConnection {
  readonly name: string
  state(): ConnectionState
  health(): TagHealth[]
  /** The server timestamp (epoch ms) of tag `index`'s newest value (this connection's numbering); NaN when none was sent. */
  serverTime(index: number): number
  /** State, subscriptions per rate, sessions, reconnects, values, last error and last backfill. */
  info(): ConnectionInfo
  /**
   * The live session, once verified (undefined while connecting or after our own loop
   * dropped it). Requests made while node-opcua repairs the link wait for the repair.
   */
  session(): ClientSession | undefined
  /**
   * Calls `listener` with every new session once it is verified and subscribed (first
   * connect, a new session after a loss), and at once with the current one if any; errors
   * it throws or rejects with are logged. Returns the unsubscribe.
   */
  onSession(listener: (session: ClientSession) => void | Promise<void>): () => void
  dispose(): Promise<void>
}
