import { join } from 'node:path'
import { OPCUAClient, resolveNodeId, type ClientSession, type NodeId } from 'node-opcua'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCertificateManager } from '../src/main/core/opcua/pki'
import { readRecentHistory } from '../src/main/core/opcua/readHistory'
import { resolveNodeIds } from '../src/main/core/opcua/resolveNodeIds'
import { startDemoPlant, type DemoPlant } from '../src/main/demo-plant'
import { tempDir } from './support/tempDir'

describe('reading the recent history of many tags from a real server', () => {
  const dir = tempDir('history')
  let plant: DemoPlant
  let client: OPCUAClient
  let session: ClientSession
  let certificates: Awaited<ReturnType<typeof createCertificateManager>>

  beforeAll(async () => {
    plant = await startDemoPlant({ port: 0, pkiDir: join(dir, 'plant') })
    certificates = await createCertificateManager(join(dir, 'client'))
    client = OPCUAClient.create({ endpointMustExist: false, clientCertificateManager: certificates, connectionStrategy: { maxRetry: 0 } })
    await client.connect(plant.endpointUrl)
    session = await client.createSession()
  })
  afterAll(async () => {
    await session?.close()
    await client?.disconnect()
    await certificates?.dispose()
    await plant?.stop()
  })

  const nodes = async (names: string[]): Promise<NodeId[]> =>
    (await resolveNodeIds(session, names.map((n) => `nsu=urn:plantwatch:demo-mine;s=${n}`))).nodeIds.map((r) => {
      if ('error' in r) throw new Error(r.error.message)
      return r.nodeId
    })

  it('keeps each tag’s newest values within the window, oldest first, and an empty history where there is none', async () => {
    const now = Date.now()
    const ids = [...(await nodes(['CV-101.Power', 'PU-401.DischargePressure'])), resolveNodeId('i=2258')]
    const [power, pressure, clock] = await readRecentHistory(session, ids, { sinceMs: now - 2 * 3_600_000, untilMs: now, maxValuesPerTag: 10_000 })
    // Two hours of the plant's day before start, ten simulated seconds apart.
    expect(power!.time.length).toBeGreaterThanOrEqual(700)
    expect(power!.time[0]!).toBeGreaterThanOrEqual(now - 2 * 3_600_000)
    expect(power!.time[0]!).toBeLessThan(now - 115 * 60_000)
    expect(Array.from(power!.time)).toEqual(Array.from(power!.time).sort((a, b) => a - b))
    expect(pressure!.time.length).toBeGreaterThanOrEqual(700)
    expect(power!.value.every((v) => Number.isFinite(v))).toBe(true)
    expect(clock!.time.length).toBe(0)

    const capped = await readRecentHistory(session, ids.slice(0, 2), { sinceMs: now - 2 * 3_600_000, untilMs: now, maxValuesPerTag: 50 })
    expect(capped.map((h) => h.time.length)).toEqual([50, 50])
    expect(capped[0]!.time.at(-1)).toBe(power!.time.at(-1))
  })
})
