import { readOperationLimits, type ClientSession } from 'node-opcua'

/** The server's OperationLimits Plantwatch chunks its calls to; 0 means no limit (Part 5 §6.3.11). */
export interface OperationLimits {
  maxMonitoredItemsPerCall: number
  maxNodesPerRead: number
  maxNodesPerHistoryReadData: number
}

const NONE: OperationLimits = { maxMonitoredItemsPerCall: 0, maxNodesPerRead: 0, maxNodesPerHistoryReadData: 0 }

/**
 * Reads Server.ServerCapabilities.OperationLimits with node-opcua's `readOperationLimits`.
 * A server that does not publish them (they are optional) gets no limit: its refusal, if
 * any, then names the limit that was hit.
 */
export async function readLimits(session: ClientSession): Promise<OperationLimits> {
  try {
    const limits = await readOperationLimits(session)
    const positive = (n: number | undefined): number => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 0)
    return {
      maxMonitoredItemsPerCall: positive(limits.maxMonitoredItemsPerCall),
      maxNodesPerRead: positive(limits.maxNodesPerRead),
      maxNodesPerHistoryReadData: positive(limits.maxNodesPerHistoryReadData)
    }
  } catch {
    return NONE
  }
}

/** `items` in consecutive slices of at most `size` (all in one when `size` is 0). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  if (size <= 0 || items.length <= size) return items.length ? [items.slice()] : []
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}
