import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import { commandNames, eventNames, fail } from '../../shared/contract'
import type { Core } from '../core/createCore'
import type { Logger } from '../core/logger'

/**
 * One console session per window (keyed by its webContents id): a desktop window is a
 * control-room console, so it sees the plant while locked and needs a user only to act.
 */
export type ConsoleSessions = (contentsId: number) => string

export function createConsoleSessions(core: Core): ConsoleSessions {
  const byContents = new Map<number, string>()
  return (contentsId) => {
    let id = byContents.get(contentsId)
    if (id === undefined || !core.sessions.find(id)) {
      id = core.sessions.open({ console: true, peer: 'ipc' }).id
      byContents.set(contentsId, id)
    }
    return id
  }
}

/**
 * Registers one ipcMain handler per contract command. Each call must come from
 * the top frame of our own window at our own renderer URL; it then goes through the
 * same dispatcher as the web host's, in the window's console session.
 */
export function registerContractHandlers(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  core: Core,
  consoleSessions: ConsoleSessions,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
  logger: Logger
): () => void {
  for (const channel of commandNames) {
    ipcMain.handle(channel, async (event, input: unknown) => {
      if (!isTrustedSender(event)) {
        logger.warn(`ipc: refused ${channel} from ${event.senderFrame?.url ?? 'an unknown frame'}`)
        return fail('forbidden', `${channel}: sender not allowed`)
      }
      return core.dispatch(consoleSessions(event.sender.id), channel, input, { origin: 'ipc' })
    })
  }
  return () => commandNames.forEach((channel) => ipcMain.removeHandler(channel))
}

/** Forwards every contract event to the window, and its own session's changes; returns the disposer. */
export function forwardContractEvents(
  core: Core,
  contents: Pick<WebContents, 'send' | 'isDestroyed' | 'id'>,
  consoleSessions: ConsoleSessions
): () => void {
  const offs = eventNames.map((event) =>
    core.on(event, (payload) => {
      if (!contents.isDestroyed()) contents.send(event, payload)
    })
  )
  offs.push(
    core.sessions.onChange((session) => {
      if (session.id === consoleSessions(contents.id) && !contents.isDestroyed()) contents.send('session:changed', core.sessions.state(session))
    })
  )
  return () => offs.forEach((off) => off())
}
