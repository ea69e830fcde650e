import { AttributeIds, resolveNodeId, VariableIds, type ClientSession, type NodeId } from 'node-opcua'

const NSU = /^nsu=([^;]+);(.*)$/

/**
 * Tag maps name namespaces by URI (`nsu=urn:…;s=…`) because a server's namespace
 * indices may change between restarts; the index is looked up in the server's
 * NamespaceArray at each connection.
 */
export async function resolveNodeIds(session: ClientSession, nodeIds: readonly string[]): Promise<NodeId[]> {
  const needsArray = nodeIds.some((id) => id.startsWith('nsu='))
  let namespaces: string[] = []
  if (needsArray) {
    const dataValue = await session.read({ nodeId: resolveNodeId(VariableIds.Server_NamespaceArray), attributeId: AttributeIds.Value })
    namespaces = (dataValue.value.value as string[] | null) ?? []
  }
  return nodeIds.map((id) => {
    const match = NSU.exec(id)
    if (!match) return resolveNodeId(id)
    const index = namespaces.indexOf(match[1]!)
    if (index < 0) throw new Error(`namespace ${match[1]} is not on this server (NodeId ${id})`)
    return resolveNodeId(`ns=${index};${match[2]}`)
  })
}
