import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { ROLES } from '../src/shared/access'
import { commandNames, commands, eventNames, type Result } from '../src/shared/contract'
import { decodeHistoryAnswer, historyAnswerId } from '../src/shared/historyAnswerCodec'
import { WS_PATH, type WsServerMessage } from '../src/shared/wsProtocol'
import { silentLogger } from '../src/main/core/logger'
import { startPlantwatch, type Plantwatch } from '../src/main/hosting/startPlantwatch'
import { parseSettings } from '../src/main/core/settings/settings'
import { createConsoleSessions, forwardContractEvents, registerContractHandlers } from '../src/main/shell/ipcBridge'
import { startWebHost, type WebHost } from '../src/main/web/webHost'
import { TEST_PASSWORD, signedIn } from './support/session'
import { tempDir, waitFor } from './support/tempDir'

/** Sends one invoke and resolves with its answer frame: a binary one, or the JSON result. */
async function answerFrame(ws: WebSocket, id: number, channel: string, input?: unknown): Promise<ArrayBuffer | Result<unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData, isBinary: boolean): void => {
      if (isBinary) {
        const bytes = data as Buffer
        const frame = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
        if (historyAnswerId(frame) !== id) return
        ws.off('message', onMessage)
        return resolve(frame)
      }
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

/** Sends one invoke and waits for its JSON result. */
async function invoke(ws: WebSocket, id: number, channel: string, input?: unknown): Promise<Result<unknown>> {
  const answer = await answerFrame(ws, id, channel, input)
  if (answer instanceof ArrayBuffer) throw new Error(`${channel}: a binary answer where a JSON result was expected`)
  return answer
}

const open = (url: string, origin?: string, cookie?: string): Promise<WebSocket> =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { ...(origin ? { origin } : {}), ...(cookie ? { headers: { cookie } } : {}) })
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
    await signedIn(plantwatch.core, 'otto', 'operator')
    await signedIn(plantwatch.core, 'vic', 'viewer')
  })
  const wsUrl = () => `${web.url.replace('http', 'ws')}${WS_PATH}`

  it('declares for every command the least role that may call it', () => {
    for (const channel of commandNames) expect(['public', ...ROLES], channel).toContain(commands[channel].access)
    // Everything that changes something is audited.
    for (const channel of commandNames) if (commands[channel].access !== 'viewer' && !channel.endsWith(':list') && channel !== 'audit:query' && channel !== 'session:get') expect(commands[channel].audited, channel).toBe(true)
  })

  it('refuses every WebSocket command but sign-in until someone signs in, then allows the role', async () => {
    const ws = await open(wsUrl(), web.url)
    try {
      let id = 0
      const got = { frames: 0 }
      ws.on('message', () => got.frames++)
      expect(await invoke(ws, ++id, 'tags:list')).toMatchObject({ ok: false, error: { code: 'unauthenticated' } })
      expect(await invoke(ws, ++id, 'alarms:acknowledge', { ids: ['x'] })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } })
      expect(await invoke(ws, ++id, 'session:get')).toMatchObject({ ok: true, data: { user: null, canView: false } })
      // No plant data reaches a socket nobody signed in on.
      const before = got.frames
      await new Promise((resolve) => setTimeout(resolve, 600))
      expect(got.frames).toBe(before)
      expect(await invoke(ws, ++id, 'session:signIn', { username: 'vic', password: 'wrong password' })).toMatchObject({
        ok: false,
        error: { code: 'unauthenticated', message: 'wrong user name or password' }
      })
      expect(await invoke(ws, ++id, 'session:signIn', { username: 'vic', password: TEST_PASSWORD })).toMatchObject({ ok: true, data: { user: { name: 'vic', role: 'viewer' }, canView: true } })
      expect(await invoke(ws, ++id, 'tags:list')).toMatchObject({ ok: true })
      const refused = await invoke(ws, ++id, 'alarms:acknowledge', { ids: ['x'] })
      expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'alarms:acknowledge needs the operator role; vic has the viewer role' } })
      const audited = plantwatch.core.audit.query({ user: 'vic', command: 'alarms:acknowledge' })[0]
      expect(audited).toMatchObject({ result: 'forbidden', origin: expect.stringMatching(/^ws 127\.0\.0\.1:\d+$/) })
      const failed = plantwatch.core.audit.query({ command: 'session:signIn' }).find((r) => r.result === 'unauthenticated')
      expect(failed?.summary).toBe('{"username":"vic","password":"[redacted]"} — wrong password')
    } finally {
      ws.close()
    }
  })

  it('keeps a browser session in an HttpOnly, SameSite=Strict cookie, across sockets and reloads', async () => {
    const page = await fetch(`${web.url}/`)
    const cookie = page.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^plantwatch_session=[\w-]{40,}; HttpOnly; SameSite=Strict; Path=\/$/)
    const pair = cookie.split(';')[0]!
    const first = await open(wsUrl(), web.url, pair)
    expect(await invoke(first, 1, 'session:signIn', { username: 'otto', password: TEST_PASSWORD })).toMatchObject({ ok: true })
    first.close()
    // A reload: a new socket with the same cookie is still signed in; the page is not given a new cookie.
    expect((await fetch(`${web.url}/`, { headers: { cookie: pair } })).headers.get('set-cookie')).toBeNull()
    const second = await open(wsUrl(), web.url, pair)
    expect(await invoke(second, 1, 'session:get')).toMatchObject({ ok: true, data: { user: { name: 'otto', role: 'operator' } } })
    expect(await invoke(second, 2, 'session:signOut')).toMatchObject({ ok: true, data: { user: null, canView: false } })
    expect(await invoke(second, 3, 'tags:list')).toMatchObject({ ok: false, error: { code: 'unauthenticated' } })
    second.close()
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
      expect(await invoke(ws, ++id, 'session:signIn', { username: 'otto', password: TEST_PASSWORD })).toMatchObject({ ok: true })
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

  it('answers history:query with a binary frame of typed columns over WebSocket, and typed arrays over IPC', async () => {
    const tag = plantwatch.core.tags()[0]!.name
    const now = Date.now()
    const query = { tags: [tag], from: now - 60_000, to: now + 1, maxPoints: 100 }
    const ws = await open(wsUrl(), web.url)
    try {
      expect(await invoke(ws, 1, 'session:signIn', { username: 'vic', password: TEST_PASSWORD })).toMatchObject({ ok: true })
      for (const mode of ['decimated', 'raw'] as const) {
        // Raw refuses a range holding more than maxPoints samples: room for a minute at any rate.
        const frame = await answerFrame(ws, 2, 'history:query', { ...query, mode, maxPoints: mode === 'raw' ? 100_000 : 100 })
        if (!(frame instanceof ArrayBuffer)) throw new Error(`a JSON answer: ${JSON.stringify(frame)}`)
        const { id, series } = decodeHistoryAnswer(frame)
        expect(id).toBe(2)
        expect(series).toHaveLength(1)
        expect(series[0]).toMatchObject({ mode, tag, t: expect.any(Float64Array) })
        expect(commands['history:query'].output.safeParse(series).success).toBe(true)
      }
      // A refusal stays a JSON result with its code.
      expect(await answerFrame(ws, 3, 'history:query', { ...query, tags: ['No.Such.Tag'] })).toMatchObject({ ok: false, error: { code: 'not-found' } })
    } finally {
      ws.close()
    }
    // Electron IPC carries the same answer by structured clone: the typed arrays stay typed arrays.
    const dispatched = await plantwatch.core.dispatch(createConsoleSessions(plantwatch.core)(77), 'history:query', query, { origin: 'ipc' })
    const cloned = structuredClone(dispatched)
    if (!cloned.ok) throw new Error(cloned.error.message)
    expect((cloned.data as { t: unknown }[])[0]!.t).toBeInstanceOf(Float64Array)
  })

  it('survives an oversized frame (closes that socket only) and refuses prototype-pollution keys', async () => {
    const big = await open(wsUrl(), web.url)
    big.on('error', () => undefined)
    const closed = new Promise<number>((resolve) => big.once('close', (code) => resolve(code)))
    big.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'maintenance:add', input: { text: 'A'.repeat(300_000) } }))
    expect(await closed).toBe(1009)
    const ws = await open(wsUrl(), web.url)
    try {
      expect(await invoke(ws, 1, 'session:signIn', { username: 'otto', password: TEST_PASSWORD })).toMatchObject({ ok: true })
      const polluted = await invoke(ws, 2, 'tags:list', JSON.parse('{"__proto__": {"isAdmin": true}}'))
      expect(polluted).toMatchObject({ ok: false, error: { code: 'invalid-input', message: 'tags:list: input.__proto__: this key is never valid input' } })
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()
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
    const dispose = registerContractHandlers(ipcMain as never, plantwatch.core, createConsoleSessions(plantwatch.core), () => trusted, silentLogger)
    expect([...handlers.keys()].sort()).toEqual([...commandNames].sort())
    // A desktop console sees the plant with nobody signed in, and acts only after a sign-in.
    const window = { sender: { id: 1 } }
    expect(await handlers.get('tags:list')!(window, undefined)).toMatchObject({ ok: true })
    expect(await handlers.get('maintenance:add')!(window, { text: 'x' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } })
    expect(await handlers.get('session:signIn')!(window, { username: 'otto', password: TEST_PASSWORD })).toMatchObject({ ok: true })
    expect(await handlers.get('maintenance:add')!(window, { text: 'checked from the console' })).toMatchObject({ ok: true, data: { author: 'otto' } })
    expect(await handlers.get('session:lock')!(window, undefined)).toMatchObject({ ok: true, data: { user: null, canView: true } })
    expect(await handlers.get('alarms:list')!(window, undefined)).toMatchObject({ ok: true })
    // Another window is another console, with its own sign-in.
    expect(await handlers.get('session:get')!({ sender: { id: 2 } }, undefined)).toMatchObject({ ok: true, data: { user: null } })
    trusted = false
    expect(await handlers.get('tags:list')!({ sender: { id: 1 }, senderFrame: { url: 'https://evil.example' } }, undefined)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' }
    })
    dispose()
    expect(handlers.size).toBe(0)
  })

  it('forwards live events to the Electron window, and stops when disposed', async () => {
    const sent: string[] = []
    const off = forwardContractEvents(
      plantwatch.core,
      { id: 9, send: (channel: string) => void sent.push(channel), isDestroyed: () => false } as never,
      createConsoleSessions(plantwatch.core)
    )
    await waitFor('a sample batch sent to the window', () => (sent.includes('samples:batch') ? true : undefined))
    expect(sent.every((channel) => (eventNames as string[]).includes(channel))).toBe(true)
    off()
    const count = sent.length
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(sent.length).toBe(count)
  })
})
