import { describe, expect, it, vi } from 'vitest'
import type { CommandName, ContractClient, EventName, EventPayload, SampleBatch } from '../../../shared/contract'
import type { Alarm, TagInfo } from '../../../shared/domain'
import { TREND_WINDOW_MS } from '../features/trend/pens'
import { createStore } from '../lib/store'
import type { LinkState } from '../lib/transport'
import { createRuntime } from './runtime'

const tag = (name: string, index: number): TagInfo => ({
  name,
  index,
  nodeId: `ns=2;s=${name}`,
  equipment: 'CV-101',
  signal: 'other',
  unit: '',
  euRange: { low: 0, high: 100 },
  limits: {}
})

const alarm = (id: string, priority: Alarm['priority'], raisedAt: number): Alarm => ({
  id,
  tag: 'CV-101.A',
  equipment: 'CV-101',
  kind: 'limit',
  limit: 'H',
  priority,
  state: 'unacknowledged',
  active: true,
  message: 'high',
  value: 1,
  threshold: 0,
  unit: '',
  raisedAt
})

/** A contract client that answers from fixed data and lets the test push events. */
function fakeClient(answers: Partial<Record<CommandName, unknown>>) {
  const listeners = new Map<string, Set<(payload: never) => void>>()
  const calls: CommandName[] = []
  const inputs: unknown[] = []
  const client = {
    invoke: (channel: CommandName, input: unknown) => {
      calls.push(channel)
      inputs.push(input)
      // A console that may view, unless the test says otherwise.
      const answer = channel === 'session:get' && !('session:get' in answers) ? { user: null, canView: true, idleLockMs: 0 } : answers[channel]
      const result = (data: unknown) => (data instanceof Error ? { ok: false, error: { code: data.message, message: 'no' } } : { ok: true, data })
      // A promise is an answer the test releases when it wants.
      return answer instanceof Promise ? answer.then(result) : Promise.resolve(result(answer))
    },
    on: (event: EventName, listener: (payload: never) => void) => {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      set.add(listener)
      return () => void set.delete(listener)
    }
  } as unknown as ContractClient
  const emit = <K extends EventName>(event: K, payload: EventPayload<K>): void => {
    for (const listener of listeners.get(event) ?? []) (listener as (p: EventPayload<K>) => void)(payload)
  }
  return { client, emit, calls, inputs }
}

const batch = (index: number, time: number, value: number): SampleBatch => ({
  seq: 0,
  tagIndex: Uint32Array.of(index),
  sourceTime: Float64Array.of(time),
  value: Float64Array.of(value),
  status: Uint32Array.of(0)
})

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

const NO_SAMPLES = { tagIndex: [], sourceTime: [], value: [], status: [] }

/** A runtime on `answers` whose link has opened and settled. */
async function openRuntime(answers: Parameters<typeof fakeClient>[0]) {
  const link = createStore<LinkState>({ status: 'connecting', attempt: 0 })
  const fake = fakeClient(answers)
  const runtime = createRuntime({ kind: 'websocket', endpoint: 'ws://x/ws', client: fake.client, link, dispose() {} })
  link.set({ status: 'open' })
  await settle()
  return { ...fake, runtime }
}

