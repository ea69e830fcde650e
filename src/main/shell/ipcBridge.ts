import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import { commandNames, eventNames, fail } from '../../shared/contract'
import { dispatchCommand } from '../core/contractDispatch'
import type { Core } from '../core/createCore'
import type { Logger } from '../core/logger'

/**
 * Registers one ipcMain handler per contract command. Each call must come from
 * the top frame of our own window at our own renderer URL; its input is then
 * checked by the same dispatcher the web host uses.
 */
export function registerContractHandlers(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  core: Core,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
  logger: Logger
): () => void {
  for (const channel of commandNames) {
    ipcMain.handle(channel, async (event, input: unknown) => {
      if (!isTrustedSender(event)) {
        logger.warn(`ipc: refused ${channel} from ${event.senderFrame?.url ?? 'an unknown frame'}`)
        return fail('forbidden', `${channel}: sender not allowed`)
      }
      return dispatchCommand(core.handlers, channel, input, logger, 'ipc')
    })
  }
  return () => commandNames.forEach((channel) => ipcMain.removeHandler(channel))
}

/** Forwards every contract event to the window; returns the disposer. */
export function forwardContractEvents(core: Core, contents: Pick<WebContents, 'send' | 'isDestroyed'>): () => void {
  const offs = eventNames.map((event) =>
    core.on(event, (payload) => {
      if (!contents.isDestroyed()) contents.send(event, payload)
    })
  )
  return () => offs.forEach((off) => off())
}
