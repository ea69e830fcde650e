import type { ContractClient } from '../../../shared/contract'
import { WS_PATH } from '../../../shared/wsProtocol'
import { createStore, type ReadableStore } from './store'
import { createWsClient, type LinkState, type SocketFactory } from './wsClient'

export type { LinkState } from './wsClient'

/**
 * The one place that knows how this page reaches its host. Everything else
 * gets a {@link ContractClient} and a link state and cannot tell the two apart.
 */
export interface Transport {
  kind: 'electron-ipc' | 'websocket'
  /** Where the host is, for the status bar. */
  endpoint: string
  client: ContractClient
  link: ReadableStore<LinkState>
  dispose(): void
}

export function createTransport(): Transport {
  const bridge = window.plantwatch
  if (bridge) {
    // In-process IPC has no link to lose; the plant link is reported by the contract.
    return { kind: 'electron-ipc', endpoint: 'Electron IPC', client: bridge, link: createStore<LinkState>({ status: 'open' }), dispose() {} }
  }
  const url = webSocketUrl(window.location)
  const ws = createWsClient({ url, connect: browserSocket })
  return { kind: 'websocket', endpoint: url, client: ws, link: ws.link, dispose: () => ws.dispose() }
}

/** Same origin as the page; `wss:` when the page came over https. */
export function webSocketUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${WS_PATH}`
}

const browserSocket: SocketFactory = (url, handlers) => {
  const ws = new WebSocket(url)
  ws.binaryType = 'arraybuffer'
  ws.onopen = () => handlers.open()
  ws.onmessage = (event: MessageEvent<string | ArrayBuffer>) => handlers.message(event.data)
  // Browsers hide the cause of a failed socket; code 1006 means it never opened or dropped.
  ws.onclose = (event) => handlers.close(event.reason || (event.code === 1006 ? 'host unreachable' : `closed (code ${event.code})`))
  return { send: (data) => ws.send(data), close: () => ws.close() }
}
