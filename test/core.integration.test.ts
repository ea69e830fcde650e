import { join } from 'node:path'
import { writeFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SampleBatchSchema, type SampleBatch } from '../src/shared/contract'
import type { Alarm, ConnectionState } from '../src/shared/domain'
import { createCore, type Core } from '../src/main/core/createCore'
import { connectPlant, type PlantConnection } from '../src/main/core/opcua/plantClient'
import { silentLogger } from '../src/main/core/logger'
import { loadTagMap } from '../src/main/core/tagmap/loadTagMap'
import { appPaths } from '../src/main/hosting/appPaths'
import { startDemoPlant, type DemoPlant } from '../src/main/demo-plant'
import { signedIn, data, type Call } from './support/session'
import { tempDir, waitFor, waitForAsync } from './support/tempDir'
import { recordAlarmLists } from './support/plantAtSpeed'

const plantSettings = { securityMode: 'None', securityPolicy: 'None' } as const

describe('core against the demo plant over OPC UA on 127.0.0.1', () => {
  let plant: DemoPlant
  let core: Core
  const batches: SampleBatch[] = []
  const alarmLists: Alarm[][] = []
  const dataDir = tempDir('core')
  let call: Call

  beforeAll(async () => {
    plant = await startDemoPlant({ port: 0, pkiDir: join(dataDir, 'pki', 'plant') })
    const tagMap = await loadTagMap(appPaths().defaultTagMap)
    core = await createCore({ dataDir, tagMap, logger: silentLogger, plant: { ...plantSettings, endpoint: plant.endpointUrl } })
    core.on('samples:batch', (b) => batches.push(b))
    recordAlarmLists(core, alarmLists)
    await waitFor('connected', () => (core.connection().status === 'connected' ? true : undefined))
    ;({ call } = await signedIn(core, 'olga', 'operator'))
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
    // Live batches carry changes; a tag whose first live value repeats the history read at
    // connect arrives through that history instead (never twice), so every tag is in one or the other.
    const seen = new Set(batches.flatMap((b) => Array.from(b.tagIndex)))
    expect(seen.size).toBeGreaterThan(0)
    const age = Date.now() - batch.sourceTime[0]!
    expect(age).toBeGreaterThanOrEqual(-50)
    expect(age).toBeLessThan(5_000)
    // A screen opened now starts from every tag's last value, steady ones included.
    const snapshot = data(await call('samples:snapshot'))
    expect(new Set(snapshot.tagIndex).size).toBe(tags.length)
    expect(snapshot.value.every((v) => v === null || Number.isFinite(v))).toBe(true)
    // A trend opened now starts with the last minutes of its pens.
    const history = async () => {
      const [series] = data(await call('history:query', { tags: [vibration.name], from: Date.now() - 60_000, to: Date.now() + 1, maxPoints: 10_000, mode: 'raw' }))
      return series!.mode === 'raw' ? { sourceTime: Array.from(series!.t) } : { sourceTime: [] }
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
    const query = async () => data(await call('history:query', { tags: [power.name], from: connectedAt - 3 * 3_600_000, to: Date.now() + 1, maxPoints: 100_000, mode: 'raw' }))[0]!
    // The server's history read at connect goes into the historian as backfill.
    const past = await waitForAsync('the server history in the historian', async () => {
      const series = await query()
      return series.mode === 'raw' && series.t.length > 0 && series.t[0]! < connectedAt - 60 * 60_000 ? series : undefined
    })
    expect(Array.from(past.t)).toEqual([...past.t].sort((a, b) => a - b))
    expect(new Set(past.t).size).toBe(past.t.length)
    // What the server's history covered is no gap; any gap left holds no value, never filled in.
    for (const g of past.gaps) expect(past.t.some((t) => t > g.start && (g.end === null || t < g.end)), `${g.reason} gap ${g.start}–${g.end}`).toBe(false)
  })

  it('raises a limit alarm from a real fault and acknowledges it through the contract', async () => {
    plant.injectFault('CV-101', 'bearing-wear', { timeToFailureS: 3, trip: false })
    const hh = await waitFor('the HH vibration alarm', () => core.handlers && alarmLists.at(-1)?.find((a) => a.id === 'limit:CV-101.Vibration:HH'), 15_000)
    expect(hh).toMatchObject({ state: 'unacknowledged', priority: 1, equipment: 'CV-101', threshold: 11, action: 'inspect bearing' })
    const result = await call('alarms:acknowledge', { ids: [hh.id] })
    expect(result).toEqual({ ok: true, data: { acknowledged: 1 } })
    const listed = data(await call('alarms:list'))
    expect(listed.find((a) => a.id === hh.id)).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'olga' })
    // Audited under the operator's name, in the trail's hash chain.
    expect(core.audit.query({ command: 'alarms:acknowledge' })[0]).toMatchObject({ user: 'olga', result: 'ok', summary: JSON.stringify({ ids: [hh.id] }) })
    expect(core.audit.verify()).toMatchObject({ ok: true })
    plant.resetEquipment('CV-101')
  })

  it('rejects invalid payloads with a typed error and writes nothing', async () => {
    const before = data(await call('maintenance:list'))
    const bad = await call('maintenance:add', { text: '   ', equipment: 'CV-101' })
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    expect(bad.ok ? '' : bad.error.message).toMatch(/maintenance:add: text: a log entry needs text/)
    const extra = await call('maintenance:add', { text: 'x', sql: 'DROP TABLE' } as never)
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    const unknown = await call('maintenance:add', { text: 'x', equipment: 'XX-999' })
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not-found' } })
    expect(data(await call('maintenance:list'))).toEqual(before)
  })

  it('marks maintenance done once, and says so when the entry does not exist', async () => {
    const added = await call('maintenance:add', { text: 'Check CV-101 take-up', equipment: 'CV-101' })
    expect(added.ok).toBe(true)
    const id = added.ok ? (added.data as { id: number }).id : -1
    const done = await call('maintenance:complete', { id })
    expect(done).toMatchObject({ ok: true, data: { id, completedAt: expect.any(Number) } })
    const missing = await call('maintenance:complete', { id: 987_654 })
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

  it('shows what the engine learned per machine, and lets only an engineer reset it, audited', async () => {
    const summaries = data(await call('detection:learned'))
    expect(summaries.map((s) => s.equipment)).toContain('CV-101')
    expect(summaries.find((s) => s.equipment === 'CV-101')).toMatchObject({ mode: expect.stringMatching(/^(stopped|starting|running)$/), runningHours: expect.any(Number) })
    expect(await call('detection:resetLearning', { equipment: 'CV-101' })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    const { call: engineer } = await signedIn(core, 'erik', 'engineer')
    expect(await engineer('detection:resetLearning', { equipment: 'XX-1' })).toMatchObject({ ok: false, error: { code: 'not-found' } })
    expect(await engineer('detection:resetLearning', { equipment: 'CV-101' })).toMatchObject({ ok: true, data: { equipment: 'CV-101' } })
    const after = data(await call('detection:learned')).find((s) => s.equipment === 'CV-101')!
    expect(after.runningHours).toBeLessThan(0.01)
    expect(core.audit.query({ command: 'detection:resetLearning' }).map((r) => [r.user, r.result])).toEqual([
      ['erik', 'ok'],
      ['erik', 'not-found'],
      ['olga', 'forbidden']
    ])
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
      const { call: ask } = await signedIn(core, 'vera', 'viewer')
      const list = await ask('maintenance:list', undefined)
      expect(list.ok).toBe(true)
    } finally {
      await core.dispose()
    }
  })
})
