import type { Role } from '../../src/shared/access'
import type { Input, Output, CommandName, Result } from '../../src/shared/contract'
import type { Core } from '../../src/main/core/createCore'
import { createUserAdmin } from '../../src/main/core/users/userAdmin'

export const TEST_PASSWORD = 'correct horse battery'

/** A call through the core's dispatcher in one session, typed by the contract. */
export type Call = <K extends CommandName>(channel: K, input?: Input<K>) => Promise<Result<Output<K>>>

/**
 * Creates `name` with `role` (unless it exists) and signs in through the contract, as the
 * sign-in screen does; returns a typed caller for that session.
 */
export async function signedIn(core: Core, name: string, role: Role, origin = 'test'): Promise<{ sessionId: string; call: Call }> {
  if (!core.users.get(name)) await createUserAdmin({ ...core, origin: 'test setup', actor: null }).add(name, role, TEST_PASSWORD)
  const session = core.sessions.open({ console: false, peer: origin })
  const call: Call = (channel, input) => core.dispatch(session.id, channel, input, { origin }) as never
  const result = await call('session:signIn', { username: name, password: TEST_PASSWORD })
  if (!result.ok) throw new Error(`test sign-in of ${name} failed: ${result.error.message}`)
  return { sessionId: session.id, call }
}

/** The data of an ok result, or a thrown error naming the contract error. */
export function data<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.data
}
