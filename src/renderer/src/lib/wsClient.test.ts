import { describe, expect, it, vi } from 'vitest'
import type { SampleBatch } from '../../../shared/contract'
import { STATUS_NO_COMMUNICATION, type Alarm } from '../../../shared/domain'
import { encodeHistoryAnswer } from '../../../shared/historyAnswerCodec'
import { encodeSampleBatch } from '../../../shared/sampleBatchCodec'
import { createWsClient, INVOKE_TIMEOUT_MS, reconnectDelayMs, type SocketHandlers } from './wsClient'

/** The thin fake: records what the client sends and lets the test play the host. */
function fakeHost() {
  const sockets: { url: string; handlers: SocketHandlers; sent: string[]; closed: boolean }[] = []
  const timers: { fn: () => void; ms: number }[] = []
  let now = 1_000
  const client = createWsClient({
    url: 'ws://host/ws',
    connect(url, handlers) {
      const socket = { url, handlers, sent: [] as string[], closed: false }
      sockets.push(socket)
      return { send: (data) => socket.sent.push(data), close: () => void (socket.closed = true) }
    },
    setTimer: (fn, ms) => timers.push({ fn, ms }),
    clearTimer: () => {},
    now: () => now,
    log: () => {}
  })
  const last = () => sockets[sockets.length - 1]!
  /** Reconnection timers only; every invoke also sets a timeout. */
  const retries = () => timers.filter((t) => t.ms !== INVOKE_TIMEOUT_MS)
  const sentFrames = () => last().sent.map((frame) => JSON.parse(frame) as { id: number; channel: string; input?: unknown })
  return {
    client,
    sockets,
    timers,
    retries,
    last,
    sentFrames,
    advance: (ms: number) => void (now += ms),
    reply: (id: number, result: unknown) => last().handlers.message(JSON.stringify({ type: 'result', id, result })),
    event: (event: string, payload: unknown) => last().handlers.message(JSON.stringify({ type: 'event', event, payload }))
  }
}

const alarm: Alarm = {
  id: 'CV-101.MotorTemp:H',
  tag: 'CV-101.MotorTemp',
  equipment: 'CV-101',
  kind: 'limit',
  limit: 'H',
  priority: 2,
  state: 'unacknowledged',
  active: true,
  message: 'Motor temperature high',
  value: 93,
  threshold: 90,
  unit: '°C',
  raisedAt: 5
}

