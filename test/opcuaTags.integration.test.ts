import { join } from 'node:path'
import { OPCUAClient, resolveNodeId, StatusCodes, VariantArrayType } from 'node-opcua'
import { createCertificateManager } from '../src/main/core/opcua/pki'
import { createTagSubscription } from '../src/main/core/opcua/tagSubscription'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isGoodStatus, type TagHealth } from '../src/shared/domain'
import { SampleBatchSchema } from '../src/shared/contract'
import { summaryFixture } from '../src/main/core/alarms/testFixtures'
import { createLimitAlarms } from '../src/main/core/alarms/limitAlarms'
import { freePort, startQuirkServer, type QuirkServer, type QuirkVariable } from './support/quirkServer'
import { probePlant, quirkTag, type PlantProbe } from './support/plantProbe'
import { tempDir, waitFor } from './support/tempDir'

// Field cases unknown-node-silent, int64-shown-as-bad and max-monitored-items-per-call, and
// their kinds: per-tag health, every data type, operation limits, quality and time.

let n = 14_084
const counter = setInterval(() => n++, 200)
const k = (): number => n % 3
const variables: QuirkVariable[] = [
  { name: 'Q.Good', dataType: 'Double', value: () => 50 + k() },
  { name: 'Q.BadSensor', dataType: 'Double', value: () => 150 + k(), status: () => StatusCodes.BadSensorFailure },
  { name: 'PX.Int64', dataType: 'Int64', value: () => [0, n] },
  { name: 'PX.NegInt64', dataType: 'Int64', value: () => [0xffffffff, 0xfffffffb] },
  { name: 'PX.UInt64', dataType: 'UInt64', value: () => [0, n] },
  // 2^54 + an odd number: never exact in a double (an even n would sometimes be).
  { name: 'PX.HugeUInt64', dataType: 'UInt64', value: () => [0x00400000, 2 * n + 1] },
  { name: 'PX.Int32', dataType: 'Int32', value: () => n },
  { name: 'PX.Float', dataType: 'Float', value: () => n / 128 },
  { name: 'PX.Bool', dataType: 'Boolean', value: () => n % 2 === 0 },
  { name: 'PX.String', dataType: 'String', value: () => String(n / 100) },
  { name: 'PX.Text', dataType: 'String', value: () => `running ${k()}` },
  { name: 'PX.Bytes', dataType: 'ByteString', value: () => Buffer.from([1, 2, k()]) },
  { name: 'PX.Array', dataType: 'Double', arrayType: VariantArrayType.Array, value: () => new Float64Array([1, 2, k()]) },
  { name: 'PX.NaN', dataType: 'Double', value: () => Number.NaN },
  { name: 'PX.Inf', dataType: 'Double', value: () => (k() ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY) },
  { name: 'TS.Backwards', dataType: 'Double', value: () => 20 + k(), sourceTime: () => new Date(Date.UTC(2026, 0, 1) - n * 1000) },
  { name: 'TS.Ahead', dataType: 'Double', value: () => 30 + k(), sourceTime: () => new Date(Date.now() + 3_600_000) }
]
const names = [...variables.map((v) => v.name), 'Q.Missing', 'Q.TypoNs']
const tags = names.map((name, i) =>
  quirkTag(i, name, {
    limits: name.startsWith('Q.') ? { H: 80, HH: 100 } : {},
    ...(name === 'Q.Missing' ? { nodeId: 'nsu=urn:field-case:quirk;s=Q.DoesNotExist' } : {}),
    ...(name === 'Q.TypoNs' ? { nodeId: 'nsu=urn:field-case:quirck;s=Q.Good' } : {})
  })
)
const at = (name: string): number => names.indexOf(name)

const serverPki = tempDir('tags-server')
let server: QuirkServer
let probe: PlantProbe
const healthOf = (name: string): TagHealth => probe.health[at(name)]!
const lastOf = (name: string) => probe.last(at(name))

