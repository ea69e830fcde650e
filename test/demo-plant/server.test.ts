import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  AttributeIds,
  BrowseDirection,
  DataType,
  StatusCodes,
  TimestampsToReturn,
  ClientMonitoredItemGroup,
  ReadRawModifiedDetails,
  HistoryReadRequest,
  HistoryData,
  type HistoryReadResponse,
  type HistoryReadResult,
  type ClientSubscription,
  type DataValue
} from 'node-opcua'
import { EQUIPMENT, TAGS } from '../../src/main/demo-plant/model'
import { connect, sleep, startTestPlant, type TestClient } from './helpers'

let env: Awaited<ReturnType<typeof startTestPlant>>
let c: TestClient
const id = (s: string): string => `ns=${c.ns};s=${s}`

beforeAll(async () => {
  env = await startTestPlant({ seed: 1 })
  c = await connect(env.plant.endpointUrl, env.dir, env.pkiDir)
})
afterAll(async () => {
  await c?.close()
  await env?.dispose()
})

async function call(method: string, ...args: string[]): Promise<{ status: string; message: string }> {
  const r = await c.session.call({
    objectId: id('DemoMine'),
    methodId: id(`DemoMine.${method}`),
    inputArguments: args.map((value) => ({ dataType: DataType.String, value }))
  })
  return { status: r.statusCode.name, message: String(r.outputArguments?.[0]?.value ?? '') }
}

async function read(tag: string): Promise<DataValue> {
  return c.session.read({ nodeId: id(tag), attributeId: AttributeIds.Value })
}

