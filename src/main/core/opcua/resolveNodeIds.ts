import { clearSessionCache, readNamespaceArray, resolveNodeId, type ClientSession, type NodeId } from 'node-opcua'

const NSU = /^nsu=([^;]+);(.*)$/

/** One tag's NodeId on this session, or why it has none. */
export type Resolved = { nodeId: NodeId } | { error: { code: 'UnknownNamespaceUri' | 'BadNodeIdInvalid'; message: string } }

export interface Resolution {
  /** The server's NamespaceArray as read on this session. */
  namespaces: string[]
  /** Index i for tag i. */
  nodeIds: Resolved[]
}

/**
 * Tag maps name namespaces by URI (`nsu=urn:…;s=…`) because a server may renumber its
 * namespaces when it restarts. So the NamespaceArray is read afresh on every session (the
 * session object node-opcua keeps across reconnections caches it, hence the cache is
 * cleared first) and each tag is resolved on its own: a mistyped URI or NodeId fails that
 * tag, never the others.
 */
export async function resolveNodeIds(session: ClientSession, nodeIds: readonly string[]): Promise<Resolution> {
  let namespaces: string[] = []
  if (nodeIds.some((id) => id.startsWith('nsu='))) {
    await clearSessionCache(session)
    namespaces = await readNamespaceArray(session)
  }
  return { namespaces, nodeIds: nodeIds.map((id) => resolveOne(id, namespaces)) }
}

function resolveOne(id: string, namespaces: readonly string[]): Resolved {
  try {
    const match = NSU.exec(id)
    if (!match) return { nodeId: resolveNodeId(id) }
    const index = namespaces.indexOf(match[1]!)
    if (index < 0) {
      return { error: { code: 'UnknownNamespaceUri', message: `namespace ${match[1]} is not in the server's NamespaceArray (it has ${namespaces.length} namespaces)` } }
    }
    return { nodeId: resolveNodeId(`ns=${index};${match[2]}`) }
  } catch (error) {
    return { error: { code: 'BadNodeIdInvalid', message: `not a valid NodeId: ${(error as Error).message}` } }
  }
}

/** What changed between two sessions' namespace tables, for the log; empty when nothing did. */
export function namespaceChanges(before: readonly string[], after: readonly string[]): string[] {
  const changes: string[] = []
  for (const uri of new Set([...before, ...after])) {
    const was = before.indexOf(uri)
    const now = after.indexOf(uri)
    if (was === now) continue
    changes.push(was < 0 ? `${uri} added as ns=${now}` : now < 0 ? `${uri} (was ns=${was}) gone` : `${uri} moved from ns=${was} to ns=${now}`)
  }
  return changes
}
