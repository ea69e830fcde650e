import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SampleBatch } from '../src/shared/contract'
import type { ConnectionState } from '../src/shared/domain'
import { isGoodStatus } from '../src/shared/domain'
import type { TagMap } from '../src/shared/tagMap'
import { createCore, type Core } from '../src/main/core/createCore'
import { silentLogger } from '../src/main/core/logger'
import { loadTagMap, parseTagMap } from '../src/main/core/tagmap/loadTagMap'
import { appPaths } from '../src/main/hosting/appPaths'
import { startDemoPlant, type DemoPlant } from '../src/main/demo-plant'
import { freePort, startQuirkServer, type QuirkServer } from './support/quirkServer'
import { serverHistory } from './support/serverHistory'
import { startTcpProxy, type TcpProxy } from './support/tcpProxy'
import { data, signedIn, type Call } from './support/session'
import { tempDir, waitFor, waitForAsync } from './support/tempDir'

/**
 * Two servers in one tag map, each reached through a relay that the test cuts: the demo
 * plant (historized) for the settings' connection, and a quirk server without history as
 * the tag map's "utility" connection, its tags at two publishing rates.
 */
const PLANT_TAGS = ['CV-101.Running', 'CV-101.Vibration', 'CV-101.MotorTemp', 'CV-101.MotorCurrent', 'PU-401.FlowRate', 'PU-401.DischargePressure']

