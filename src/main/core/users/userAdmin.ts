import type { Role, User } from '../../../shared/access'
import { summarizeInput, type AuditTrail } from '../audit/auditTrail'
import type { PlantDatabase } from '../storage/plantDatabase'
import { hashPassword } from './passwords'
import type { UserStore } from './userStore'

/**
 * User administration outside the contract (the `plantwatch users` CLI, the first run):
 * each change and its audit record in one transaction, as the dispatcher does for the HMI.
 * Errors (`Error` with a message naming the user) leave the database unchanged.
 */
export interface UserAdmin {
  add(name: string, role: Role, password: string): Promise<User>
  disable(name: string): User
  setPassword(name: string, password: string): Promise<User>
}

export function createUserAdmin(deps: { db: PlantDatabase; users: UserStore; audit: AuditTrail; origin: string; actor: string | null }): UserAdmin {
  const { db, users, audit, origin, actor } = deps
  const audited = <T>(command: string, input: unknown, change: () => T): T =>
    db
      .transaction(() => {
        const result = change()
        audit.appendInTransaction({ user: actor, origin, command, summary: summarizeInput(input), result: 'ok' })
        return result
      })
      .immediate()
  const existing = (name: string): User => {
    const user = users.get(name)
    if (!user) throw new Error(`no user "${name}"`)
    return user
  }
  return {
    async add(name, role, password) {
      if (users.get(name)) throw new Error(`user "${name}" exists already (accounts are never deleted; pick another name)`)
      const hash = await hashPassword(password)
      return audited('users:add', { name, role }, () => users.insert(name, role, hash))
    },
    disable(name) {
      existing(name)
      return audited('users:disable', { name }, () => users.disable(name)!)
    },
    async setPassword(name, password) {
      existing(name)
      const hash = await hashPassword(password)
      return audited('users:setPassword', { name }, () => users.setPasswordHash(name, hash)!)
    }
  }
}
