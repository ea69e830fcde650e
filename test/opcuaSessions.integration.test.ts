import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { isGoodStatus, STATUS_STALE } from '../src/shared/domain'
import type { ServerCondition } from '../src/shared/serverCondition'
import { createServerConditions } from '../src/main/core/opcua/serverConditions'
import { freePort, startQuirkServer, type QuirkServer, type QuirkVariable } from './support/quirkServer'
import { probePlant, quirkTag, type PlantProbe } from './support/plantProbe'
import { tempDir, waitFor } from './support/tempDir'

// Field cases nsu-stale-after-restart and subscription-lost-silent, and their kind:
// every session is a fresh start, and "connected" means data flows.

const t0 = Date.now()
const temp: QuirkVariable = { name: 'NS.Temp', dataType: 'Double', value: () => 40 + Math.sin((Date.now() - t0) / 3000) }
const level: QuirkVariable = { name: 'NS.Level', dataType: 'Double', value: () => 50 + 5 * Math.sin((Date.now() - t0) / 2000) }
const tags = [quirkTag(0, 'NS.Temp', { limits: { H: 80, HH: 100 } }), quirkTag(1, 'NS.Level')]

// One PKI per side for the whole file: creating a key pair costs seconds.
const serverPki = tempDir('sessions-server')
const clientPki = join(tempDir('sessions-client'), 'pki')
let server: QuirkServer | undefined
let probe: PlantProbe | undefined
afterEach(async () => {
  await probe?.dispose()
  await server?.stop()
  probe = undefined
  server = undefined
})

const goodValues = (p: PlantProbe, index: number): number[] => p.samples[index]!.filter((s) => isGoodStatus(s.status)).map((s) => s.value)

describe.each([
  { decoys: true, what: 'with a decoy node at the old index' },
  { decoys: false, what: 'with nothing at the old index' }
])('namespaces renumbered across a server restart, $what', ({ decoys }) => {
  it('re-resolves nsu= NodeIds on the new session, logs the move, and never shows another node as Good', async () => {
    const port = await freePort()
    const pkiDir = serverPki
    server = await startQuirkServer({ port, pkiDir, variables: [temp, level] })
    probe = await probePlant(server.endpoint, tags, { pkiDir: clientPki })
    await waitFor('values before the restart', () => probe!.goodAfter(0, 0) && probe!.goodAfter(1, 0), 15_000)
    await server.stop()
    server = await startQuirkServer({ port, pkiDir, variables: [temp, level], namespacesBefore: 1, decoys })
    const restarted = Date.now()
    await waitFor('both tags back after the restart', () => probe!.goodAfter(0, restarted) && probe!.goodAfter(1, restarted), 15_000)
    await new Promise((r) => setTimeout(r, 600))
    for (const index of [0, 1]) for (const v of goodValues(probe, index)) expect(v).toBeLessThan(100)
    expect(probe.log.join('\n')).toMatch(/urn:field-case:quirk moved from ns=2 to ns=3/)
    expect(probe.connection.state().status).toBe('connected')
    expect(probe.health.every((h) => h.state === 'good')).toBe(true)
  }, 40_000)
})

describe('the server drops the subscription and keeps the session', () => {
  it('marks the tags stale within the subscription lifetime, says why, re-subscribes, and the values follow again', async () => {
    server = await startQuirkServer({ port: await freePort(), pkiDir: serverPki, variables: [temp] })
    probe = await probePlant(server.endpoint, [tags[0]!], { pkiDir: clientPki })
    await waitFor('first values', () => probe!.goodAfter(0, 0), 15_000)
    const dropped = Date.now()
    server.dropSubscriptions()
    const stale = await waitFor('a stale mark', () => probe!.samples[0]!.find((s) => s.at > dropped && s.status === STATUS_STALE), 10_000)
    // Keep-alive 2 s, lifetime 3 keep-alives (tagSubscription.ts): detected within lifetime + 1 s.
    expect(stale.at - dropped).toBeLessThanOrEqual(7_000)
    expect(probe.states.some((s) => s.status === 'reconnecting' && /no publish response/.test(s.reason ?? ''))).toBe(true)
    expect(probe.log.join('\n')).toMatch(/re-creating the subscription/)
    await waitFor('values again', () => probe!.goodAfter(0, stale.at), 10_000)
    expect(probe.connection.state().status).toBe('connected')
  }, 30_000)
})

describe('the server drops the event subscription of its alarms and keeps the session', () => {
  it('sees it within the subscription lifetime, subscribes again with a refresh, and reports an alarm raised after the drop', async () => {
    server = await startQuirkServer({ port: await freePort(), pkiDir: serverPki, variables: [temp], tripAlarm: true })
    probe = await probePlant(server.endpoint, [tags[0]!], { pkiDir: clientPki })
    const log: string[] = []
    const conditions = createServerConditions({ info: (m) => log.push(m), warn: (m) => log.push(m) })
    const seen: ServerCondition[] = []
    conditions.onCondition((c) => seen.push(c))
    probe.connection.onSession((s) => conditions.attach(s))
    try {
      await waitFor('the first refresh', () => log.find((m) => /server conditions refreshed/.test(m)), 15_000)
      const dropped = Date.now()
      server.dropSubscriptions()
      await waitFor('a new event subscription', () => log.find((m) => /event subscription .*lost.*subscribing again/.test(m)), 10_000)
      // Keep-alive 2 s, lifetime 3 keep-alives, as the tag subscriptions.
      expect(Date.now() - dropped).toBeLessThanOrEqual(8_000)
      await waitFor('the refresh of the new subscription', () => log.filter((m) => /server conditions refreshed/.test(m)).length >= 2, 10_000)
      server.setTripped(true)
      const trip = await waitFor('the TripAlarm', () => seen.find((c) => c.conditionName === 'TripAlarm' && c.active), 10_000)
      expect(trip).toMatchObject({ acked: false, retain: true })
    } finally {
      await conditions.dispose()
    }
  }, 40_000)
})

describe('the server is killed and restarted 10 times while values flow', () => {
  it('comes back each time with Good values, marks each outage stale, and never crashes', async () => {
    const port = await freePort()
    const pkiDir = serverPki
    server = await startQuirkServer({ port, pkiDir, variables: [temp, level], updateMs: 100 })
    probe = await probePlant(server.endpoint, tags, { pkiDir: clientPki })
    await waitFor('first values', () => probe!.goodAfter(0, 0), 15_000)
    for (let round = 0; round < 10; round++) {
      const down = Date.now()
      await server.stop()
      await waitFor(`a stale mark in round ${round + 1}`, () => probe!.samples[0]!.find((s) => s.at >= down && !isGoodStatus(s.status)), 5_000)
      server = await startQuirkServer({ port, pkiDir, variables: [temp, level], updateMs: 100, namespacesBefore: round % 2 })
      const up = Date.now()
      await waitFor(`values after restart ${round + 1}`, () => probe!.goodAfter(0, up) && probe!.goodAfter(1, up), 10_000)
    }
    for (const index of [0, 1]) for (const v of goodValues(probe, index)) expect(v).toBeLessThan(100)
  }, 90_000)
})