describe('createWsClient', () => {
  it('queues invokes until the socket opens, then matches results by id', async () => {
    const host = fakeHost()
    expect(host.client.link.get()).toEqual({ status: 'connecting', attempt: 0 })
    const answer = host.client.invoke('alarms:acknowledge', { ids: ['a'] })
    expect(host.last().sent).toEqual([])
    host.last().handlers.open()
    expect(host.client.link.get()).toEqual({ status: 'open' })
    const [frame] = host.sentFrames()
    expect(frame).toMatchObject({ type: 'invoke', channel: 'alarms:acknowledge', input: { ids: ['a'] } })
    host.reply(frame!.id, { ok: true, data: { acknowledged: 1 } })
    await expect(answer).resolves.toEqual({ ok: true, data: { acknowledged: 1 } })
  })

  it('withdraws an aborted invoke: resolves cancelled at once, tells the host, ignores a late answer', async () => {
    const host = fakeHost()
    host.last().handlers.open()
    const abort = new AbortController()
    const query = { tags: ['A'], from: 0, to: 1000, maxPoints: 10 }
    const answer = host.client.invokeAbortable!('history:query', query, abort.signal)
    const [frame] = host.sentFrames()
    abort.abort()
    await expect(answer).resolves.toMatchObject({ ok: false, error: { code: 'cancelled' } })
    expect(host.sentFrames()[1]).toEqual({ type: 'cancel', id: frame!.id })
    host.reply(frame!.id, { ok: false, error: { code: 'cancelled', message: 'cancelled' } })
    // Already aborted: nothing is sent.
    await expect(host.client.invokeAbortable!('history:query', query, abort.signal)).resolves.toMatchObject({ ok: false, error: { code: 'cancelled' } })
    expect(host.sentFrames()).toHaveLength(2)
  })

  it('takes a history:query answer from its binary frame, by id, and fails a broken one clearly', async () => {
    const host = fakeHost()
    host.last().handlers.open()
    const query = { tags: ['A'], from: 0, to: 1000, maxPoints: 10 }
    const answer = host.client.invoke('history:query', query)
    const broken = host.client.invoke('history:query', query)
    const [first, second] = host.sentFrames()
    const series = { mode: 'raw' as const, tag: 'A', t: Float64Array.of(1, 2), value: Float64Array.of(3, Number.NaN), status: Uint32Array.of(0, 0x80000000), gaps: [] }
    const frame = encodeHistoryAnswer(first!.id, [series])
    host.last().handlers.message(encodeHistoryAnswer(second!.id, [series]).slice(0, frame.byteLength - 4))
    host.last().handlers.message(frame)
    await expect(answer).resolves.toEqual({ ok: true, data: [series] })
    await expect(broken).resolves.toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringMatching(/^history:query: history answer of 1 series should be \d+ bytes/) } })
    // An answer nobody waits for (cancelled, timed out) is dropped.
    host.last().handlers.message(frame)
  })

  it('passes contract errors through and rejects answers that fail the contract', async () => {
    const host = fakeHost()
    host.last().handlers.open()
    const rejected = host.client.invoke('maintenance:add', { text: '' })
    const malformed = host.client.invoke('alarms:list', undefined)
    const [first, second] = host.sentFrames()
    host.reply(first!.id, { ok: false, error: { code: 'invalid-input', message: 'text: a log entry needs text' } })
    host.reply(second!.id, { ok: true, data: [{ id: 1 }] })
    await expect(rejected).resolves.toEqual({ ok: false, error: { code: 'invalid-input', message: 'text: a log entry needs text' } })
    await expect(malformed).resolves.toMatchObject({ ok: false, error: { code: 'internal' } })
  })

  it('resolves pending invokes as unavailable when the link drops, then reconnects with backoff', async () => {
    const host = fakeHost()
    host.last().handlers.open()
    const pending = host.client.invoke('tags:list', undefined)
    host.last().handlers.close('host unreachable')
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } })
    expect(host.client.link.get()).toEqual({ status: 'reconnecting', attempt: 1, retryAt: 1_000 + 500, reason: 'host unreachable' })
    expect(host.retries().map((t) => t.ms)).toEqual([500])

    // While waiting to retry, invokes fail at once instead of hanging.
    await expect(host.client.invoke('tags:list', undefined)).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } })

    host.retries()[0]!.fn()
    expect(host.sockets).toHaveLength(2)
    expect(host.client.link.get()).toEqual({ status: 'connecting', attempt: 1 })
    host.last().handlers.close('host unreachable')
    expect(host.retries().map((t) => t.ms)).toEqual([500, 1000])
    host.retries()[1]!.fn()
    host.last().handlers.open()
    expect(host.client.link.get()).toEqual({ status: 'open' })
  })

  it('gives up on an invoke the host never answers', async () => {
    const host = fakeHost()
    host.last().handlers.open()
    const answer = host.client.invoke('alarms:list', undefined)
    const timeout = host.timers.find((t) => t.ms === INVOKE_TIMEOUT_MS)!
    timeout.fn()
    await expect(answer).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } })
    host.reply(host.sentFrames()[0]!.id, { ok: true, data: [] })
  })

  it('ignores frames from a socket it has replaced', () => {
    const host = fakeHost()
    const first = host.last()
    first.handlers.open()
    first.handlers.close('dropped')
    host.retries()[0]!.fn()
    const listener = vi.fn()
    host.client.on('alarms:changed', listener)
    first.handlers.message(JSON.stringify({ type: 'event', event: 'alarms:changed', payload: { upserted: [alarm], removed: [] } }))
    expect(listener).not.toHaveBeenCalled()
  })

  it('routes events to their listeners, checks them against the contract and unsubscribes', () => {
    const host = fakeHost()
    host.last().handlers.open()
    const listener = vi.fn()
    const off = host.client.on('alarms:changed', listener)
    host.event('alarms:changed', { upserted: [alarm], removed: [] })
    host.event('alarms:changed', { upserted: [{ ...alarm, priority: 9 }], removed: [] })
    host.event('no:such-event', {})
    host.last().handlers.message('not json')
    expect(listener).toHaveBeenCalledTimes(1)
    expect(listener).toHaveBeenCalledWith({ upserted: [alarm], removed: [] })
    off()
    host.event('alarms:changed', { upserted: [], removed: [alarm.id] })
    expect(listener).toHaveBeenCalledTimes(1)
  })

  it('decodes binary frames into samples:batch', () => {
    const host = fakeHost()
    host.last().handlers.open()
    const batches: SampleBatch[] = []
    host.client.on('samples:batch', (batch) => batches.push(batch))
    const sent: SampleBatch = {
      seq: 7,
      tagIndex: Uint32Array.of(0, 2),
      sourceTime: Float64Array.of(100, 101),
      value: Float64Array.of(1.5, -2),
      status: Uint32Array.of(0, STATUS_NO_COMMUNICATION)
    }
    host.last().handlers.message(encodeSampleBatch(sent))
    host.last().handlers.message(new ArrayBuffer(3))
    expect(batches).toHaveLength(1)
    expect(batches[0]?.seq).toBe(7)
    expect(Array.from(batches[0]!.value)).toEqual([1.5, -2])
    expect(Array.from(batches[0]!.status)).toEqual([0, STATUS_NO_COMMUNICATION])
  })

  it('closes for good on dispose', async () => {
    const host = fakeHost()
    host.last().handlers.open()
    const pending = host.client.invoke('connection:get', undefined)
    host.client.dispose()
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } })
    expect(host.last().closed).toBe(true)
    expect(host.client.link.get().status).toBe('closed')
    host.last().handlers.close('closed')
    expect(host.retries()).toHaveLength(0)
  })
})

describe('reconnectDelayMs', () => {
  it('doubles from 0.5 s and caps at 10 s', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map(reconnectDelayMs)).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000])
  })
})
