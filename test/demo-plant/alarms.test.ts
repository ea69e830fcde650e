import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  AttributeIds,
  ClientMonitoredItem,
  DataType,
  TimestampsToReturn,
  constructEventFilter,
  makeBrowsePath,
  resolveNodeId,
  type ClientSubscription,
  type NodeId,
  type Variant
} from 'node-opcua'
import { connect, sleep, startTestPlant, type TestClient } from './helpers'

let env: Awaited<ReturnType<typeof startTestPlant>>
let c: TestClient
let sub: ClientSubscription
interface Ev {
  eventId: Buffer
  sourceName: string
  conditionName: string
  active: boolean
  acked: boolean
  confirmed: boolean | null
  conditionId: NodeId
  eventType: string
}
const events: Ev[] = []
const FIELDS = ['EventId', 'SourceName', 'ConditionName', 'ActiveState.Id', 'AckedState.Id', 'ConfirmedState.Id', 'ConditionId', 'EventType']
const id = (s: string): string => `ns=${c.ns};s=${s}`

async function waitFor(pred: (e: Ev) => boolean, ms = 4000): Promise<Ev> {
  const t0 = Date.now()
  for (;;) {
    const hit = events.find(pred)
    if (hit) return hit
    if (Date.now() - t0 > ms) throw new Error(`no matching event; saw ${events.map((e) => `${e.sourceName}/${e.conditionName}/${e.active}`).join(', ')}`)
    await sleep(50)
  }
}

beforeAll(async () => {
  env = await startTestPlant({ seed: 1 })
  c = await connect(env.plant.endpointUrl, env.dir, env.pkiDir)
  sub = await c.session.createSubscription2({ requestedPublishingInterval: 100, requestedMaxKeepAliveCount: 20, publishingEnabled: true })
  const item = ClientMonitoredItem.create(
    sub,
    { nodeId: resolveNodeId('Server'), attributeId: AttributeIds.EventNotifier },
    { samplingInterval: 0, queueSize: 1000, discardOldest: true, filter: constructEventFilter(FIELDS) },
    TimestampsToReturn.Neither
  )
  item.on('changed', (fields: unknown) => {
    const f = fields as Variant[]
    const val = (i: number): unknown => f[i]?.value
    events.push({
      eventId: val(0) as Buffer,
      sourceName: String(val(1)),
      conditionName: String(val(2)),
      active: val(3) === true,
      acked: val(4) === true,
      confirmed: (val(5) as boolean | null) ?? null,
      conditionId: val(6) as NodeId,
      eventType: String(val(7))
    })
  })
  await sleep(300)
})
afterAll(async () => {
  await sub?.terminate().catch(() => {})
  await c?.close()
  await env?.dispose()
})

