import { describe, expect, it } from 'vitest'
import type { CommandName, ContractClient, EventName, EventPayload, SampleBatch } from '../../../shared/contract'
import type { Alarm, TagInfo } from '../../../shared/domain'
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
  const client = {
    invoke: (channel: CommandName) => {
      calls.push(channel)
      return Promise.resolve({ ok: true, data: answers[channel] })
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
  return { client, emit, calls }
}

const batch = (index: number, time: number, value: number): SampleBatch => ({
  seq: 0,
  tagIndex: Uint32Array.of(index),
  sourceTime: Float64Array.of(time),
  value: Float64Array.of(value),
  status: Uint32Array.of(0)
})

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('createRuntime', () => {
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
    emit('alarms:changed', [alarm('a', 4, 5), alarm('b', 2, 1)])
    expect(runtime.alarms.get().map((a) => a.id)).toEqual(['b', 'a'])
    emit('maintenance:added', { id: 7, createdAt: 1, text: 'x', equipment: null, source: 'operator', dueAt: null, completedAt: null })
    runtime.addMaintenanceEntries([{ id: 7, createdAt: 1, text: 'x', equipment: null, source: 'operator', dueAt: null, completedAt: null }])
    expect(runtime.maintenance.get()).toHaveLength(1)
    runtime.dispose()
  })
})
