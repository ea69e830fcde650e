import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { fail, isCommandName, isEventName, type ContractClient } from '../shared/contract'

/**
 * The renderer's only door to main: the contract's channels and nothing else.
 * Raw ipcRenderer never crosses the bridge; main validates every input again.
 */
const bridge: ContractClient = {
  invoke(channel, ...input) {
    if (!isCommandName(channel)) return Promise.resolve(fail('unknown-channel', `unknown channel: ${String(channel)}`))
    return ipcRenderer.invoke(channel, input[0])
  },
  on(event, listener) {
    if (!isEventName(event)) throw new Error(`unknown event: ${String(event)}`)
    const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload as never)
    ipcRenderer.on(event, forward)
    return () => void ipcRenderer.removeListener(event, forward)
  }
}

contextBridge.exposeInMainWorld('plantwatch', bridge)
