import type { CommandHandlers } from '../../../shared/contract'
import { ContractFailure } from '../contractDispatch'
import type { Logger } from '../logger'
import { hashPassword } from './passwords'
import type { Sessions } from './sessions'
import { createSignInThrottle } from './signInThrottle'
import type { UserStore } from './userStore'

const noUser = (name: string): never => {
  throw new ContractFailure('not-found', `no user "${name}"`)
}

type SessionCommands = 'session:get' | 'session:signIn' | 'session:lock' | 'session:signOut'
type UserCommands = 'users:list' | 'users:add' | 'users:disable' | 'users:setPassword'

/** Sign-in, lock and sign-out of the caller's own session, and user management (admin). */
export function createUserHandlers(deps: {
  users: UserStore
  sessions: Sessions
  clock: () => number
  logger: Logger
}): Pick<CommandHandlers, SessionCommands | UserCommands> {
  const { users, sessions, logger } = deps
  const throttle = createSignInThrottle(deps.clock)
  const own = (sessionId: string) => {
    const session = sessions.find(sessionId)
    if (!session) throw new ContractFailure('unauthenticated', 'no session; reload the page')
    return session
  }

  return {
    'session:get': async (_input, ctx) => sessions.state(own(ctx.sessionId)),
    'session:signIn': async ({ username, password }, ctx) => {
      const session = own(ctx.sessionId)
      const keys = [`user:${username}`, `peer:${session.peer}`]
      const waitMs = throttle.retryAfterMs(keys)
      if (waitMs > 0) {
        throw new ContractFailure('throttled', `too many failed sign-ins; try again in ${Math.ceil(waitMs / 1000)} s`, `throttled for ${Math.ceil(waitMs / 1000)} s`)
      }
      const check = await users.checkCredentials(username, password)
      if (!check.ok) {
        throttle.failed(keys)
        logger.warn(`${ctx.origin}: sign-in refused for "${username.slice(0, 64)}": ${check.reason}`)
        // A disabled account is named only to someone who knew its password.
        if (check.reason === 'disabled') {
          throw new ContractFailure('forbidden', `the account "${username}" is disabled; ask an administrator`, 'disabled account')
        }
        throw new ContractFailure('unauthenticated', 'wrong user name or password', check.reason === 'unknown-user' ? 'unknown user' : 'wrong password')
      }
      throttle.succeeded(`user:${username}`)
      sessions.signIn(session, { name: check.user.name, role: check.user.role })
      logger.info(`${ctx.origin}: ${check.user.name} signed in (${check.user.role})`)
      return sessions.state(session)
    },
    'session:lock': async (_input, ctx) => {
      const session = own(ctx.sessionId)
      sessions.lock(session)
      return sessions.state(session)
    },
    'session:signOut': async (_input, ctx) => {
      const session = own(ctx.sessionId)
      sessions.signOut(session)
      return sessions.state(session)
    },
    'users:list': async () => users.list(),
    'users:add': async ({ name, role, password }, ctx) => {
      if (users.get(name)) throw new ContractFailure('conflict', `user "${name}" exists already (accounts are never deleted; pick another name)`)
      // Hash before the transaction: scrypt is slow and must not hold the write lock.
      const hash = await hashPassword(password)
      return ctx.transact(() => users.insert(name, role, hash))
    },
    'users:disable': async ({ name }, ctx) => {
      if (name === ctx.user?.name) throw new ContractFailure('conflict', 'you cannot disable your own account')
      const user = ctx.transact(() => users.disable(name) ?? noUser(name))
      sessions.signOutUser(name)
      return user
    },
    'users:setPassword': async ({ name, password }, ctx) => {
      if (!users.get(name)) noUser(name)
      const hash = await hashPassword(password)
      return ctx.transact(() => users.setPasswordHash(name, hash) ?? noUser(name))
    }
  }
}
