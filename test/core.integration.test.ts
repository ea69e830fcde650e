import { join } from 'node:path'
import { writeFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SampleBatchSchema, type SampleBatch } from '../src/shared/contract'
import type { Alarm, ConnectionState } from '../src/shared/domain'
import { dispatchCommand } from '../src/main/core/contractDispatch'
import { createCore, type Core } from '../src/main/core/createCore'
import { connectPlant, type PlantConnection } from '../src/main/core/opcua/plantClient'
import { silentLogger } from '../src/main/core/logger'
import { loadTagMap } from '../src/main/core/tagmap/loadTagMap'
import { appPaths } from '../src/main/hosting/appPaths'
import { startDemoPlant, type DemoPlant } from '../src/main/demo-plant'
import { tempDir, waitFor, waitForAsync } from './support/tempDir'

const plantSettings = { securityMode: 'None', securityPolicy: 'None' } as const

describe('core against the demo plant over OPC UA on 127.0.0.1', () => {
  let plant: DemoPlant
  let core: Core
  const batches: SampleBatch[] = []
  const alarmLists: Alarm[][] = []
  const dataDir = tempDir('core')

  beforeAll(async () => {
    plant = await startDemoPlant({ port: 0, pkiDir: join(dataDir, 'pki', 'plant') })
    const tagMap = await loadTagMap(appPaths().defaultTagMap)
    core = await createCore({ dataDir, tagMap, logger: silentLogger, plant: { ...plantSettings, endpoint: plant.endpointUrl } })
    core.on('samples:batch', (b) => batches.push(b))
    core.on('alarms:changed', (a) => alarmLists.push(a))
    await waitFor('connected', () => (core.connection().status === 'connected' ? true : undefined))
  })
  afterAll(async () => {
    await core?.dispose()
    await plant?.stop()
  })

  it('streams every subscribed tag in columnar batches, with source timestamps', async () => {
    const tags = core.tags()
    const vibration = tags.find((t) => t.name === 'CV-101.Vibration')!
    await waitFor('a vibration value', () => batches.find((b) => b.tagIndex.includes(vibration.index)))
    const batch = SampleBatchSchema.parse(batches.at(-1))
    expect(batch.value.length).toBe(batch.tagIndex.length)
    const seen = new Set(batches.flatMap((b) => Array.from(b.tagIndex)))
    expect(seen.size).toBe(tags.length)
    const age = Date.now() - batch.sourceTime[0]!
    expect(age).toBeGreaterThanOrEqual(-50)
    expect(age).toBeLessThan(5_000)
    // A screen opened now starts from every tag's last value, steady ones included.
    const snapshot = await core.handlers['samples:snapshot'](undefined)
    expect(new Set(snapshot.tagIndex).size).toBe(tags.length)
    expect(snapshot.value.every((v) => v === null || Number.isFinite(v))).toBe(true)
    // A trend opened now starts with the last minutes of its pens.
    const history = async () => {
      const [series] = await core.handlers['history:query']({ tags: [vibration.name], from: Date.now() - 60_000, to: Date.now() + 1, maxPoints: 10_000, mode: 'raw' })
      return series!.mode === 'raw' ? { sourceTime: series!.t } : { sourceTime: [] }
    }
    await waitFor('a few vibration values', () => (batches.filter((b) => b.tagIndex.includes(vibration.index)).length >= 3 ? true : undefined))
    // The historian writes at most every half second.
    await waitForAsync('vibration values in the historian', async () => ((await history()).sourceTime.length >= 3 ? true : undefined))
    const recent = await history()
    expect(recent.sourceTime.length).toBeGreaterThanOrEqual(3)
    expect(recent.sourceTime).toEqual([...recent.sourceTime].sort((a, b) => a - b))
    // Batches, not one message per value: the plant changes many tags per publish cycle.
    expect(batches.reduce((n, b) => n + b.value.length, 0) / batches.length).toBeGreaterThan(1)
  })

  it('opens trends with the plant\'s own history, read at connect', async () => {
    const power = core.tags().find((t) => t.name === 'CV-101.Power')!
    const connectedAt = core.connection().since
    const query = async () => (await core.handlers['history:query']({ tags: [power.name], from: connectedAt - 3 * 3_600_000, to: Date.now() + 1, maxPoints: 100_000, mode: 'raw' }))[0]!
    // The server's history read at connect goes into the historian as backfill.
    const past = await waitForAsync('the server history in the historian', async () => {
      const series = await query()
      return series.mode === 'raw' && series.t.length > 0 && series.t[0]! < connectedAt - 60 * 60_000 ? series : undefined
    })
    expect(past.t).toEqual([...past.t].sort((a, b) => a - b))
    expect(new Set(past.t).size).toBe(past.t.length)
    // The start before the link came up is a gap, never filled in.
    expect(past.gaps.some((g) => g.reason === 'not-connected')).toBe(true)
  })

  it('raises a limit alarm from a real fault and acknowledges it through the contract', async () => {
    plant.injectFault('CV-101', 'bearing-wear', { timeToFailureS: 3, trip: false })
    const hh = await waitFor('the HH vibration alarm', () => core.handlers && alarmLists.at(-1)?.find((a) => a.id === 'CV-101.Vibration:HH'), 15_000)
    expect(hh).toMatchObject({ state: 'unacknowledged', priority: 1, equipment: 'CV-101', threshold: 11, action: 'inspect bearing' })
    const result = await dispatchCommand(core.handlers, 'alarms:acknowledge', { ids: [hh.id] }, silentLogger, 'test')
    expect(result).toEqual({ ok: true, data: { acknowledged: 1 } })
    const listed = await core.handlers['alarms:list'](undefined)
    expect(listed.find((a) => a.id === hh.id)?.state).toBe('acknowledged')
    plant.resetEquipment('CV-101')
  })

  it('rejects invalid payloads with a typed error and writes nothing', async () => {
    const before = await core.handlers['maintenance:list'](undefined)
    const bad = await dispatchCommand(core.handlers, 'maintenance:add', { text: '   ', equipment: 'CV-101' }, silentLogger, 'test')
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    expect(bad.ok ? '' : bad.error.message).toMatch(/maintenance:add: text: a log entry needs text/)
    const extra = await dispatchCommand(core.handlers, 'maintenance:add', { text: 'x', sql: 'DROP TABLE' }, silentLogger, 'test')
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    const unknown = await dispatchCommand(core.handlers, 'maintenance:add', { text: 'x', equipment: 'XX-999' }, silentLogger, 'test')
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not-found' } })
    expect(await core.handlers['maintenance:list'](undefined)).toEqual(before)
  })

  it('marks maintenance done once, and says so when the entry does not exist', async () => {
    const added = await dispatchCommand(core.handlers, 'maintenance:add', { text: 'Check CV-101 take-up', equipment: 'CV-101' }, silentLogger, 'test')
    expect(added.ok).toBe(true)
    const id = added.ok ? (added.data as { id: number }).id : -1
    const done = await dispatchCommand(core.handlers, 'maintenance:complete', { id }, silentLogger, 'test')
    expect(done).toMatchObject({ ok: true, data: { id, completedAt: expect.any(Number) } })
    const missing = await dispatchCommand(core.handlers, 'maintenance:complete', { id: 987_654 }, silentLogger, 'test')
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found', message: 'maintenance:complete: no log entry 987654' } })
  })

  it('can be closed at any moment of connecting without a stray error', async () => {
    const tags = core.tags()
    const stray: unknown[] = []
    const onStray = (error: unknown): void => void stray.push(error)
    process.on('uncaughtException', onStray)
    process.on('unhandledRejection', onStray)
    try {
      // Closing the moment it says "connected", then at growing delays, walks the close through every step.
      for (const closeAfterMs of [-1, 0, 5, 15, 30, 60, 120]) {
        const states: ConnectionState[] = []
        let connection: PlantConnection | undefined
        const closed = new Promise<void>((resolve) => {
          const close = (): void => void connection!.dispose().then(resolve)
          void connectPlant({
            ...plantSettings,
            endpoint: plant.endpointUrl,
            pkiDir: join(dataDir, 'pki-closing'),
            publishingIntervalMs: 100,
            tags,
            onBatch: () => undefined,
            onState: (s) => {
              states.push(s)
              if (closeAfterMs < 0 && s.status === 'connected') close()
            }
          }).then((c) => {
            connection = c
            if (closeAfterMs >= 0) setTimeout(close, closeAfterMs)
          })
        })
        await closed
        expect(states.at(-1)?.status).toBe('stopped')
        // A moment for late server answers, which must not surface as errors.
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
    } finally {
      process.off('uncaughtException', onStray)
      process.off('unhandledRejection', onStray)
    }
    expect(stray).toEqual([])
  })

  it('keeps the current tag map when a new one is invalid', async () => {
    const file = join(dataDir, 'bad-map.json')
    writeFileSync(file, JSON.stringify({ version: 1, tags: [{ name: 'X', nodeId: 'nope', equipment: 'E', euRange: { low: 0, high: 1 } }] }))
    const before = core.tags().length
    await expect(core.reloadTagMap(file)).rejects.toThrow(/bad-map.json: invalid tag map[\s\S]*tag "X" \(tags\[0\]\) field nodeId/)
    expect(core.tags().length).toBe(before)
    expect(core.connection().status).toBe('connected')
  })
})

describe('core against an unreachable endpoint', () => {
  it('reports reconnecting with the reason and retries with backoff, without crashing', async () => {
    const dataDir = tempDir('core-down')
    const states: ConnectionState[] = []
    const tagMap = await loadTagMap(appPaths().defaultTagMap)
    const core = await createCore({ dataDir, tagMap, logger: silentLogger, plant: { ...plantSettings, endpoint: 'opc.tcp://127.0.0.1:9/nothing' } })
    core.on('connection:changed', (s) => states.push(s))
    try {
      const first = await waitFor('a failed attempt', () => states.find((s) => s.status === 'reconnecting'), 15_000)
      expect(first.reason).toMatch(/connection refused|ECONNREFUSED|cannot|connect/i)
      expect(first.retryInMs).toBeGreaterThan(0)
      await waitFor('a second attempt', () => states.find((s) => s.status === 'reconnecting' && (s.attempt ?? 0) >= 2), 15_000)
      const list = await dispatchCommand(core.handlers, 'maintenance:list', undefined, silentLogger, 'test')
      expect(list.ok).toBe(true)
    } finally {
      await core.dispose()
    }
  })
})