describe('several servers, subscriptions by rate, and a network outage read back from history', () => {
  const dataDir = tempDir('connections')
  let plant: DemoPlant
  let utility: QuirkServer
  let plantLink: TcpProxy
  let utilityLink: TcpProxy
  let core: Core
  let call: Call
  const batches: SampleBatch[] = []
  const perConnection: ConnectionState[] = []
  const backfilled: Array<{ tags: string[]; from: number; to: number }> = []
  const sessionsSeen: string[] = []

  beforeAll(async () => {
    plant = await startDemoPlant({ port: 0, pkiDir: join(dataDir, 'pki', 'plant') })
    const plantUrl = new URL(plant.endpointUrl)
    plantLink = await startTcpProxy(Number(plantUrl.port))
    utility = await startQuirkServer({
      port: await freePort(),
      pkiDir: join(dataDir, 'pki', 'quirk'),
      updateMs: 100,
      variables: [
        { name: 'U.Fast', dataType: 'Double', value: () => Date.now() % 100_000 },
        { name: 'U.Slow', dataType: 'Double', value: () => Math.floor(Date.now() / 1000) % 1000 }
      ]
    })
    utilityLink = await startTcpProxy(Number(new URL(utility.endpoint).port))
    const base = await loadTagMap(appPaths().defaultTagMap)
    const utilityTag = (name: string, extra: object) => ({ name, nodeId: `nsu=urn:field-case:quirk;s=${name}`, equipment: 'U', euRange: { low: 0, high: 100_000 }, connection: 'utility', ...extra })
    const tagMap: TagMap = parseTagMap({
      ...base,
      equipment: undefined,
      maintenanceRules: undefined,
      connections: [{ name: 'utility', endpoint: utilityLink.endpoint(new URL(utility.endpoint).pathname), securityMode: 'None', securityPolicy: 'None', publishingIntervalMs: 1_000 }],
      // A few plant tags: the demo plant runs in this process, and a loaded machine must not starve it.
      tags: [
        ...base.tags.filter((t) => PLANT_TAGS.includes(t.name)),
        utilityTag('U.Fast', { publishingIntervalMs: 100, samplingIntervalMs: 100 }),
        utilityTag('U.Slow', { dataChangeDeadband: { type: 'absolute', value: 0.5 } })
      ]
    }, 'test map')
    core = await createCore({
      dataDir,
      tagMap,
      logger: silentLogger,
      detection: false,
      warmStartMs: 60_000,
      plant: { securityMode: 'None', securityPolicy: 'None', endpoint: plantLink.endpoint(plantUrl.pathname) }
    })
    core.on('samples:batch', (b) => batches.push(b))
    core.on('connections:changed', (s) => perConnection.push(s))
    core.on('history:backfilled', (b) => backfilled.push(b))
    core.plantConnections()!.get('plant')!.onSession((s) => void sessionsSeen.push(s.sessionId.toString()))
    await waitFor('both connected', () => (core.connections().every((c) => c.state.status === 'connected') ? true : undefined), 60_000)
    ;({ call } = await signedIn(core, 'vera', 'viewer'))
  }, 90_000)

  afterAll(async () => {
    await core?.dispose()
    await plantLink?.close()
    await utilityLink?.close()
    await utility?.stop()
    await plant?.stop()
  })

  it('gives each connection its own state and one subscription per publishing rate', async () => {
    const list = data(await call('connections:list'))
    expect(list.map((c) => [c.name, c.tags, c.state.status])).toEqual([
      ['plant', PLANT_TAGS.length, 'connected'],
      ['utility', 2, 'connected']
    ])
    expect(list[1]!.subscriptions.map((s) => [s.publishingIntervalMs, s.items])).toEqual([
      [100, 1],
      [1_000, 1]
    ])
    expect(sessionsSeen).toHaveLength(1)
    expect(core.plantConnections()!.get('plant')!.session()?.sessionId.toString()).toBe(sessionsSeen[0])
    const fast = core.tags().find((t) => t.name === 'U.Fast')!.index
    await waitFor('fast values', () => (batches.filter((b) => b.tagIndex.includes(fast)).length > 10 ? true : undefined), 10_000)
    // Each tag's server timestamp comes from its own connection, whatever its index there.
    const latest = await waitForAsync('server times of both connections', async () => {
      const answer = data(await call('tags:latest', { tags: ['U.Fast', 'CV-101.Vibration'] }))
      return answer.every((v) => v.serverTime !== null) ? answer : undefined
    })
    for (const v of latest) expect(Date.now() - v.serverTime!, v.tag).toBeLessThan(10_000)
  })

  it('reads the outage back from the server history: nothing missing, no duplicates, in order; a server without history leaves a gap', async () => {
    const names = PLANT_TAGS.filter((n) => core.tags().some((t) => t.name === n))
    expect(names.length).toBeGreaterThan(0)
    const cutAt = Date.now()
    await Promise.all([plantLink.cut(), utilityLink.cut()])
    await waitFor('both connections down', () => (core.connections().every((c) => c.state.status !== 'connected') ? true : undefined), 15_000)
    await new Promise((r) => setTimeout(r, 5_000))
    await Promise.all([plantLink.restore(), utilityLink.restore()])
    await waitFor('both back', () => (core.connections().every((c) => c.state.status === 'connected') ? true : undefined), 60_000)
    const backAt = Date.now()
    // Live values after the reconnection are changes only; the server's history also keeps repeats.
    const resumedAt = core.connections()[0]!.state.since
    await waitFor('the backfill', () => (backfilled.some((b) => b.to >= resumedAt - 1_000) ? true : undefined), 30_000)
    await new Promise((r) => setTimeout(r, 1_500))

    // Everything the server historized during the outage is in Plantwatch's historian, once.
    const truth = await serverHistory(plant.endpointUrl, names.map((n) => core.tags().find((t) => t.name === n)!.nodeId), cutAt - 2_000, resumedAt)
    for (const [k, name] of names.entries()) {
      const [series] = data(await call('history:query', { tags: [name], from: cutAt - 2_000, to: backAt + 1, maxPoints: 100_000, mode: 'raw' }))
      if (series?.mode !== 'raw') throw new Error('raw series expected')
      const stored = new Set(series.t)
      const missing = Array.from(truth[k]!.time).filter((t) => !stored.has(t))
      expect(missing, `${name}: server values missing in the historian`).toEqual([])
      expect(truth[k]!.time.length).toBeGreaterThan(20)
      for (let i = 1; i < series.t.length; i++) expect(series.t[i]!).toBeGreaterThan(series.t[i - 1]!)
      expect(series.gaps.filter((g) => g.start >= cutAt - 2_000), `${name}: a backfilled outage is no gap`).toEqual([])
    }
    expect(backfilled.some((b) => names.every((n) => b.tags.includes(n)))).toBe(true)

    // The server without history: its tags keep the outage as a gap, and the diagnostics say why.
    const utilityInfo = data(await call('connections:list')).find((c) => c.name === 'utility')!
    expect(utilityInfo.lastBackfill?.missingTags).toEqual(['U.Fast', 'U.Slow'])
    expect(utilityInfo.reconnects).toBeGreaterThanOrEqual(1)
    const [fastSeries] = data(await call('history:query', { tags: ['U.Fast'], from: cutAt - 2_000, to: Date.now(), maxPoints: 1000, mode: 'raw' }))
    expect(fastSeries!.gaps.some((g) => g.reason === 'link-lost' && g.end !== null && g.start >= cutAt - 1_000 && g.end >= g.start + 4_000)).toBe(true)

    // The live stream: one numbering, and per tag never back in time.
    for (let i = 1; i < batches.length; i++) expect(batches[i]!.seq).toBe(batches[i - 1]!.seq + 1)
    // (Server values only: a stale mark carries Plantwatch's own time of the loss, not the server's.)
    const lastTime = new Map<number, number>()
    for (const b of batches) {
      b.tagIndex.forEach((tag, k) => {
        if (!isGoodStatus(b.status[k]!)) return
        expect(b.sourceTime[k]!).toBeGreaterThan(lastTime.get(tag) ?? Number.NEGATIVE_INFINITY)
        lastTime.set(tag, b.sourceTime[k]!)
      })
    }
    const fast = core.tags().find((t) => t.name === 'U.Fast')!.index
    expect(batches.some((b) => b.tagIndex.some((t, k) => t === fast && b.sourceTime[k]! > backAt && isGoodStatus(b.status[k]!)))).toBe(true)
    expect(perConnection.some((s) => s.connection === 'utility' && s.status === 'reconnecting')).toBe(true)
  }, 150_000)
})