beforeAll(async () => {
  server = await startQuirkServer({ port: await freePort(), pkiDir: serverPki, variables })
  probe = await probePlant(server.endpoint, tags)
  await waitFor('every healthy tag to report', () => (['PX.Inf', 'PX.Text', 'TS.Ahead', 'Q.BadSensor', 'PX.HugeUInt64'].every((t) => lastOf(t)) && probe.health.length ? true : undefined), 15_000)
  await new Promise((r) => setTimeout(r, 1_000))
}, 30_000)
afterAll(async () => {
  clearInterval(counter)
  await probe?.dispose()
  await server?.stop()
})

describe('per-tag health: one bad tag never stops the others', () => {
  it('names the unknown node and the unknown namespace with their codes, and keeps every other tag flowing', () => {
    expect(probe.connection.state().status).toBe('connected')
    expect(healthOf('Q.Missing')).toMatchObject({ state: 'error', code: 'BadNodeIdUnknown', nodeId: 'nsu=urn:field-case:quirk;s=Q.DoesNotExist' })
    expect(healthOf('Q.TypoNs')).toMatchObject({ state: 'error', code: 'UnknownNamespaceUri' })
    expect(healthOf('Q.TypoNs').message).toContain('urn:field-case:quirck')
    expect(healthOf('Q.Good').state).toBe('good')
    expect(lastOf('Q.Good')!.value).toBeGreaterThanOrEqual(50)
    const log = probe.log.join('\n')
    expect(log).toMatch(/tag Q\.Missing \(nsu=urn:field-case:quirk;s=Q\.DoesNotExist\): error BadNodeIdUnknown/)
    expect(log).toMatch(new RegExp(`${names.length - 2} of ${names.length} tags subscribed`))
  })

  it('passes a Bad status with its plausible number on, which never raises a limit alarm', () => {
    const bad = probe.samples[at('Q.BadSensor')]!
    expect(bad.length).toBeGreaterThan(0)
    expect(bad.every((s) => s.status === StatusCodes.BadSensorFailure.value && s.value >= 150)).toBe(true)
    const { summary, transitions } = summaryFixture(Date.now)
    const alarms = createLimitAlarms(tags, summary)
    for (const s of bad) {
      alarms(SampleBatchSchema.parse({ seq: 0, tagIndex: Uint32Array.of(at('Q.BadSensor')), sourceTime: Float64Array.of(s.time), value: Float64Array.of(s.value), status: Uint32Array.of(s.status) }))
    }
    alarms.tick(Date.now() + 60_000)
    expect(transitions).toEqual([])
    expect(summary.list()).toEqual([])
    expect(healthOf('Q.BadSensor').state).toBe('good')
  })
})

describe('data types', () => {
  it('turns Int64 and UInt64 into numbers, exact up to 2^53 and flagged beyond', async () => {
    // The counter stops, so the tags' last values must settle on the same number, exactly.
    clearInterval(counter)
    const settled = () => [lastOf('PX.Int32')!.value, lastOf('PX.Int64')!.value, lastOf('PX.UInt64')!.value]
    await waitFor('the 64-bit tags to settle on the Int32 value', () => (new Set(settled()).size === 1 ? true : undefined), 10_000)
    expect(lastOf('PX.NegInt64')!.value).toBe(-5)
    expect(isGoodStatus(lastOf('PX.Int64')!.status)).toBe(true)
    expect(healthOf('PX.Int64').state).toBe('good')
    expect(lastOf('PX.HugeUInt64')!.value).toBeGreaterThan(2 ** 53)
    expect(healthOf('PX.HugeUInt64')).toMatchObject({ state: 'warning', code: 'PrecisionLost' })
  })

  it('shows Float, Boolean and a numeric String, and reports text, ByteString and arrays as unsupported, by type', () => {
    expect(lastOf('PX.Float')!.value).toBeCloseTo(lastOf('PX.Int32')!.value / 128, 0)
    expect([0, 1]).toContain(lastOf('PX.Bool')!.value)
    expect(lastOf('PX.String')!.value).toBeGreaterThan(140)
    expect(healthOf('PX.String')).toMatchObject({ state: 'warning', code: 'TextConverted' })
    for (const [name, type] of [['PX.Text', /String is not numeric/], ['PX.Bytes', /ByteString is not numeric/], ['PX.Array', /array of Double/]] as const) {
      expect(healthOf(name)).toMatchObject({ state: 'error', code: 'UnsupportedDataType' })
      expect(healthOf(name).message).toMatch(type)
      expect(probe.log.join('\n')).toContain(`tag ${name} (`)
    }
  })

  it('passes NaN and Infinity on as no value, flagged, with the others unaffected', () => {
    expect(Number.isNaN(lastOf('PX.NaN')!.value)).toBe(true)
    expect(Number.isFinite(lastOf('PX.Inf')!.value)).toBe(false)
    expect(healthOf('PX.NaN')).toMatchObject({ state: 'warning', code: 'NonFiniteValue' })
    expect(healthOf('PX.Inf')).toMatchObject({ state: 'warning', code: 'NonFiniteValue' })
  })
})

