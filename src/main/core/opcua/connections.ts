import { readFile } from 'node:fs/promises'
import { isAbsolute, join } from 'node:path'
import type { ConnectionInfo, ConnectionState, TagHealth, TagInfo } from '../../../shared/domain'
import { DEFAULT_CONNECTION, type Connection } from '../../../shared/tagMap'
import type { SampleBatcher } from '../samples/sampleBatcher'
import type { CatchUp } from './catchUp'
import type { TagHistory } from './readHistory'
import { connectPlant, type PlantConnection, type PlantConnectionOptions } from './plantClient'

/** The settings' server: what tags without `connection` use. */
export type DefaultConnection = Pick<PlantConnectionOptions, 'endpoint' | 'securityMode' | 'securityPolicy' | 'allowDeprecatedPolicies' | 'user'>

export interface PlantConnectionsOptions {
  /** The settings' server ({@link DEFAULT_CONNECTION}); used only when some tag names no connection. */
  defaultConnection: DefaultConnection
  /** The tag map's `connections`. */
  connections: readonly Connection[]
  /** Every tag of the map; `index` is its position in batches, health and histories. */
  tags: readonly TagInfo[]
  /** The map's publishing interval (ms), for tags and connections that set none. */
  publishingIntervalMs: number
  /** Client PKI root, shared by all connections (one application instance certificate). */
  pkiDir: string
  /** Relative `passwordFile`s are read from here (the data dir). */
  baseDir: string
  /** The settings file of the default connection, named in messages that ask to change it. */
  settingsFile?: string
  /** One batcher for the core: every connection's values in one numbering of `seq`. */
  batcher: SampleBatcher
  /** The state of all connections in one: the worst, naming the connection. */
  onState(summary: ConnectionState): void
  /** One connection's state changed (`connection` names it). */
  onConnectionState?(state: ConnectionState): void
  /** Every tag's health, index i for tag i of the map. */
  onHealth?(health: TagHealth[]): void
  /** Warm start and backfill of one connection, histories indexed by the map's tags. */
  history?: { windowMs: number; maxValuesPerTag: number; onHistory(connection: string, catchUp: CatchUp): void }
  retry?: PlantConnectionOptions['retry']
  logger?: PlantConnectionOptions['logger']
}

export interface PlantConnections {
  /** One per server that serves tags, the settings' server first. */
  readonly list: readonly PlantConnection[]
  get(name: string): PlantConnection | undefined
  /** Tag names served by connection `name`. */
  tagsOf(name: string): readonly string[]
  state(): ConnectionState
  health(): TagHealth[]
  /** The server timestamp (epoch ms) of the newest value of the map's tag `index`; NaN when none was sent (or no value yet). */
  serverTime(index: number): number
  info(): ConnectionInfo[]
  dispose(): Promise<void>
}

const SEVERITY: Record<ConnectionState['status'], number> = { connected: 0, stopped: 1, connecting: 2, reconnecting: 3, failed: 4 }

/**
 * The state of several connections as one, for the status bar: all connected is connected;
 * otherwise the worst one's state, its reason naming the connection and how many are up.
 */
export function summarize(states: readonly ConnectionState[]): ConnectionState {
  if (states.length === 1) return states[0]!
  const worst = states.reduce((a, b) => (SEVERITY[b.status] > SEVERITY[a.status] ? b : a))
  const up = states.filter((s) => s.status === 'connected').length
  if (worst.status === 'connected') return { status: 'connected', endpoint: states.map((s) => s.endpoint).join(', '), since: Math.max(...states.map((s) => s.since)) }
  const { connection, ...rest } = worst
  return { ...rest, reason: `${connection ?? 'a connection'}: ${worst.reason ?? worst.status} (${up} of ${states.length} connections up)` }
}

/**
 * Runs one {@link connectPlant} per server of the tag map, each with its own session,
 * subscriptions, watchdogs, reconnect loop, health and history, all feeding one batcher
 * (so sequence numbers never interleave) with the map's tag indexes.
 */
