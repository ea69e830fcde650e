import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AttributeIds, ClientMonitoredItemGroup, TimestampsToReturn } from 'node-opcua'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startDemoPlant } from '../../src/main/demo-plant'
import { extraTagIdentifier } from '../../src/main/demo-plant/extraTags'
import { connect, sleep, startTestPlant, type TestClient } from './helpers'

describe('scale mode: --extra-tags 20000', () => {
  let env: Awaited<ReturnType<typeof startTestPlant>>
  let c: TestClient
  beforeAll(async () => {
    env = await startTestPlant({ extraTags: 20_000 })
    c = await connect(env.plant.endpointUrl, env.dir, env.pkiDir)
  })
  afterAll(async () => {
    await c?.close()
    await env?.dispose()
  })

  it('serves all synthetic tags, each changing every update, sampled or exception-based', async () => {
    const last = await c.session.read({ nodeId: `ns=${c.ns};s=${extraTagIdentifier(20_000)}`, attributeId: AttributeIds.Value })
    expect(last.statusCode.isGood()).toBe(true)
    expect(typeof last.value.value).toBe('number')
    const sub = await c.session.createSubscription2({ requestedPublishingInterval: 100, requestedMaxKeepAliveCount: 20, publishingEnabled: true })
    const counts = new Map<string, number>()
    const groups = [0, 100].map((samplingInterval, g) => {
      const items = Array.from({ length: 200 }, (_, k) => ({
        nodeId: `ns=${c.ns};s=${extraTagIdentifier(1 + g * 10_000 + k * 37)}`,
        attributeId: AttributeIds.Value
      }))
      const group = ClientMonitoredItemGroup.create(sub, items, { samplingInterval, queueSize: 10, discardOldest: true }, TimestampsToReturn.Both)
      group.on('changed', () => counts.set(String(samplingInterval), (counts.get(String(samplingInterval)) ?? 0) + 1))
      return group
    })
    await sleep(2000)
    for (const g of groups) await g.terminate()
    await sub.terminate()
    // 200 items × ~10 changes/s × 2 s, minus start-up.
    expect(counts.get('0') ?? 0).toBeGreaterThan(2000)
    expect(counts.get('100') ?? 0).toBeGreaterThan(2000)
  })
})

describe('time compression', () => {
  it('runs the physics N times faster while source timestamps stay wall-clock', async () => {
    const env = await startTestPlant({ speed: 3600 })
    const c = await connect(env.plant.endpointUrl, env.dir, env.pkiDir)
    try {
      env.plant.injectFault('CV-101', 'bearing-wear')
      const t0 = Date.now()
      let running = true
      while (running && Date.now() - t0 < 15_000) {
        await sleep(200)
        running = (await c.session.read({ nodeId: `ns=${c.ns};s=CV-101.Running`, attributeId: AttributeIds.Value })).value.value === true
      }
      // Default bearing wear fails in 5–10 simulated hours: 5–10 s at 3600×.
      expect(running).toBe(false)
      const simS = env.plant.simTimeS()
      expect(simS / ((Date.now() - t0) / 1000)).toBeGreaterThan(2000)
      const dv = await c.session.read({ nodeId: `ns=${c.ns};s=CV-101.MotorTemp`, attributeId: AttributeIds.Value })
      expect(Math.abs(dv.sourceTimestamp!.getTime() - Date.now())).toBeLessThan(1000)
    } finally {
      await c.close()
      await env.dispose()
    }
  })
})

describe('scenario in live mode', () => {
  it('applies scheduled events at their simulated time, and a bad file stops start-up with its position', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pw-scn-'))
    try {
      const file = join(dir, 's.json')
      // 3 simulated hours = 18 s at 600×: time enough, even on a busy machine, to connect and see it running first.
      await writeFile(file, JSON.stringify({ events: [{ at: '3h', equipment: 'CV-102', fault: 'motor-trip' }] }))
      const env = await startTestPlant({ speed: 600, scenario: file })
      const c = await connect(env.plant.endpointUrl, env.dir, env.pkiDir)
      try {
        const running = async (): Promise<unknown> =>
          (await c.session.read({ nodeId: `ns=${c.ns};s=CV-102.Running`, attributeId: AttributeIds.Value })).value.value
        expect(await running()).toBe(true)
        const t0 = Date.now()
        while ((await running()) === true && Date.now() - t0 < 30_000) await sleep(100)
        expect(await running()).toBe(false)
        expect(env.plant.simTimeS()).toBeGreaterThanOrEqual(3 * 3600)
      } finally {
        await c.close()
        await env.dispose()
      }
      await writeFile(file, '{ "events": [\n  { "at": "10m", "equipment": "CV-102", "fault": "motor-trap" }\n] }')
      await expect(startDemoPlant({ port: 0, pkiDir: join(dir, 'pki'), scenario: file })).rejects.toThrow(`${file}:2:`)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 90_000)
})
