import { join } from 'node:path'
import { makeBrowsePath, resolveNodeId, AttributeIds } from 'node-opcua'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ServerCondition } from '../src/shared/serverCondition'
import { severityToPriority } from '../src/shared/serverCondition'
import { createCore, type Core } from '../src/main/core/createCore'
import { silentLogger } from '../src/main/core/logger'
import { ConditionMethodError } from '../src/main/core/opcua/serverConditions'
import { loadTagMap } from '../src/main/core/tagmap/loadTagMap'
import { appPaths } from '../src/main/hosting/appPaths'
import { connect, startTestPlant, type TestClient } from './demo-plant/helpers'
import { freePort } from './support/quirkServer'
import { signedIn, data } from './support/session'
import { tempDir, waitFor } from './support/tempDir'

// Item 11 (server Alarms & Conditions) and item 13 (diagnostics) through the core, against the
// demo plant's own conditions on 127.0.0.1.

let env: Awaited<ReturnType<typeof startTestPlant>>
let port: number
let core: Core
let probe: TestClient
const seen: ServerCondition[] = []
const dataDir = tempDir('conditions')

/** The newest report of a condition that matches. */
const latest = (pred: (c: ServerCondition) => boolean) => () => seen.findLast(pred)
const trip = (c: ServerCondition): boolean => c.sourceName === 'CV-103' && c.conditionName === 'TripAlarm'

/** A condition's state variable read on the server itself (not from our events). */
async function serverState(conditionId: string, path: string): Promise<unknown> {
  const result = await probe.session.translateBrowsePath(makeBrowsePath(resolveNodeId(conditionId), path))
  const nodeId = result.targets?.[0]?.targetId
  if (!nodeId) throw new Error(`${conditionId} has no ${path}`)
  return (await probe.session.read({ nodeId, attributeId: AttributeIds.Value })).value.value
}

beforeAll(async () => {
  port = await freePort()
  env = await startTestPlant({ seed: 1, port })
  // Raised before Plantwatch connects: only ConditionRefresh can tell us about it.
  env.plant.injectFault('CV-103', 'motor-trip')
  const map = await loadTagMap(appPaths().defaultTagMap)
  const tagMap = { ...map, equipment: undefined, tags: map.tags.filter((t) => t.equipment === 'CV-101') }
  core = await createCore({ dataDir, tagMap, logger: silentLogger, detection: false, warmStartMs: 0, plant: { securityMode: 'None', securityPolicy: 'None', endpoint: env.plant.endpointUrl } })
  core.serverConditions.onCondition((c) => seen.push(c))
  probe = await connect(env.plant.endpointUrl, env.dir, env.pkiDir)
}, 60_000)
afterAll(async () => {
  await probe?.close()
  await core?.dispose()
  await env?.dispose()
})