export async function connectPlants(options: PlantConnectionsOptions): Promise<PlantConnections> {
  const log = options.logger ?? { info: () => undefined, warn: () => undefined }
  const groups = new Map<string, TagInfo[]>()
  for (const tag of options.tags) {
    const name = tag.connection ?? DEFAULT_CONNECTION
    const list = groups.get(name)
    if (list) list.push(tag)
    else groups.set(name, [tag])
  }
  const declared = new Map(options.connections.map((c) => [c.name, c]))
  const names = [...(groups.has(DEFAULT_CONNECTION) ? [DEFAULT_CONNECTION] : []), ...options.connections.map((c) => c.name).filter((n) => groups.has(n))]
  const health: TagHealth[] = options.tags.map((t) => ({ index: t.index, tag: t.name, nodeId: t.nodeId, state: 'pending', since: Date.now() }))
  const states = new Map<string, ConnectionState>()
  const list: PlantConnection[] = []
  // The map's tag index → its connection (position in `list`) and its index there.
  const ownerOf = new Int32Array(options.tags.length).fill(-1)
  const localOf = new Uint32Array(options.tags.length)
  const emitSummary = (): void => {
    if (states.size === names.length) options.onState(summarize(names.map((n) => states.get(n)!)))
  }

  for (const name of names) {
    const tags = groups.get(name)!
    const global = Uint32Array.from(tags, (t) => t.index)
    global.forEach((g, local) => {
      ownerOf[g] = list.length
      localOf[g] = local
    })
    const c = declared.get(name)
    const settings = c ? await fromMap(c, options.baseDir) : options.defaultConnection
    const connection = await connectPlant({
      ...settings,
      publishingIntervalMs: c?.publishingIntervalMs ?? options.publishingIntervalMs,
      name,
      pkiDir: options.pkiDir,
      ...(options.settingsFile ? { settingsFile: options.settingsFile } : {}),
      tags,
      batcher: { push: (i, t, v, s) => options.batcher.push(global[i]!, t, v, s), flush: () => options.batcher.flush() },
      onState(state) {
        states.set(name, state)
        options.onConnectionState?.(state)
        emitSummary()
      },
      onHealth(local) {
        for (const h of local) health[global[h.index]!] = { ...h, index: global[h.index]! }
        options.onHealth?.(health.slice())
      },
      ...(options.history
        ? {
            history: {
              windowMs: options.history.windowMs,
              maxValuesPerTag: options.history.maxValuesPerTag,
              onHistory: (catchUp: CatchUp) => options.history!.onHistory(name, toGlobal(catchUp, global, options.tags.length))
            }
          }
        : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.logger ? { logger: prefixed(name, names.length, options.logger) } : {})
    })
    list.push(connection)
  }
  if (list.length > 1) log.info(`${list.length} OPC UA connections: ${names.map((n, k) => `${n} (${groups.get(n)!.length} tags, ${list[k]!.info().endpoint})`).join(', ')}`)

  return {
    list,
    get: (name) => list.find((c) => c.name === name),
    tagsOf: (name) => (groups.get(name) ?? []).map((t) => t.name),
    state: () => summarize(list.map((c) => c.state())),
    health: () => health.slice(),
    serverTime: (index) => list[ownerOf[index] ?? -1]?.serverTime(localOf[index]!) ?? Number.NaN,
    info: () => list.map((c) => c.info()),
    async dispose() {
      await Promise.all(list.map((c) => c.dispose()))
    }
  }
}

/**
 * A tag-map connection as client options; its password is read from its file now. A file
 * that cannot be read fails this connection (with a reason naming it), not the others.
 */
async function fromMap(c: Connection, baseDir: string): Promise<DefaultConnection & { configError?: string }> {
  let user: DefaultConnection['user']
  if (c.user) {
    const file = isAbsolute(c.user.passwordFile) ? c.user.passwordFile : join(baseDir, c.user.passwordFile)
    try {
      user = { username: c.user.username, password: (await readFile(file, 'utf8')).split(/\r?\n/)[0]! }
    } catch (error) {
      return { endpoint: c.endpoint, configError: `connection "${c.name}": cannot read user.passwordFile ${file}: ${(error as Error).message}` }
    }
  }
  return {
    endpoint: c.endpoint,
    securityMode: c.securityMode,
    securityPolicy: c.securityPolicy,
    ...(c.allowDeprecatedPolicies === undefined ? {} : { allowDeprecatedPolicies: c.allowDeprecatedPolicies }),
    ...(user ? { user } : {})
  }
}

/** A connection's catch-up with the map's tag indexes (tags of other connections empty). */
function toGlobal(catchUp: CatchUp, global: Uint32Array, tagCount: number): CatchUp {
  const empty: TagHistory = { time: new Float64Array(0), value: new Float64Array(0), status: new Uint32Array(0) }
  const histories: TagHistory[] = Array.from({ length: tagCount }, () => empty)
  catchUp.histories.forEach((h, i) => (histories[global[i]!] = h))
  return { ...catchUp, histories, missing: catchUp.missing.map((m) => ({ ...m, index: global[m.index]! })) }
}

/** With several connections, each log line names its connection. */
function prefixed(name: string, count: number, logger: NonNullable<PlantConnectionOptions['logger']>): NonNullable<PlantConnectionOptions['logger']> {
  if (count === 1) return logger
  return { info: (m) => logger.info(`[${name}] ${m}`), warn: (m) => logger.warn(`[${name}] ${m}`) }
}
