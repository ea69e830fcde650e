import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Role } from '../../../shared/access'
import type { CommandContext, EventName } from '../../../shared/contract'
import { anomalyEvent } from '../alarms/testFixtures'
import { ContractFailure } from '../contractDispatch'
import { createEventHub } from '../eventHub'
import { silentLogger } from '../logger'
import { createMaintenanceLog } from '../maintenance/maintenanceLog'
import { openPlantDatabase } from '../storage/plantDatabase'
import { createWorkOrderService } from './workOrders'

const T0 = Date.parse('2026-11-30T06:00:00Z')
// The pacing of workorders:changed runs on timers: fake ones make its steps exact.
const sleep = (ms: number): Promise<unknown> => vi.advanceTimersByTimeAsync(ms)
beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] }))
afterEach(() => void vi.useRealTimers())

function setup(engine = true) {
  const db = openPlantDatabase(join(mkdtempSync(join(tmpdir(), 'pw-woh-')), 'plant.db'))
  const hub = createEventHub(() => undefined)
  const emitted: EventName[] = []
  hub.on('workorders:changed', () => emitted.push('workorders:changed'))
  hub.on('maintenance:added', () => emitted.push('maintenance:added'))
  const resets: string[] = []
  const log = createMaintenanceLog(db, () => T0)
  const service = createWorkOrderService({
    db,
    log,
    hub,
    logger: silentLogger,
    clock: () => T0,
    historian: () => undefined,
    learningAvailable: () => engine,
    resetLearning: async (equipment) => void resets.push(equipment)
  })
  service.useMap({ version: 1, publishingIntervalMs: 100, tags: [{ name: 'CV-101.Vibration', nodeId: 'ns=2;s=V', equipment: 'CV-101', signal: 'vibration', unit: 'mm/s', euRange: { low: 0, high: 20 }, limits: {} }] })
  service.onEvents([anomalyEvent({ time: T0 })])
  const ctx = (role: Role): CommandContext => ({
    user: { name: `${role}1`, role },
    origin: 'test',
    sessionId: 's',
    signal: new AbortController().signal,
    transact: (change) => db.transaction(change)()
  })
  const transition = service.handlers['workorders:transition']
  const refusal = async (promise: Promise<unknown>): Promise<ContractFailure> => {
    const error = await promise.then(() => undefined, (e: unknown) => e)
    expect(error).toBeInstanceOf(ContractFailure)
    return error as ContractFailure
  }
  return { service, ctx, transition, refusal, emitted, resets, log }
}

describe('workorders:changed', () => {
  it("sends the planner's changes to consoles at most every 250 ms, each order once in its latest state", async () => {
    const { service, emitted } = setup()
    await sleep(0)
    expect(emitted).toEqual(['workorders:changed'])
    // New evidence on the same order ten times within the pacing interval: one send, after it.
    for (let i = 1; i <= 10; i++) service.onEvents([anomalyEvent({ id: `trend:CV-101.Vibration:HH#${i + 1}`, time: T0 + i * 2 * 3_600_000 })])
    await sleep(50)
    expect(emitted).toEqual(['workorders:changed'])
    await sleep(300)
    expect(emitted).toEqual(['workorders:changed', 'workorders:changed'])
    expect(service.store.get(1)!.evidence.length).toBeGreaterThan(1)
    service.dispose()
  })

  it("lets an operator's step out at once, and never the planner's older state of that order after it", async () => {
    const { service, ctx, transition, emitted } = setup()
    await transition({ id: 1, to: 'scheduled', note: '' }, ctx('operator'))
    expect(emitted).toEqual(['workorders:changed'])
    await sleep(300)
    expect(emitted).toEqual(['workorders:changed'])
    service.dispose()
  })
})

describe('workorders:transition', () => {
  it('moves an order forward, announces it, and logs the closing', async () => {
    const { service, ctx, transition, emitted, log } = setup()
    // The planner's change goes out on a later turn of the event loop.
    expect(emitted).toEqual([])
    await sleep(0)
    expect(emitted).toEqual(['workorders:changed'])
    expect((await transition({ id: 1, to: 'scheduled', note: 'night shift' }, ctx('operator'))).history.at(-1)).toMatchObject({ user: 'operator1', note: 'night shift', at: T0 })
    await transition({ id: 1, to: 'done', note: 'replaced' }, ctx('operator'))
    expect(emitted).toEqual(['workorders:changed', 'workorders:changed', 'workorders:changed', 'maintenance:added'])
    expect(log.list()[0]).toMatchObject({ equipment: 'CV-101', author: 'operator1', text: 'WO-000001 done: Inspect bearing — replaced', workOrder: 'WO-000001' })
    expect(await service.handlers['workorders:list']({ state: 'done' }, ctx('viewer'))).toHaveLength(1)
    service.dispose()
  })

  it('refuses backwards, unknown orders and a baseline reset below engineer, changing nothing', async () => {
    const { service, ctx, transition, refusal, resets } = setup()
    await transition({ id: 1, to: 'in-progress', note: '' }, ctx('operator'))
    expect(await refusal(transition({ id: 1, to: 'scheduled', note: '' }, ctx('operator')))).toMatchObject({ code: 'conflict', message: expect.stringContaining('moving backwards from in-progress to scheduled is refused') })
    expect(await refusal(transition({ id: 9, to: 'done', note: '' }, ctx('operator')))).toMatchObject({ code: 'not-found' })
    expect(await refusal(transition({ id: 1, to: 'done', note: '', resetBaseline: true }, ctx('operator')))).toMatchObject({ code: 'forbidden' })
    expect(await refusal(transition({ id: 1, to: 'cancelled', note: 'x', resetBaseline: true }, ctx('engineer')))).toMatchObject({ code: 'invalid-input' })
    expect(resets).toEqual([])
    expect(service.store.get(1)!.state).toBe('in-progress')
    const done = await transition({ id: 1, to: 'done', note: 'bearing replaced', resetBaseline: true }, ctx('engineer'))
    expect(done).toMatchObject({ state: 'done', baselineResetAt: T0 })
    expect(resets).toEqual(['CV-101'])
    service.dispose()
  })

  it('refuses a baseline reset when the engine is not running, before anything changes', async () => {
    const { service, ctx, transition, refusal } = setup(false)
    expect(await refusal(transition({ id: 1, to: 'done', note: '', resetBaseline: true }, ctx('engineer')))).toMatchObject({ code: 'unavailable' })
    expect(service.store.get(1)!.state).toBe('open')
    expect(await refusal(service.handlers['workorders:counters'](undefined, ctx('viewer')))).toMatchObject({ code: 'unavailable' })
    service.dispose()
  })
})
