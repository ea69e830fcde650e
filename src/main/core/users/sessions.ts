import { randomBytes } from 'node:crypto'
import type { Role, SessionState } from '../../../shared/access'

/**
 * A signed-in user stays signed in for at most one long shift plus handover; after that the
 * session asks for a new sign-in (OWASP Session Management Cheat Sheet: absolute timeout).
 */
export const SESSION_MAX_MS = 13 * 3_600_000
/** A browser session nobody signed in on is forgotten after this long. */
const UNAUTHENTICATED_TTL_MS = 30 * 60_000

/**
 * One desktop window or one browser session (shared by its tabs through an HttpOnly cookie).
 * Mutated only through {@link Sessions}.
 */
export interface Session {
  readonly id: string
  /** A desktop console: plant data and alarms stay visible while nobody is signed in. */
  readonly console: boolean
  /** The peer, for throttling (`ipc` or an IP address). */
  readonly peer: string
  user: { name: string; role: Role } | null
  canView: boolean
  createdAt: number
  /** When the signed-in user's session ends (epoch ms). */
  expiresAt: number
  /** Set when the session ended by age, so the next call can say so. */
  expired: boolean
}

export interface Sessions {
  open(options: { console: boolean; peer: string }): Session
  /** A live session by id; an unknown or forgotten id gives undefined. Applies expiry. */
  find(id: string): Session | undefined
  state(session: Session): SessionState
  signIn(session: Session, user: { name: string; role: Role }): void
  /** Nobody acts until the next sign-in; viewing continues. */
  lock(session: Session): void
  /** Ends the session's sign-in; a browser session loses its view too. */
  signOut(session: Session): void
  /** Signs a user out of every session (a disabled account). */
  signOutUser(name: string): void
  close(id: string): void
  /** Called with each session whose state changed, so hosts can tell its clients. */
  onChange(listener: (session: Session) => void): () => void
}

export function createSessions(options: { clock: () => number; idleLockMs: number; secretsUnencrypted?: boolean }): Sessions {
  const { clock } = options
  const sessions = new Map<string, Session>()
  const listeners = new Set<(session: Session) => void>()
  const changed = (session: Session): void => listeners.forEach((listener) => listener(session))

  const prune = (now: number): void => {
    for (const [id, session] of sessions) {
      if (!session.console && !session.canView && now - session.createdAt > UNAUTHENTICATED_TTL_MS) sessions.delete(id)
    }
  }
  const endSignIn = (session: Session, keepView: boolean): void => {
    session.user = null
    session.canView = session.console || keepView
    changed(session)
  }

  return {
    open({ console, peer }) {
      const now = clock()
      prune(now)
      // 256 random bits (OWASP: at least 64 bits of entropy), never derived from anything.
      const session: Session = { id: randomBytes(32).toString('base64url'), console, peer, user: null, canView: console, createdAt: now, expiresAt: 0, expired: false }
      sessions.set(session.id, session)
      return session
    },
    find(id) {
      const session = sessions.get(id)
      if (session?.user && clock() >= session.expiresAt) {
        session.expired = true
        endSignIn(session, false)
      }
      return session
    },
    state: (session) => ({
      user: session.user,
      canView: session.canView,
      idleLockMs: options.idleLockMs,
      ...(options.secretsUnencrypted === undefined ? {} : { secretsUnencrypted: options.secretsUnencrypted })
    }),
    signIn(session, user) {
      session.user = user
      session.canView = true
      session.expired = false
      session.expiresAt = clock() + SESSION_MAX_MS
      changed(session)
    },
    lock: (session) => endSignIn(session, true),
    signOut: (session) => endSignIn(session, false),
    signOutUser(name) {
      for (const session of sessions.values()) if (session.user?.name === name) endSignIn(session, false)
    },
    close: (id) => void sessions.delete(id),
    onChange(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    }
  }
}