describe('server conditions', () => {
  it('reports a condition raised before connecting (ConditionRefresh on connect), with the fields the alarm list needs', async () => {
    const c = await waitFor('the TripAlarm of CV-103', latest((x) => trip(x) && x.active), 30_000)
    expect(c).toMatchObject({ sourceName: 'CV-103', active: true, acked: false, confirmed: false, shelved: false, retain: true, severity: 800 })
    expect(c.conditionId).toMatch(/s=CV-103\.TripAlarm$/)
    expect(c.sourceNode).toMatch(/CV-103/)
    expect(Buffer.from(c.eventId, 'base64').length).toBeGreaterThan(0)
    expect(c.time).toBeGreaterThan(Date.now() - 120_000)
    expect(severityToPriority(c.severity)).toBe(2)
    expect(core.serverConditions.list().some((x) => x.conditionId === c.conditionId)).toBe(true)
  }, 40_000)

  it('acknowledges with the operator\'s comment, confirms, comments and shelves through the condition\'s methods, changing it on the server', async () => {
    const c = await waitFor('the TripAlarm', latest((x) => trip(x) && x.active))
    await core.serverConditions.acknowledge(c.conditionId, 'belt inspected', 'olga')
    const acked = await waitFor('acked', latest((x) => trip(x) && x.acked))
    expect(acked.comment).toBe('olga: belt inspected')
    expect(await serverState(c.conditionId, '.AckedState.Id')).toBe(true)

    // A shelving time beyond the alarm's MaxTimeShelved (8 h in the demo plant) is the server's to refuse, and it says why.
    const tooLong = await core.serverConditions.shelve(c.conditionId, 'timed', 9 * 3_600_000).catch((e: unknown) => e)
    expect(tooLong).toBeInstanceOf(ConditionMethodError)
    expect((tooLong as ConditionMethodError).statusCode).toBe('BadShelvingTimeOutOfRange')

    await core.serverConditions.addComment(c.conditionId, 'fitter on the way', 'olga')
    await waitFor('the comment', latest((x) => trip(x) && x.comment === 'olga: fitter on the way'))
    await core.serverConditions.confirm(c.conditionId, 'repaired', 'olga')
    await waitFor('confirmed', latest((x) => trip(x) && x.confirmed === true))
    expect(await serverState(c.conditionId, '.ConfirmedState.Id')).toBe(true)

    await core.serverConditions.shelve(c.conditionId, 'timed', 60_000)
    await waitFor('shelved', latest((x) => trip(x) && x.shelved === true))
    expect(await serverState(c.conditionId, '.ShelvingState.CurrentState')).toMatchObject({ text: 'TimedShelved' })
    await core.serverConditions.unshelve(c.conditionId)
    await waitFor('unshelved', latest((x) => trip(x) && x.shelved === false && x.confirmed === true))
    await expect(core.serverConditions.shelve(c.conditionId, 'timed', 0)).rejects.toThrow(/duration above 0/)

    // Back to normal, acknowledged and confirmed: the server no longer retains it, and it leaves the list.
    env.plant.resetEquipment('CV-103')
    const cleared = await waitFor('the trip cleared', latest((x) => trip(x) && !x.active))
    expect(cleared.retain).toBe(false)
    await waitFor('dropped from the list', () => (core.serverConditions.list().some((x) => x.conditionId === c.conditionId) ? undefined : true)).catch((e: Error) => {
      throw new Error(`${e.message}: ${JSON.stringify(seen.filter(trip).slice(-4).map(({ active, acked, confirmed, retain, message }) => ({ active, acked, confirmed, retain, message })))}`)
    })
  }, 60_000)
})

describe('diagnostics:get', () => {
  it('describes the connection: state and since, security, session, subscriptions, items, notifications/s, reconnects, last error', async () => {
    const { call } = await signedIn(core, 'vic', 'viewer')
    await new Promise((r) => setTimeout(r, 2_500))
    const d = data(await call('diagnostics:get', undefined)).connections![0]!
    expect(d).toMatchObject({ endpoint: env.plant.endpointUrl, status: 'connected', securityMode: 'None', securityPolicy: 'None', reconnects: 0, lastError: null })
    expect(d.since).toBeLessThanOrEqual(Date.now())
    expect(d.session?.sessionId).toMatch(/\S/)
    // The tags' subscription and the event subscription of the server conditions.
    expect(d.subscriptions.length).toBe(2)
    expect(d.subscriptions.map((s) => s.monitoredItems).sort((a, b) => a - b)).toEqual([1, core.tags().length])
    expect(d.items).toMatchObject({ total: core.tags().length, good: core.tags().length, error: 0, problems: [] })
    expect(d.notificationsPerS).toBeGreaterThan(0)
    expect(d.peerCertificate?.thumbprint).toMatch(/^[0-9a-f]{40}$/)
  }, 30_000)
})

describe('after the server restarts', () => {
  it('refreshes on the new session: a condition active on the restarted server is reported', async () => {
    await probe.close()
    await env.dispose()
    env = await startTestPlant({ seed: 2, port })
    env.plant.injectFault('CV-102', 'motor-trip')
    probe = await connect(env.plant.endpointUrl, env.dir, env.pkiDir)
    const c = await waitFor('the TripAlarm of CV-102 from the new server', () => core.serverConditions.list().find((x) => x.sourceName === 'CV-102' && x.active), 60_000)
    expect(c).toMatchObject({ conditionName: 'TripAlarm', acked: false, retain: true })
    await core.serverConditions.acknowledge(c.conditionId, 'after restart', 'olga')
    expect(await serverState(c.conditionId, '.AckedState.Id')).toBe(true)
    const { call } = await signedIn(core, 'vic', 'viewer')
    const d = data(await call('diagnostics:get', undefined)).connections![0]!
    expect(d.reconnects).toBeGreaterThanOrEqual(1)
    expect(d.lastError?.message).toMatch(/\S/)
    expect(d.lastError!.at).toBeLessThanOrEqual(Date.now())
  }, 90_000)
})
