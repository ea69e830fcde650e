import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AttributeIds, DataType, type DataValue } from 'node-opcua'
import { connect, sleep, startTestPlant, type TestClient } from './helpers'

// Every fault kind, injected through the OPC UA method at 600× time compression, must show its
// signature in the values the server serves.
let env: Awaited<ReturnType<typeof startTestPlant>>
let c: TestClient
const id = (s: string): string => `ns=${c.ns};s=${s}`
const read = async (tag: string): Promise<DataValue> => c.session.read({ nodeId: id(tag), attributeId: AttributeIds.Value })
const num = async (tag: string): Promise<number> => (await read(tag)).value.value as number

async function inject(equipment: string, fault: string, params: Record<string, unknown> = {}): Promise<void> {
  const r = await c.session.call({
    objectId: id('DemoMine'),
    methodId: id('DemoMine.InjectFault'),
    inputArguments: [equipment, fault, JSON.stringify(params)].map((value) => ({ dataType: DataType.String, value }))
  })
  expect(r.statusCode.name, String(r.outputArguments?.[0]?.value)).toBe('Good')
}

async function until(what: string, pred: () => Promise<boolean>, ms = 8000): Promise<void> {
  const t0 = Date.now()
  while (!(await pred())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`)
    await sleep(100)
  }
}

beforeAll(async () => {
  env = await startTestPlant({ seed: 5, speed: 600 })
  c = await connect(env.plant.endpointUrl, env.dir, env.pkiDir)
})
afterAll(async () => {
  await c?.close()
  await env?.dispose()
})

describe('every fault kind shows its signature over OPC UA', () => {
  it('degrading faults', async () => {
    const temp0 = await num('CR-301.MotorTemp')
    await inject('CV-101', 'bearing-wear', { timeToFailureS: 1800, trip: false })
    await inject('CV-102', 'lube-leak', { timeToFailureS: 3600 })
    await inject('CV-103', 'belt-overload', { timeToFailureS: 1800, trip: false })
    await inject('CR-301', 'cooling-failure', { timeToFailureS: 1800, trip: false })
    await until('CV-101 vibration ≥ 7.1', async () => (await num('CV-101.Vibration')) >= 7.1)
    await until('CV-102 lube ≤ 30 %', async () => (await num('CV-102.LubeLevel')) <= 30)
    await until('CV-103 belt load ≥ 2200 t/h', async () => (await num('CV-103.BeltLoad')) >= 2200)
    await until('CV-103 current ≥ 330 A', async () => (await num('CV-103.MotorCurrent')) >= 330)
    await until('CR-301 motor temp +15 °C', async () => (await num('CR-301.MotorTemp')) >= temp0 + 15)
  })

  it('pressure-surge on a running pressure-bearing machine', async () => {
    // Pumps and drills cycle: one running now may stop before its surge builds, so every running one gets it.
    const machines = { 'PU-401': 11, 'PU-402': 11, 'DR-201': 215, 'DR-202': 215 } as const
    const tagOf = (eq: string): string => (eq.startsWith('PU') ? `${eq}.DischargePressure` : `${eq}.HydraulicPressure`)
    const running: Array<keyof typeof machines> = []
    for (const eq of Object.keys(machines) as Array<keyof typeof machines>) if ((await read(`${eq}.Running`)).value.value === true) running.push(eq)
    expect(running.length).toBeGreaterThan(0)
    for (const eq of running) await inject(eq, 'pressure-surge', { timeToFailureS: 1200, trip: false })
    const reached = async (): Promise<boolean> => {
      for (const eq of running) if ((await num(tagOf(eq))) >= machines[eq]) return true
      return false
    }
    await until('a surged pressure ≥ H', reached)
  })

  it('motor-trip and comms-loss', async () => {
    await inject('DR-201', 'motor-trip')
    await until('DR-201 stopped', async () => (await read('DR-201.Running')).value.value === false)
    expect(await num('DR-201.Power')).toBe(0)
    await inject('DR-202', 'comms-loss')
    await until('DR-202 Bad', async () => (await read('DR-202.MotorTemp')).statusCode.isBad())
    expect((await read('DR-202.Running')).statusCode.isBad()).toBe(true)
  })

  it('sensor faults: stuck with Good quality, drift and noise', async () => {
    await inject('EM-500', 'sensor-stuck', { variable: 'Power' })
    await sleep(300)
    const a = await read('EM-500.Power')
    await sleep(500)
    const b = await read('EM-500.Power')
    expect(b.value.value).toBe(a.value.value)
    expect(b.statusCode.isGood()).toBe(true)
    expect(b.sourceTimestamp!.getTime()).toBeGreaterThan(a.sourceTimestamp!.getTime())

    const v0 = await num('EM-500.Voltage')
    await inject('EM-500', 'sensor-drift', { variable: 'Voltage', ratePerHour: 600 })
    await until('EM-500 voltage drifted +300 V', async () => (await num('EM-500.Voltage')) >= v0 + 300, 10_000)

    await inject('PU-402', 'sensor-noise', { variable: 'MotorTemp', amplitude: 10 })
    const xs: number[] = []
    for (let k = 0; k < 10; k++) {
      xs.push(await num('PU-402.MotorTemp'))
      await sleep(110)
    }
    const jumps = xs.slice(1).map((x, i) => Math.abs(x - xs[i]!))
    expect(Math.max(...jumps)).toBeGreaterThan(3)
  })
})
