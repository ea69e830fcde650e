import type { ClientSession, EndpointDescription } from 'node-opcua'
import type { ConnectionDiagnostics } from '../../../shared/commissioning'
import type { ConnectionState, TagHealth } from '../../../shared/domain'
import { describeCertificate } from './pkiStore'

/** The notification rate is averaged over this window: long enough to smooth publish cycles, short enough to show a stall. */
const RATE_WINDOW_MS = 10_000
/** Tags with trouble listed by name; more are counted only (a 20,000-item map must not flood the view). */
const MAX_PROBLEMS = 200

export interface ConnectionDiagnosticsRecorder {
  /** Every state the connection reports. */
  observeState(state: ConnectionState): void
  /** Values delivered (one count per value of a batch). */
  observeValues(count: number): void
  /** What the diagnostics view shows now. */
  snapshot(session: ClientSession | undefined, health: readonly TagHealth[]): ConnectionDiagnostics
}

/** What node-opcua's session implementation offers beyond the ClientSession interface. */
interface SessionInternals {
  endpoint?: EndpointDescription
  name?: string
  timeout?: number
  getPublishEngine?(): { subscriptionMap?: Record<number, SubscriptionInternals> }
}
interface SubscriptionInternals {
  subscriptionId: number
  publishingInterval: number
  lifetimeCount: number
  maxKeepAliveCount: number
  monitoredItems: Record<string, unknown>
}

/**
 * Keeps one connection's counters (reconnects, last error, notification rate) from the states
 * and values it reports, and reads the rest (security, peer certificate, session,
 * subscriptions) from the live session when asked: nothing here slows the value path.
 */
export function createConnectionDiagnostics(config: { securityMode: string; securityPolicy: string; clock?: () => number }): ConnectionDiagnosticsRecorder {
  const clock = config.clock ?? Date.now
  let state: ConnectionState | undefined
  let reconnects = 0
  let lastError: { at: number; message: string } | null = null
  /** Values per whole second, for the rate window. */
  const perSecond = new Map<number, number>()

  return {
    observeState(next) {
      if (state?.status === 'connected' && (next.status === 'reconnecting' || next.status === 'failed')) reconnects++
      if (next.reason && (next.status === 'reconnecting' || next.status === 'failed')) lastError = { at: next.since, message: next.reason }
      state = next
    },
    observeValues(count) {
      const second = Math.floor(clock() / 1000)
      perSecond.set(second, (perSecond.get(second) ?? 0) + count)
      if (perSecond.size > RATE_WINDOW_MS / 1000 + 2) {
        for (const s of perSecond.keys()) if (s < second - RATE_WINDOW_MS / 1000) perSecond.delete(s)
      }
    },
    snapshot(session, health) {
      const now = clock()
      const from = Math.floor((now - RATE_WINDOW_MS) / 1000)
      let values = 0
      for (const [s, n] of perSecond) if (s > from) values += n
      const internals = session as unknown as SessionInternals | undefined
      const certificate = internals?.endpoint?.serverCertificate
      const counts = { good: 0, warning: 0, error: 0, pending: 0 }
      const problems: ConnectionDiagnostics['items']['problems'] = []
      for (const h of health) {
        counts[h.state]++
        if (h.state !== 'good' && problems.length < MAX_PROBLEMS) {
          problems.push({ tag: h.tag, nodeId: h.nodeId, state: h.state, ...(h.code ? { code: h.code } : {}), ...(h.message ? { message: h.message } : {}) })
        }
      }
      return {
        endpoint: state?.endpoint ?? '',
        status: state?.status ?? 'connecting',
        since: state?.since ?? now,
        securityMode: config.securityMode,
        securityPolicy: config.securityPolicy,
        peerCertificate: certificate && certificate.length > 0 ? safeDescribe(certificate) : null,
        session: session ? { sessionId: session.sessionId.toString(), name: internals?.name ?? '', timeoutMs: internals?.timeout ?? 0 } : null,
        subscriptions: Object.values(internals?.getPublishEngine?.().subscriptionMap ?? {}).map((s) => ({
          subscriptionId: s.subscriptionId,
          publishingIntervalMs: s.publishingInterval,
          lifetimeCount: s.lifetimeCount,
          maxKeepAliveCount: s.maxKeepAliveCount,
          monitoredItems: Object.keys(s.monitoredItems ?? {}).length
        })),
        items: { total: health.length, ...counts, problems },
        notificationsPerS: Math.round((values / (RATE_WINDOW_MS / 1000)) * 10) / 10,
        reconnects,
        lastError
      }
    }
  }
}

function safeDescribe(der: Buffer): ConnectionDiagnostics['peerCertificate'] {
  try {
    return describeCertificate(der)
  } catch {
    return null
  }
}
