import { OPCUACertificateManager, OPCUAClient, resolveNodeId } from 'node-opcua'
import { readRecentHistory, type TagHistory } from '../../src/main/core/opcua/readHistory'
import { tempDir } from './tempDir'

/**
 * What the server itself holds in its history for `nodeIds` over [fromMs, toMs], read by a
 * bare client of its own: the truth a backfill is checked against.
 */
export async function serverHistory(endpoint: string, nodeIds: readonly string[], fromMs: number, toMs: number): Promise<TagHistory[]> {
  const certificateManager = new OPCUACertificateManager({ rootFolder: tempDir('truth-pki'), automaticallyAcceptUnknownCertificate: false })
  const client = OPCUAClient.create({ clientCertificateManager: certificateManager, endpointMustExist: false, connectionStrategy: { maxRetry: 0 } })
  await client.connect(endpoint)
  try {
    const session = await client.createSession()
    const namespaces = await session.readNamespaceArray()
    const ids = nodeIds.map((id) => {
      const m = /^nsu=([^;]+);(.*)$/.exec(id)
      return resolveNodeId(m ? `ns=${namespaces.indexOf(m[1]!)};${m[2]}` : id)
    })
    const histories = await readRecentHistory(session, ids, { sinceMs: fromMs, untilMs: toMs, maxValuesPerTag: 100_000 })
    await session.close()
    return histories
  } finally {
    await client.disconnect()
    await certificateManager.dispose()
  }
}
