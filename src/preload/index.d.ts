import type { ContractClient } from '../shared/contract'

declare global {
  interface Window {
    /**
     * The contract bridge the sandboxed preload exposes through `contextBridge`.
     * Absent in a plain browser (web host), where the renderer uses WebSocket.
     * Only `src/renderer/src/lib/transport.ts` may read it.
     */
    plantwatch?: ContractClient
  }
}

export {}