describe('createRuntime', () => {
  it('asks for nothing of the plant until the session may view it, then loads it all', async () => {
    const answers: Parameters<typeof fakeClient>[0] = {
      'session:get': { user: null, canView: false, idleLockMs: 0 },
      'tags:list': [tag('CV-101.A', 0)],
      'alarms:list': [],
      'connection:get': { status: 'connected', endpoint: 'opc.tcp://x', since: 0 },
      'maintenance:list': [],
      'samples:snapshot': NO_SAMPLES
    }
    const { emit, calls, runtime } = await openRuntime(answers)
    expect(calls).toEqual(['session:get'])
    // Someone signs in on this browser session (in another tab, say): the host says so.
    answers['session:get'] = { user: { name: 'ann', role: 'operator' }, canView: true, idleLockMs: 0 }
    expect(runtime.session.get()).toMatchObject({ canView: false })
    expect(runtime.tags.get()).toEqual([])
    emit('session:changed', { user: { name: 'ann', role: 'operator' }, canView: true, idleLockMs: 0 })
    await settle()
    expect(calls).toContain('tags:list')
    expect(runtime.session.get()?.user?.name).toBe('ann')
    runtime.dispose()
  })

  it('loads state when the link opens, again after a reconnect, and marks values stale in between', async () => {
    const link = createStore<LinkState>({ status: 'connecting', attempt: 0 })
    const { client, emit, calls } = fakeClient({
      'tags:list': [tag('CV-101.A', 0)],
      'alarms:list': [alarm('old', 3, 1), alarm('urgent', 1, 0)],
      'connection:get': { status: 'connected', endpoint: 'opc.tcp://x', since: 0 },
      'maintenance:list': [],
      'samples:snapshot': { tagIndex: [1], sourceTime: [5], value: [1], status: [0] }
    })
    const runtime = createRuntime({ kind: 'websocket', endpoint: 'ws://x/ws', client, link, dispose() {} })
    expect(calls).toEqual([])

    // A snapshot that arrives before the tag list is kept.
    emit('samples:batch', batch(0, 10, 42))
    link.set({ status: 'open' })
    await settle()
    expect(runtime.tags.get().map((t) => t.name)).toEqual(['CV-101.A'])
    expect(runtime.alarms.get().map((a) => a.id)).toEqual(['urgent', 'old'])
    expect(runtime.connection.get()?.status).toBe('connected')
    expect(runtime.samples.series(0)?.valueAt(0)).toBe(42)
    expect(runtime.samples.series(1)?.valueAt(0)).toBe(1)

    link.set({ status: 'reconnecting', attempt: 1, retryAt: 0, reason: 'lost' })
    const ring = runtime.samples.series(0)!
    expect(ring.length).toBe(2)
    expect(Number.isNaN(ring.valueAt(1))).toBe(true)

    link.set({ status: 'open' })
    await settle()
    expect(calls.filter((c) => c === 'tags:list')).toHaveLength(2)
    runtime.dispose()
  })

  it('reads the snapshot again when a plant connection goes live: a tag that holds still gets its value from the warm start', async () => {
    const answers: Parameters<typeof fakeClient>[0] = {
      'tags:list': [tag('CV-101.A', 0), tag('CV-101.Running', 1)],
      'alarms:list': [],
      'connection:get': { status: 'connecting', endpoint: 'opc.tcp://x', since: 0 },
      'maintenance:list': [],
      // Signed in before the core's warm start: nothing yet.
      'samples:snapshot': NO_SAMPLES
    }
    const { emit, calls, runtime } = await openRuntime(answers)
    expect(runtime.samples.series(1)).toBeUndefined()
    // The warm start's history is in the core; live values flow, but Running's first live value
    // repeats its history and is never sent.
    answers['samples:snapshot'] = { tagIndex: [0, 1], sourceTime: [5, 3], value: [7, 1], status: [0, 0] }
    emit('samples:batch', batch(0, 10, 42))
    emit('connections:changed', { status: 'connected', endpoint: 'opc.tcp://x', since: 9 })
    await settle()
    expect(calls.filter((c) => c === 'samples:snapshot')).toHaveLength(2)
    expect(runtime.samples.series(1)?.valueAt(0)).toBe(1)
    // A live value newer than the snapshot's stays the newest.
    const a = runtime.samples.series(0)!
    expect(a.valueAt(a.length - 1)).toBe(42)
    runtime.dispose()
  })

  it('backfills the trend pens when they change and when the link reopens', async () => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ['Date'] })
    const link = createStore<LinkState>({ status: 'connecting', attempt: 0 })
    const { client, emit, calls, inputs } = fakeClient({
      'tags:list': [tag('CV-101.A', 0), tag('CV-101.B', 1)],
      'alarms:list': [],
      'connection:get': { status: 'connected', endpoint: 'opc.tcp://x', since: 0 },
      'maintenance:list': [],
      'samples:snapshot': { tagIndex: [], sourceTime: [], value: [], status: [] },
      'history:query': [{ mode: 'raw', tag: 'CV-101.A', t: Float64Array.of(800, 900, 1_000), value: Float64Array.of(8, NaN, 10), status: Uint32Array.of(0, 0, 0), gaps: [] }]
    })
    const historyInputs = () => inputs.filter((_, i) => calls[i] === 'history:query')
    const asked = (tags: string[]) => ({ tags, from: 1_000_000 - TREND_WINDOW_MS, to: 1_000_001, maxPoints: 20_000, mode: 'raw' })
    const runtime = createRuntime({ kind: 'websocket', endpoint: 'ws://x/ws', client, link, dispose() {} })

    // Not asked while the link is down; no pens yet when it opens.
    runtime.setTrendPens([0])
    link.set({ status: 'open' })
    await settle()
    expect(historyInputs()).toEqual([asked(['CV-101.A'])])
    emit('samples:batch', batch(0, 1_100, 11))
    const ring = runtime.samples.series(0)!
    expect(Array.from({ length: ring.length }, (_, i) => ring.timeAt(i))).toEqual([800, 900, 1_000, 1_100])
    expect(runtime.samples.latency.valuesReceived()).toBe(1)

    // Only pens new to the set are asked for.
    runtime.setTrendPens([0, 1])
    runtime.setTrendPens([1, 0])
    expect(historyInputs().slice(1)).toEqual([asked(['CV-101.B'])])

    link.set({ status: 'reconnecting', attempt: 1, retryAt: 0, reason: 'lost' })
    link.set({ status: 'open' })
    await settle()
    expect(historyInputs().slice(2)).toEqual([asked(['CV-101.A', 'CV-101.B'])])
    runtime.dispose()
    vi.useRealTimers()
  })

  it('ignores history the host cannot give', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const link = createStore<LinkState>({ status: 'open' })
    const unavailable = new Error('unavailable')
    const { client, calls } = fakeClient({
      'tags:list': [tag('CV-101.C', 3)],
      'alarms:list': unavailable,
      'connection:get': unavailable,
      'maintenance:list': unavailable,
      'samples:snapshot': unavailable,
      'history:query': unavailable
    })
    const runtime = createRuntime({ kind: 'electron-ipc', endpoint: 'Electron IPC', client, link, dispose() {} })
    runtime.setTrendPens([3])
    await settle()
    expect(calls).toContain('history:query')
    expect(runtime.samples.series(3)).toBeUndefined()
    expect(warn).not.toHaveBeenCalled()
    warn.mockRestore()
    runtime.dispose()
  })

  it('starts the alarm list from the answer the moment it arrives and keeps the changes that come after it', async () => {
    let answerTags: (tags: TagInfo[]) => void = () => undefined
    const { emit, runtime } = await openRuntime({
      'tags:list': new Promise<TagInfo[]>((resolve) => (answerTags = resolve)),
      'alarms:list': [alarm('a', 3, 1), alarm('b', 3, 2)],
      'connection:get': null,
      'maintenance:list': [],
      'samples:snapshot': NO_SAMPLES
    })
    expect(runtime.alarms.get().map((a) => a.id)).toEqual(['b', 'a'])
    // The host's next change, while the tag list is still on its way.
    emit('alarms:changed', { upserted: [alarm('c', 2, 3)], removed: ['a'] })
    answerTags([])
    await settle()
    expect(runtime.alarms.get().map((a) => a.id)).toEqual(['c', 'b'])
    runtime.dispose()
  })

  it('lets events replace state and merges maintenance entries', async () => {
    const link = createStore<LinkState>({ status: 'open' })
    const { client, emit } = fakeClient({
      'tags:list': [],
      'alarms:list': [],
      'connection:get': null,
      'maintenance:list': [],
      'samples:snapshot': { tagIndex: [], sourceTime: [], value: [], status: [] }
    })
    const runtime = createRuntime({ kind: 'electron-ipc', endpoint: 'Electron IPC', client, link, dispose() {} })
    await settle()
    emit('alarms:changed', { upserted: [alarm('a', 4, 5), alarm('b', 2, 1)], removed: [] })
    expect(runtime.alarms.get().map((a) => a.id)).toEqual(['b', 'a'])
    emit('alarms:changed', { upserted: [alarm('c', 1, 9), alarm('a', 4, 7)], removed: ['b'] })
    expect(runtime.alarms.get().map((a) => [a.id, a.raisedAt])).toEqual([['c', 9], ['a', 7]])
    emit('maintenance:added', { id: 7, createdAt: 1, text: 'x', equipment: null, source: 'operator', dueAt: null, completedAt: null, author: null, completedBy: null, workOrder: null })
    runtime.addMaintenanceEntries([{ id: 7, createdAt: 1, text: 'x', equipment: null, source: 'operator', dueAt: null, completedAt: null, author: null, completedBy: null, workOrder: null }])
    expect(runtime.maintenance.get()).toHaveLength(1)
    runtime.dispose()
  })
})