describe('server-side alarms & conditions', () => {
  it('a trip raises the equipment OffNormal TripAlarm; acknowledge and confirm work', async () => {
    env.plant.injectFault('CV-103', 'motor-trip')
    const ev = await waitFor((e) => e.sourceName === 'CV-103' && e.conditionName === 'TripAlarm' && e.active)
    expect(ev.acked).toBe(false)
    const ack = await c.session.acknowledgeCondition(ev.conditionId, ev.eventId, 'seen by test')
    expect(ack.name).toBe('Good')
    const acked = await waitFor((e) => e.sourceName === 'CV-103' && e.conditionName === 'TripAlarm' && e.acked)
    const confirm = await c.session.confirmCondition(acked.conditionId, acked.eventId, 'fixed')
    expect(confirm.name).toBe('Good')
    await waitFor((e) => e.sourceName === 'CV-103' && e.conditionName === 'TripAlarm' && e.confirmed === true)
    env.plant.resetEquipment('CV-103')
    await waitFor((e) => e.sourceName === 'CV-103' && e.conditionName === 'TripAlarm' && !e.active)
  })

  it('a pressure surge raises the ExclusiveLimitAlarm, which ConditionRefresh reports and one-shot shelving accepts', async () => {
    // Pick whichever pressure-bearing machine is running right now.
    let target = ''
    for (const eq of ['DR-201', 'DR-202', 'PU-401', 'PU-402']) {
      const dv = await c.session.read({ nodeId: id(`${eq}.Running`), attributeId: AttributeIds.Value })
      if (dv.value.value === true) {
        target = eq
        break
      }
    }
    expect(target).not.toBe('')
    const variable = target.startsWith('DR') ? 'HydraulicPressure' : 'DischargePressure'
    env.plant.injectFault(target, 'pressure-surge', { timeToFailureS: 2, trip: false })
    const ev = await waitFor((e) => e.sourceName === target && e.conditionName === `${variable}Alarm` && e.active, 6000)

    const before = events.length
    const refresh = await c.session.call({
      objectId: resolveNodeId('ConditionType'),
      methodId: resolveNodeId('ConditionType_ConditionRefresh'),
      inputArguments: [{ dataType: DataType.UInt32, value: sub.subscriptionId }]
    })
    expect(refresh.statusCode.name).toBe('Good')
    await sleep(500)
    const refreshed = events.slice(before)
    expect(refreshed.some((e) => e.eventType.endsWith('i=2787'))).toBe(true) // RefreshStartEventType
    expect(refreshed.some((e) => e.sourceName === target && e.conditionName === `${variable}Alarm` && e.active)).toBe(true)

    const path = await c.session.translateBrowsePath(makeBrowsePath(ev.conditionId, '.ShelvingState.OneShotShelve'))
    const shelvingPath = await c.session.translateBrowsePath(makeBrowsePath(ev.conditionId, '.ShelvingState'))
    const methodId = path.targets?.[0]?.targetId
    const objectId = shelvingPath.targets?.[0]?.targetId
    expect(methodId).toBeDefined()
    const shelve = await c.session.call({ objectId: objectId!, methodId: methodId!, inputArguments: [] })
    expect(shelve.statusCode.name).toBe('Good')
    env.plant.clearFault(target, 'pressure-surge')
  })
})

describe('alarms in normal operation', () => {
  // A plant and a client started on a loaded 2-core machine take a while before the 8 s watch.
  it('planned stops and starts (drill tramming, pump duty) raise no TripAlarm', async () => {
    const fast = await startTestPlant({ seed: 3, speed: 1200 })
    const fc = await connect(fast.plant.endpointUrl, fast.dir, fast.pkiDir)
    const fastSub = await fc.session.createSubscription2({ requestedPublishingInterval: 100, requestedMaxKeepAliveCount: 20, publishingEnabled: true })
    const seen: string[] = []
    const transitions = new Set<string>()
    try {
      const item = ClientMonitoredItem.create(
        fastSub,
        { nodeId: resolveNodeId('Server'), attributeId: AttributeIds.EventNotifier },
        { samplingInterval: 0, queueSize: 1000, discardOldest: true, filter: constructEventFilter(['SourceName', 'ConditionName', 'ActiveState.Id']) },
        TimestampsToReturn.Neither
      )
      item.on('changed', (fields: unknown) => {
        const f = fields as Variant[]
        if (f[2]?.value === true) seen.push(`${String(f[0]?.value)}/${String(f[1]?.value)}`)
      })
      const running = ClientMonitoredItem.create(
        fastSub,
        { nodeId: `ns=${fc.ns};s=DR-201.Running`, attributeId: AttributeIds.Value },
        { samplingInterval: 0, queueSize: 100, discardOldest: true },
        TimestampsToReturn.Neither
      )
      running.on('changed', (dv) => transitions.add(String(dv.value.value)))
      // 8 s at 1200× is 160 simulated minutes: several drill cycles and pump starts.
      await sleep(8000)
      expect(transitions).toEqual(new Set(['true', 'false']))
      expect(seen.filter((s) => s.endsWith('/TripAlarm'))).toEqual([])
    } finally {
      await fastSub.terminate().catch(() => {})
      await fc.close()
      await fast.dispose()
    }
  }, 60_000)
})