describe('demo plant over OPC UA', () => {
  it('serves the asset model: areas, equipment, units, ranges and descriptions', async () => {
    const site = await c.session.browse({ nodeId: id('DemoMine'), browseDirection: BrowseDirection.Forward, resultMask: 0x3f })
    const names = site.references?.map((r) => r.browseName.name) ?? []
    for (const area of ['Conveyors', 'Drills', 'Crushing', 'Dewatering', 'Energy', 'InjectFault', 'ClearFault', 'ResetEquipment']) {
      expect(names).toContain(area)
    }
    for (const eq of EQUIPMENT) {
      const r = await c.session.browse({ nodeId: id(eq.id), browseDirection: BrowseDirection.Forward, resultMask: 0x3f })
      const vars = r.references?.map((x) => x.browseName.name) ?? []
      for (const v of eq.variables) expect(vars, `${eq.id}`).toContain(v.name)
    }
    const analog = TAGS.filter((t) => !t.variable.boolean)
    for (const tag of analog) {
      const props = await c.session.browse({ nodeId: id(tag.name), browseDirection: BrowseDirection.Forward, resultMask: 0x3f })
      const byName = new Map(props.references?.map((r) => [r.browseName.name, r.nodeId]) ?? [])
      const [range, units, desc] = await c.session.read([
        { nodeId: byName.get('EURange')!, attributeId: AttributeIds.Value },
        { nodeId: byName.get('EngineeringUnits')!, attributeId: AttributeIds.Value },
        { nodeId: id(tag.name), attributeId: AttributeIds.Description }
      ])
      expect(range!.value.value, tag.name).toMatchObject(tag.variable.euRange)
      expect(units!.value.value.displayName.text ?? '', tag.name).toBe(tag.variable.unit)
      expect(String(desc!.value.value.text)).toBe(tag.variable.description)
    }
    const hist = await c.session.read({ nodeId: id('CV-101.MotorTemp'), attributeId: AttributeIds.Historizing })
    expect(hist.value.value).toBe(true)
  })

  it('changes CV-101 values every update with wall-clock source timestamps', async () => {
    const sub: ClientSubscription = await c.session.createSubscription2({
      requestedPublishingInterval: 100,
      requestedMaxKeepAliveCount: 20,
      publishingEnabled: true
    })
    const tags = ['MotorTemp', 'Vibration', 'LubeLevel', 'Running', 'Power'].map((v) => `CV-101.${v}`)
    const seen = new Map<string, DataValue[]>()
    const group = ClientMonitoredItemGroup.create(
      sub,
      tags.map((t) => ({ nodeId: id(t), attributeId: AttributeIds.Value })),
      { samplingInterval: 0, queueSize: 100, discardOldest: true },
      TimestampsToReturn.Both
    )
    group.on('changed', (item, dv) => {
      const key = String(item.itemToMonitor.nodeId.value)
      seen.set(key, [...(seen.get(key) ?? []), dv])
    })
    await sleep(1500)
    await group.terminate()
    await sub.terminate()
    for (const v of ['CV-101.MotorTemp', 'CV-101.Vibration', 'CV-101.Power']) {
      const dvs = seen.get(v) ?? []
      expect(dvs.length, v).toBeGreaterThanOrEqual(5)
      for (const dv of dvs) {
        expect(dv.statusCode.value).toBe(StatusCodes.Good.value)
        expect(Math.abs(dv.sourceTimestamp!.getTime() - dv.serverTimestamp!.getTime())).toBeLessThan(1000)
      }
    }
    const running = seen.get('CV-101.Running')?.[0]
    expect(running?.value.value).toBe(true)
    const temp = (seen.get('CV-101.MotorTemp') ?? [])[0]!.value.value as number
    expect(temp).toBeGreaterThan(20)
    expect(temp).toBeLessThan(90)
  })

  it('InjectFault drives CV-101 vibration past 11 mm/s within 5 s, ClearFault/ResetEquipment restore it', async () => {
    expect((await read('CV-101.Vibration')).value.value).toBeLessThan(7.1)
    expect(await call('InjectFault', 'CV-101', 'bearing-wear', '{"timeToFailureS": 3, "trip": false}')).toEqual({ status: 'Good', message: 'ok' })
    const t0 = Date.now()
    let v = 0
    while (Date.now() - t0 < 5000 && v < 11) {
      await sleep(100)
      v = (await read('CV-101.Vibration')).value.value as number
    }
    expect(v).toBeGreaterThanOrEqual(11)
    expect((await read('CV-101.Running')).value.value).toBe(true)
    expect(await call('ClearFault', 'CV-101', 'bearing-wear')).toEqual({ status: 'Good', message: 'ok' })
    await sleep(300)
    expect((await read('CV-101.Vibration')).value.value).toBeLessThan(7.1)
  })

  it('a tripping fault stops the equipment until ResetEquipment', async () => {
    expect((await call('InjectFault', 'CV-102', 'motor-trip', '')).status).toBe('Good')
    await sleep(300)
    expect((await read('CV-102.Running')).value.value).toBe(false)
    expect((await read('CV-102.Power')).value.value).toBe(0)
    expect((await call('ResetEquipment', 'CV-102')).status).toBe('Good')
    await sleep(300)
    expect((await read('CV-102.Running')).value.value).toBe(true)
  })

  it('comms-loss makes every node of the equipment Bad; clear restores Good', async () => {
    env.plant.injectFault('PU-401', 'comms-loss')
    await sleep(300)
    for (const v of ['Running', 'DischargePressure', 'Power']) {
      expect((await read(`PU-401.${v}`)).statusCode.isGood()).toBe(false)
    }
    expect((await read('PU-402.Power')).statusCode.isGood()).toBe(true)
    env.plant.clearFault('PU-401', 'comms-loss')
    await sleep(300)
    expect((await read('PU-401.Power')).statusCode.isGood()).toBe(true)
  })

  it('refuses bad fault calls with a Bad status that names the problem, and keeps serving', async () => {
    const unknownEq = await call('InjectFault', 'CV-999', 'bearing-wear', '{}')
    expect(unknownEq.status).toBe('BadInvalidArgument')
    expect(unknownEq.message).toContain('CV-999')
    const unknownFault = await call('InjectFault', 'CV-101', 'gremlins', '{}')
    expect(unknownFault.status).toBe('BadInvalidArgument')
    expect(unknownFault.message).toContain('gremlins')
    const badJson = await call('InjectFault', 'CV-101', 'bearing-wear', '{oops')
    expect(badJson.message).toMatch(/JSON/)
    const badParam = await call('InjectFault', 'CV-101', 'bearing-wear', '{"timeToFailureS": -1}')
    expect(badParam.message).toContain('timeToFailureS')
    const wrongKind = await call('InjectFault', 'EM-500', 'bearing-wear', '{}')
    expect(wrongKind.message).toContain('EM-500')
    expect((await call('ClearFault', 'XX-1', 'bearing-wear')).message).toContain('XX-1')
    expect((await call('ResetEquipment', '')).status).toBe('BadInvalidArgument')
    expect(() => env.plant.injectFault('CV-101', 'nope')).toThrow(/nope/)
    expect(() => env.plant.injectFault('NOPE-1', 'motor-trip')).toThrow(/NOPE-1/)
    expect((await read('CV-101.MotorTemp')).statusCode.isGood()).toBe(true)
  })

  it('survives malformed method calls and writes', async () => {
    const tooFew = await c.session.call({ objectId: id('DemoMine'), methodId: id('DemoMine.InjectFault'), inputArguments: [] })
    expect(tooFew.statusCode.isGood()).toBe(false)
    const wrongType = await c.session.call({
      objectId: id('DemoMine'),
      methodId: id('DemoMine.InjectFault'),
      inputArguments: [1, 2, 3].map((value) => ({ dataType: DataType.Int32, value }))
    })
    expect(wrongType.statusCode.isGood()).toBe(false)
    const huge = await call('InjectFault', 'CV-101', 'bearing-wear', JSON.stringify({ timeToFailureS: 1e300 }))
    expect(huge.status).toBe('BadInvalidArgument')
    const array = await call('InjectFault', 'CV-101', 'bearing-wear', '[1,2]')
    expect(array.message).toMatch(/JSON object/)
    const write = await c.session.write({ nodeId: id('CV-101.MotorTemp'), attributeId: AttributeIds.Value, value: { value: { dataType: DataType.Double, value: 1 } } })
    expect(write.isGood()).toBe(false)
    expect((await read('CV-101.MotorTemp')).statusCode.isGood()).toBe(true)
  })

  it('HistoryRead (raw) serves the last 24 simulated hours, including the values it served live', async () => {
    const live = await read('CV-101.Power')
    await sleep(250)
    const end = new Date()
    const start = new Date(end.getTime() - 25 * 3600 * 1000)
    const res = await c.session.historyRead(
      new HistoryReadRequest({
        historyReadDetails: new ReadRawModifiedDetails({ isReadModified: false, startTime: start, endTime: end, numValuesPerNode: 0, returnBounds: false }),
        nodesToRead: [{ nodeId: id('CV-101.Power') }],
        timestampsToReturn: TimestampsToReturn.Source
      })
    )
    const result = res.results![0]!
    expect(result.statusCode.isGood()).toBe(true)
    const values = (result.historyData as HistoryData).dataValues!
    const firstMs = values[0]!.sourceTimestamp!.getTime()
    expect(end.getTime() - firstMs).toBeGreaterThan(23.9 * 3600 * 1000)
    expect(values.length).toBeGreaterThan(1440)
    const match = values.find((dv) => dv.sourceTimestamp!.getTime() === live.sourceTimestamp!.getTime())
    expect(match?.value.value).toBe(live.value.value)
  })

  it('HistoryRead pages with numValuesPerNode and continuation points, newest first when asked', async () => {
    const end = new Date()
    const start = new Date(end.getTime() - 2 * 3600 * 1000)
    const details = (numValuesPerNode: number) =>
      new ReadRawModifiedDetails({ isReadModified: false, startTime: start, endTime: end, numValuesPerNode, returnBounds: false })
    const all = await c.session.historyRead(
      new HistoryReadRequest({ historyReadDetails: details(0), nodesToRead: [{ nodeId: id('CR-301.BearingTemp') }], timestampsToReturn: TimestampsToReturn.Source })
    )
    const total = (all.results![0]!.historyData as HistoryData).dataValues!.length
    expect(total).toBeGreaterThan(100)
    let continuationPoint: Buffer | undefined
    let pages = 0
    let got = 0
    do {
      const res: HistoryReadResponse = await c.session.historyRead(
        new HistoryReadRequest({
          historyReadDetails: details(50),
          nodesToRead: [{ nodeId: id('CR-301.BearingTemp'), ...(continuationPoint ? { continuationPoint } : {}) }],
          timestampsToReturn: TimestampsToReturn.Source
        })
      )
      const r: HistoryReadResult = res.results![0]!
      got += (r.historyData as HistoryData).dataValues!.length
      continuationPoint = r.continuationPoint ?? undefined
      pages++
    } while (continuationPoint && continuationPoint.length > 0 && pages < 100)
    expect(pages).toBeGreaterThan(1)
    expect(got).toBeGreaterThanOrEqual(total)
    const reversed = await c.session.historyRead(
      new HistoryReadRequest({
        historyReadDetails: new ReadRawModifiedDetails({ isReadModified: false, endTime: end, numValuesPerNode: 5, returnBounds: false }),
        nodesToRead: [{ nodeId: id('CR-301.BearingTemp') }],
        timestampsToReturn: TimestampsToReturn.Source
      })
    )
    const newest = (reversed.results![0]!.historyData as HistoryData).dataValues!
    expect(newest).toHaveLength(5)
    expect(newest[0]!.sourceTimestamp!.getTime()).toBeGreaterThan(newest[4]!.sourceTimestamp!.getTime())
  })
})
