import { MessageSecurityMode, OPCUAClient, RepublishRequest, SecurityPolicy, type ClientSession, type OPCUACertificateManager } from 'node-opcua'

type Log = { info(msg: string): void; warn(msg: string): void }

/** Called with every new verified session of a connection; may be async. */
export type SessionListener = (session: ClientSession) => void | Promise<void>

/**
 * The listeners of a connection's sessions (`PlantConnection.onSession`): told of every new
 * session once it is verified and subscribed. A listener that throws or rejects is logged,
 * never propagated: one broken consumer must not stop the connection or the others.
 */
export interface SessionListeners {
  /** Adds `listener`, calls it at once with `current` when there is one; returns the unsubscribe. */
  add(listener: SessionListener, current: ClientSession | undefined): () => void
  /** Tells every listener of a new session. */
  notify(session: ClientSession): void
  clear(): void
}

export function createSessionListeners(endpoint: string, log: Log): SessionListeners {
  const listeners = new Set<SessionListener>()
  const call = (listener: SessionListener, s: ClientSession): void => {
    try {
      void Promise.resolve(listener(s)).catch((error: Error) => log.warn(`a session listener of ${endpoint} failed: ${error.message}`))
    } catch (error) {
      log.warn(`a session listener of ${endpoint} failed: ${(error as Error).message}`)
    }
  }
  return {
    add(listener, current) {
      listeners.add(listener)
      if (current) call(listener, current)
      return () => listeners.delete(listener)
    },
    notify: (s) => {
      for (const listener of listeners) call(listener, s)
    },
    clear: () => listeners.clear()
  }
}

/** What a connection does when node-opcua's client reports on its link and session. */
export interface ClientHooks {
  /** A Republish request went out for `subscriptionId` (the watchdog spots republish loops). */
  republish(subscriptionId: number): void
  connectionLost(): void
  /** node-opcua's reconnection waits `delayMs` before try `count + 1`. */
  backoff(count: number, delayMs: number): void
  reconnectionFailed(error: Error): void
  /** The link is back; node-opcua now tries to restore the session. */
  afterReconnection(): void
  /** node-opcua restored the session (maybe a new one): it must be verified. */
  reestablished(): void
}

/** The client settings of one connection. */
export interface ClientSettings {
  securityMode?: keyof typeof MessageSecurityMode
  securityPolicy?: keyof typeof SecurityPolicy
  certificateManager: OPCUACertificateManager
}

/**
 * A node-opcua client for one connection attempt, its events wired to `hooks`. Events of a
 * client that `isCurrent` no longer names (one replaced by a newer attempt) are ignored.
 */
export function createHookedClient(settings: ClientSettings, hooks: ClientHooks, isCurrent: (client: OPCUAClient) => boolean): OPCUAClient {
  const c = OPCUAClient.create({
    applicationName: 'Plantwatch',
    clientName: 'Plantwatch HMI',
    endpointMustExist: false,
    keepSessionAlive: true,
    securityMode: MessageSecurityMode[settings.securityMode ?? 'None'],
    securityPolicy: SecurityPolicy[settings.securityPolicy ?? 'None'],
    clientCertificateManager: settings.certificateManager,
    // One quick retry inside node-opcua on first connect; after a loss, node-opcua retries
    // every 2 s at most, so a restarted server is back within the resume target.
    connectionStrategy: { maxRetry: 1, initialDelay: 250, maxDelay: 2_000 }
  })
  const on = (event: string, handler: (...args: never[]) => void): void => {
    c.on(event as 'connection_lost', (...args: unknown[]) => isCurrent(c) && (handler as (...a: unknown[]) => void)(...args))
  }
  on('send_request', (request: unknown) => request instanceof RepublishRequest && hooks.republish(request.subscriptionId))
  on('connection_lost', () => hooks.connectionLost())
  on('backoff', (count: number, delay: number) => hooks.backoff(count, delay))
  on('reconnection_attempt_has_failed', (error: Error) => hooks.reconnectionFailed(error))
  on('after_reconnection', () => hooks.afterReconnection())
  on('connection_reestablished', () => hooks.reestablished())
  return c
}
