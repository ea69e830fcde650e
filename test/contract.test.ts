import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { commandNames, eventNames, type Result } from '../src/shared/contract'
import { WS_PATH, type WsServerMessage } from '../src/shared/wsProtocol'
import { silentLogger } from '../src/main/core/logger'
import { startPlantwatch, type Plantwatch } from '../src/main/hosting/startPlantwatch'
import { parseSettings } from '../src/main/core/settings/settings'
import { forwardContractEvents, registerContractHandlers } from '../src/main/shell/ipcBridge'
import { startWebHost, type WebHost } from '../src/main/web/webHost'
import { tempDir, waitFor } from './support/tempDir'

/** Sends one invoke and waits for its result. */
async function invoke(ws: WebSocket, id: number, channel: string, input?: unknown): Promise<Result<unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData, isBinary: boolean): void => {
      if (isBinary) return
      const message = JSON.parse(data.toString()) as WsServerMessage
      if (message.type === 'result' && message.id === id) {
        ws.off('message', onMessage)
        resolve(message.result)
      }
    }
    ws.on('message', onMessage)
    ws.send(JSON.stringify({ type: 'invoke', id, channel, input }))
  })
}

const open = (url: string, origin?: string): Promise<WebSocket> =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin ? { origin } : {})
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
  })

describe('the contract on both hosts', () => {
  let plantwatch: Plantwatch
  let web: WebHost
  const dataDir = tempDir('contract')

  beforeAll(async () => {
    plantwatch = await startPlantwatch({ dataDir, settings: parseSettings({}, 'test'), logger: silentLogger })
    web = await startWebHost({ core: plantwatch.core, rendererDir: join(dataDir, 'no-renderer'), logger: silentLogger })
  })
  afterAll(async () => {
    await web?.close()
    await plantwatch?.dispose()
  })

  it('binds the web host to 127.0.0.1 by default', () => {
    expect(web.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  })

  it('answers every command over WebSocket (no channel is unknown)', async () => {
    const ws = await open(`${web.url.replace('http', 'ws')}${WS_PATH}`, web.url)
    try {
      let id = 0
      for (const channel of commandNames) {
        const result = await invoke(ws, ++id, channel, { definitely: 'not valid' })
        // Any answer but unknown-channel proves the handler is registered.
        expect(result.ok ? 'ok' : result.error.code, channel).not.toBe('unknown-channel')
      }
      expect(await invoke(ws, ++id, 'tags:list')).toMatchObject({ ok: true })
      expect(await invoke(ws, ++id, 'system:shutdown')).toMatchObject({ ok: false, error: { code: 'unknown-channel' } })
      expect(await invoke(ws, ++id, 'alarms:acknowledge', { ids: 'all' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    } finally {
      ws.close()
    }
  })

  it('refuses a WebSocket from another origin', async () => {
    await expect(open(`${web.url.replace('http', 'ws')}${WS_PATH}`, 'http://evil.example')).rejects.toThrow(/403/)
  })

  it('registers every command on the Electron shell and checks the sender', async () => {
    const handlers = new Map<string, (event: unknown, input: unknown) => Promise<Result<unknown>>>()
    // Electron cannot run here: a two-method stand-in for ipcMain is all the bridge touches.
    const ipcMain = {
      handle: (channel: string, handler: (event: unknown, input: unknown) => Promise<Result<unknown>>) => void handlers.set(channel, handler),
      removeHandler: (channel: string) => void handlers.delete(channel)
    }
    let trusted = true
    const dispose = registerContractHandlers(ipcMain as never, plantwatch.core, () => trusted, silentLogger)
    expect([...handlers.keys()].sort()).toEqual([...commandNames].sort())
    expect(await handlers.get('tags:list')!({}, undefined)).toMatchObject({ ok: true })
    trusted = false
    expect(await handlers.get('tags:list')!({ senderFrame: { url: 'https://evil.example' } }, undefined)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' }
    })
    dispose()
    expect(handlers.size).toBe(0)
  })

  it('forwards live events to the Electron window, and stops when disposed', async () => {
    const sent: string[] = []
    const off = forwardContractEvents(plantwatch.core, { send: (channel: string) => void sent.push(channel), isDestroyed: () => false } as never)
    await waitFor('a sample batch sent to the window', () => (sent.includes('samples:batch') ? true : undefined))
    expect(sent.every((channel) => (eventNames as string[]).includes(channel))).toBe(true)
    off()
    const count = sent.length
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(sent.length).toBe(count)
  })
})
