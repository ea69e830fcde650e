import { afterAll, beforeAll, expect, it } from 'vitest'
import { AttributeIds, ClientMonitoredItemGroup, StatusCodes, TimestampsToReturn, type DataValue } from 'node-opcua'
import { TAGS } from '../../src/main/demo-plant'
import { connect, sleep, startTestPlant, type TestClient } from './helpers'

// comms-loss must reach a subscriber, not only a Read: an HMI shows the tag bad only from a
// notification. DR-202 has a tag with a server-side limit alarm (HydraulicPressure), whose
// listener on the node runs before every monitored item's.
const EQUIPMENT = 'DR-202'
const tags = TAGS.filter((t) => t.equipment.id === EQUIPMENT).map((t) => t.name)
let env: Awaited<ReturnType<typeof startTestPlant>>
let c: TestClient
const warnings: string[] = []

beforeAll(async () => {
  env = await startTestPlant({ seed: 5, logger: { info: () => {}, warn: (m) => warnings.push(m) } })
  c = await connect(env.plant.endpointUrl, env.dir, env.pkiDir)
})
afterAll(async () => {
  await c?.close()
  await env?.dispose()
})

async function until(what: string, pred: () => boolean, ms = 5000): Promise<void> {
  const t0 = Date.now()
  while (!pred()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`)
    await sleep(50)
  }
}

it('a subscription gets the Bad status of every tag on comms-loss, and Good again after clearFault', async () => {
  expect(tags).toContain(`${EQUIPMENT}.HydraulicPressure`)
  const sub = await c.session.createSubscription2({ requestedPublishingInterval: 100, requestedMaxKeepAliveCount: 20, publishingEnabled: true })
  const seen = new Map<string, DataValue[]>(tags.map((t) => [t, []]))
  const group = ClientMonitoredItemGroup.create(
    sub,
    tags.map((t) => ({ nodeId: `ns=${c.ns};s=${t}`, attributeId: AttributeIds.Value })),
    { samplingInterval: 0, queueSize: 16, discardOldest: true },
    TimestampsToReturn.Both
  )
  group.on('changed', (item, dv) => seen.get(String(item.itemToMonitor.nodeId.value))!.push(dv))
  const after = (t: string, since: number, good: boolean): DataValue | undefined =>
    seen.get(t)!.find((dv) => dv.sourceTimestamp!.getTime() >= since && dv.statusCode.isGood() === good)
  try {
    await until('a first value of every tag', () => tags.every((t) => seen.get(t)!.length > 0))
    expect(tags.every((t) => seen.get(t)![0]!.statusCode.isGood())).toBe(true)

    const lostAt = Date.now()
    env.plant.injectFault(EQUIPMENT, 'comms-loss')
    await until('Bad on every tag', () => tags.every((t) => after(t, lostAt - 150, false)))
    for (const t of tags) {
      const bad = after(t, lostAt - 150, false)!
      expect(bad.statusCode.value, t).toBe(StatusCodes.BadCommunicationError.value)
      // A new source timestamp: the status changed at the loss, not at the last Good sample.
      const lastGood = seen.get(t)!.findLast((dv) => dv.statusCode.isGood())!
      expect(bad.sourceTimestamp!.getTime(), t).toBeGreaterThan(lastGood.sourceTimestamp!.getTime())
    }
    // Lost comms bring no new samples: nothing but the one Bad notification while it lasts.
    await sleep(600)
    for (const t of tags) {
      const from = after(t, lostAt - 150, false)!.sourceTimestamp!.getTime()
      expect(seen.get(t)!.filter((dv) => dv.sourceTimestamp!.getTime() >= from), t).toHaveLength(1)
    }

    const backAt = Date.now()
    env.plant.clearFault(EQUIPMENT, 'comms-loss')
    await until('Good on every tag again', () => tags.every((t) => after(t, backAt - 150, true)))
    expect(warnings).toEqual([])
  } finally {
    await group.terminate()
    await sub.terminate()
  }
})
