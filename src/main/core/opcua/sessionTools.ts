import { UserTokenType, type NodeId, type UserIdentityInfo } from 'node-opcua'
import type { MonitoredTag } from './tagSubscription'

/** The user identity for a session: user name and password, or anonymous. */
export function identity(user: { username: string; password: string } | undefined): UserIdentityInfo {
  return user ? { type: UserTokenType.UserName, userName: user.username, password: user.password } : { type: UserTokenType.Anonymous }
}

/**
 * Waits for a clean-up step at most `ms` (default 2 s), ignoring its failure: node-opcua
 * holds requests made during a reconnection until it succeeds, and closing must never hang.
 */
export async function bounded(step: Promise<unknown> | undefined, ms = 2_000): Promise<void> {
  if (!step) return
  let timer: NodeJS.Timeout | undefined
  await Promise.race([step.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, ms)))])
  clearTimeout(timer)
}

/** Whether `live` monitors `tag` with the same NodeId it resolves to now. */
export function sameNodeId(live: { nodeIdOf: Map<number, NodeId> }, tag: MonitoredTag): boolean {
  const was = live.nodeIdOf.get(tag.index)
  return was !== undefined && was.toString() === tag.nodeId.toString()
}