describe('source timestamps', () => {
  it('flags timestamps that go backwards or run far ahead, and still shows the values on an increasing time axis', () => {
    for (const [name, code] of [['TS.Backwards', 'SourceTimestampBackwards'], ['TS.Ahead', 'SourceTimestampAhead']] as const) {
      expect(healthOf(name)).toMatchObject({ state: 'warning', code })
      const times = probe.samples[at(name)]!.map((s) => s.time)
      expect(times.every((t, i) => i === 0 || t > times[i - 1]!)).toBe(true)
      expect(times.at(-1)!).toBeLessThan(Date.now() + 60_000)
      expect(isGoodStatus(lastOf(name)!.status)).toBe(true)
    }
  })
})

describe('operation limits', () => {
  it('gets every one of 25 tags from a server that takes 10 monitored items per call', async () => {
    const mx: QuirkVariable[] = Array.from({ length: 25 }, (_, i) => ({ name: `MX.T${String(i + 1).padStart(2, '0')}`, dataType: 'Double', value: () => 40 + i }))
    const limited = await startQuirkServer({ port: await freePort(), pkiDir: serverPki, variables: mx, maxMonitoredItemsPerCall: 10 })
    const p = await probePlant(limited.endpoint, mx.map((v, i) => quirkTag(i, v.name)), { pkiDir: probe.pkiDir })
    const cm = await createCertificateManager(join(probe.pkiDir, '..', 'raw-pki'))
    const raw = OPCUAClient.create({ clientCertificateManager: cm, endpointMustExist: false, connectionStrategy: { maxRetry: 0 } })
    try {
      await waitFor('all 25 tags', () => (mx.every((_, i) => p.last(i)) ? true : undefined), 15_000)
      expect(mx.map((_, i) => p.last(i)!.value)).toEqual(mx.map((_, i) => 40 + i))
      expect(p.health.every((h) => h.state === 'good')).toBe(true)
      // A server that refuses without publishing its limit: the chunks are halved until they fit.
      await raw.connect(limited.endpoint)
      const session = await raw.createSession()
      const ns = (await session.readNamespaceArray()).indexOf(limited.uri)
      const monitored = mx.map((v, index) => ({ index, nodeId: resolveNodeId(`ns=${ns};s=${v.name}`) }))
      const sub = await createTagSubscription(session, monitored, { publishingIntervalMs: 200, maxMonitoredItemsPerCall: 0, onValue: () => undefined, onDelivery: () => undefined, onLost: () => undefined })
      expect([...sub.itemStatus.values()].filter((st) => st.isGood())).toHaveLength(25)
      await sub.terminate()
      await session.close()
    } finally {
      await raw.disconnect()
      await cm.dispose()
      await p.dispose()
      await limited.stop()
    }
  }, 30_000)
})
