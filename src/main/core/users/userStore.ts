import type { Role, User } from '../../../shared/access'
import type { PlantDatabase } from '../storage/plantDatabase'
import { DECOY_HASH, verifyPassword } from './passwords'

interface Row {
  name: string
  role: Role
  password_hash: string
  disabled: number
  created_at: number
}

const toUser = (row: Row): User => ({ name: row.name, role: row.role, disabled: row.disabled === 1, createdAt: row.created_at })

/** Why a sign-in was refused; the audit trail keeps the exact reason, the caller gets a safe wording. */
export type CredentialCheck = { ok: true; user: User } | { ok: false; reason: 'unknown-user' | 'wrong-password' | 'disabled'; user?: User }

/**
 * Users in the plant database. Names compare case-sensitively as typed. Every change is a
 * synchronous statement, so callers can put it in one transaction with its audit record;
 * hashing (slow, async) happens before.
 */
export interface UserStore {
  list(): User[]
  get(name: string): User | undefined
  count(): number
  /** Throws when the name exists (a disabled account keeps its name for ever). */
  insert(name: string, role: Role, passwordHash: string): User
  /** Undefined when there is no such user. */
  disable(name: string): User | undefined
  setPasswordHash(name: string, passwordHash: string): User | undefined
  /** Checks a password, spending the same time whether or not the user exists. */
  checkCredentials(name: string, password: string): Promise<CredentialCheck>
}

export function createUserStore(db: PlantDatabase, clock: () => number): UserStore {
  const all = db.prepare('SELECT * FROM users ORDER BY name')
  const one = db.prepare('SELECT * FROM users WHERE name = ?')
  const count = db.prepare('SELECT count(*) AS n FROM users')
  const insert = db.prepare('INSERT INTO users (name, role, password_hash, disabled, created_at) VALUES (?, ?, ?, 0, ?) RETURNING *')
  const disable = db.prepare('UPDATE users SET disabled = 1 WHERE name = ? RETURNING *')
  const setHash = db.prepare('UPDATE users SET password_hash = ? WHERE name = ? RETURNING *')
  const row = (name: string): Row | undefined => one.get(name) as Row | undefined

  return {
    list: () => (all.all() as Row[]).map(toUser),
    get: (name) => {
      const found = row(name)
      return found && toUser(found)
    },
    count: () => (count.get() as { n: number }).n,
    insert(name, role, passwordHash) {
      if (row(name)) throw new Error(`user "${name}" exists already`)
      return toUser(insert.get(name, role, passwordHash, clock()) as Row)
    },
    disable(name) {
      const updated = disable.get(name) as Row | undefined
      return updated && toUser(updated)
    },
    setPasswordHash(name, passwordHash) {
      const updated = setHash.get(passwordHash, name) as Row | undefined
      return updated && toUser(updated)
    },
    async checkCredentials(name, password) {
      const found = row(name)
      const matches = await verifyPassword(password, found?.password_hash ?? DECOY_HASH)
      if (!found) return { ok: false, reason: 'unknown-user' }
      const user = toUser(found)
      if (!matches) return { ok: false, reason: 'wrong-password', user }
      if (user.disabled) return { ok: false, reason: 'disabled', user }
      return { ok: true, user }
    }
  }
}
