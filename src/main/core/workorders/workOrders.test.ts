import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AnomalyEvent } from '../../../shared/anomaly'
import type { TagMap } from '../../../shared/tagMap'
import { anomalyEvent } from '../alarms/testFixtures'
import { groupRootCauses, newRootCauseState, ROOT_CAUSE_WINDOW_S } from '../detection/rootCause'
import { lubeLeakEvents } from '../detection/testSupport'
import { openPlantDatabase } from '../storage/plantDatabase'
import { LifecycleError } from './lifecycle'
import { planningMap, planWorkOrders } from './planner'
import { createWorkOrderStore } from './workOrderStore'

const HOUR_MS = 3_600_000
const T0 = Date.parse('2026-11-30T06:00:00Z')

const tag = (name: string, signal: TagMap['tags'][number]['signal']): TagMap['tags'][number] => ({
  name,
  nodeId: `ns=2;s=${name}`,
  equipment: name.split('.')[0]!,
  signal,
  unit: '',
  euRange: { low: 0, high: 100 },
  limits: {}
})

/** Two machines with the rules the issue gives as its example. */
const MAP: TagMap = {
  version: 1,
  publishingIntervalMs: 100,
  tags: [tag('CV-101.Vibration', 'vibration'), tag('CV-101.BeltLoad', 'flow'), tag('CV-101.MotorTemp', 'temperature'), tag('DR-201.LubeLevel', 'level'), tag('DR-201.MotorTemp', 'temperature'), tag('DR-201.Vibration', 'vibration')],
  equipment: { 'CV-101': { type: 'conveyor' }, 'DR-201': { type: 'drill' } },
  maintenanceRules: {
    conveyor: [{ failureMode: 'bearing-wear', action: 'Inspect and replace drive-end bearing', priority: 'high', craft: 'mechanical', leadMarginH: 2, durationH: 4, dueWithinH: 24 }],
    drill: [{ failureMode: 'lubrication', action: 'Fix the lube leak', priority: 'high', craft: 'lubrication', leadMarginH: 1, durationH: 2, dueWithinH: 8 }]
  }
}

const setup = () => {
  const db = openPlantDatabase(join(mkdtempSync(join(tmpdir(), 'pw-wo-')), 'plant.db'))
  return { db, store: createWorkOrderStore(db), map: planningMap(MAP) }
}

/** CV-101 vibration trending to HH, seen at `time`, failing `etaS` later. */
const bearing = (id: string, time: number, etaS: number): AnomalyEvent =>
  anomalyEvent({ id, time, etaSeconds: etaS, etaUncertaintySeconds: 600, message: `CV-101.Vibration: trending to HH in ${etaS / 60} min` })

describe('automatic work orders', () => {
  it('raises one order per machine and failure mode, due at the ETA less sigma and the lead margin, and brings it forward', () => {
    const { store, map } = setup()
    const [order] = planWorkOrders(store, map, [bearing('a@1', T0, 10 * 3600)], T0)
    expect(order).toMatchObject({ number: 'WO-000001', equipment: 'CV-101', failureMode: 'bearing-wear', state: 'open', priority: 'high', craft: 'mechanical', durationH: 4, source: 'detection' })
    expect(order!.action).toBe('Inspect and replace drive-end bearing')
    expect(order!.dueAt).toBe(T0 + 10 * HOUR_MS - 600_000 - 2 * HOUR_MS)
    expect(order!.evidence).toEqual([
      { at: T0, alarmId: 'trend:CV-101.Vibration:HH', kind: 'detection', explanation: 'trend: CV-101.Vibration: trending to HH in 600 min', etaAt: T0 + 10 * HOUR_MS - 600_000, trend: { from: T0 - 2 * HOUR_MS, to: T0 + HOUR_MS / 2, tags: ['CV-101.Vibration'] } }
    ])
    expect(order!.history).toEqual([{ from: null, to: 'open', at: T0, user: null, note: expect.stringContaining('raised by the anomaly engine') }])

    // The same event again adds nothing; a new, nearer prediction adds evidence and brings the date forward.
    expect(planWorkOrders(store, map, [bearing('a@1', T0, 10 * 3600)], T0 + 1000)).toEqual([])
    const [sooner] = planWorkOrders(store, map, [bearing('a@2', T0 + HOUR_MS, 4 * 3600)], T0 + HOUR_MS)
    expect(sooner!.id).toBe(order!.id)
    expect(sooner!.dueAt).toBe(T0 + 5 * HOUR_MS - 600_000 - 2 * HOUR_MS)
    expect(sooner!.evidence).toHaveLength(2)
    // A later prediction never pushes the date back.
    const [later] = planWorkOrders(store, map, [bearing('a@3', T0 + 2 * HOUR_MS, 30 * 3600)], T0 + 2 * HOUR_MS)
    expect(later!.dueAt).toBe(sooner!.dueAt)
    // A failure nearer than the lead margin is due now, not in the past.
    const { store: s2, map: m2 } = setup()
    expect(planWorkOrders(s2, m2, [bearing('b@1', T0, 1800)], T0)[0]!.dueAt).toBe(T0)
    expect(store.list({ state: 'all' })).toHaveLength(1)
  })

  it('re-dates the order from an update of its standing prediction: earlier only, and not once work started', () => {
    const { store, map } = setup()
    const [order] = planWorkOrders(store, map, [bearing('a@1', T0, 10 * 3600)], T0)
    const update = (time: number, etaS: number) => ({ ...bearing('a@1', time, etaS), update: 'prediction' as const })
    const [sooner] = planWorkOrders(store, map, [update(T0 + HOUR_MS, 4 * 3600)], T0 + HOUR_MS)
    expect(sooner!.dueAt).toBe(T0 + 5 * HOUR_MS - 600_000 - 2 * HOUR_MS)
    expect(sooner!.evidence.map((e) => [e.kind, e.alarmId, e.etaAt])).toEqual([
      ['detection', 'trend:CV-101.Vibration:HH', T0 + 10 * HOUR_MS - 600_000],
      ['detection', 'trend:CV-101.Vibration:HH', T0 + 5 * HOUR_MS - 600_000]
    ])
    expect(sooner!.evidence[1]!.explanation).toContain('prediction updated')
    // A later ETA, or the same one again, changes nothing; an update never opens an order.
    expect(planWorkOrders(store, map, [update(T0 + 2 * HOUR_MS, 20 * 3600), update(T0 + HOUR_MS, 4 * 3600)], T0 + 2 * HOUR_MS)).toEqual([])
    expect(planWorkOrders(store, map, [{ ...update(T0, 3600), id: 'unknown@1' }], T0)).toEqual([])
    store.transition(order!.id, 'in-progress', { user: 'fitter', note: '', at: T0 + 2 * HOUR_MS })
    // Would be due at once (a failure nearer than the lead margin), but the work has started.
    expect(planWorkOrders(store, map, [update(T0 + 2 * HOUR_MS + 1, 1800)], T0 + 2 * HOUR_MS + 1)).toEqual([])
    expect(store.get(order!.id)!.dueAt).toBe(sooner!.dueAt)
    expect(store.list({ state: 'all' })).toHaveLength(1)
  })

  it('books the DR-201 lube leak as one lubrication order with its consequences as evidence, grouped or not', () => {
    for (const grouped of [true, false]) {
      const { store, map } = setup()
      const events = lubeLeakEvents().map((e) => ({ ...e, time: T0 + e.time }))
      if (grouped) groupRootCauses(newRootCauseState(), events, 0, ROOT_CAUSE_WINDOW_S * 1000)
      // One batch or event by event: the same result.
      const changed = grouped ? planWorkOrders(store, map, events, T0) : events.flatMap((e) => planWorkOrders(store, map, [e], e.time))
      const orders = store.list()
      expect(orders, `grouped: ${grouped}`).toHaveLength(1)
      expect(orders[0]).toMatchObject({ equipment: 'DR-201', failureMode: 'lubrication', craft: 'lubrication', action: 'Fix the lube leak' })
      expect(orders[0]!.evidence.map((e) => [e.kind, e.alarmId])).toEqual([
        ['detection', 'baseline:DR-201.LubeLevel'],
        ['consequential', 'drift:DR-201.MotorTemp'],
        ['consequential', 'multivariate:DR-201']
      ])
      expect(changed.every((o) => o.id === orders[0]!.id)).toBe(true)
      // No rule for overheating on a drill: an unrelated mode still gets its order, from the event's own action.
      const { store: s2, map: m2 } = setup()
      const [hot] = planWorkOrders(s2, m2, [events[1]!].map((e) => ({ ...e, evidenceFor: undefined })), T0)
      expect(hot).toMatchObject({ failureMode: 'overheating', action: 'Check motor cooling', craft: 'electrical', dueAt: T0 + 8 * HOUR_MS })
    }
  })

  it('turns an open order into one for its cause when the cause shows after the effect, unless someone acted on it', () => {
    for (const acted of [false, true]) {
      const { store, map } = setup()
      const vibration = anomalyEvent({ id: 'v@1', time: T0, condition: 'baseline:DR-201.Vibration', tag: 'DR-201.Vibration', tags: ['DR-201.Vibration'], equipment: 'DR-201', detector: 'baseline', kind: 'anomaly', etaSeconds: null, etaLimit: null })
      const [first] = planWorkOrders(store, map, [vibration], T0)
      expect(first!.failureMode).toBe('bearing-wear')
      if (acted) store.transition(first!.id, 'scheduled', { user: 'planner', note: '', at: T0 + 1 })
      const level = lubeLeakEvents()[0]!
      planWorkOrders(store, map, [{ ...level, time: T0 + 60_000 }], T0 + 60_000)
      const orders = store.list()
      if (acted) {
        expect(orders.map((o) => o.failureMode).sort()).toEqual(['bearing-wear', 'lubrication'])
        continue
      }
      expect(orders).toHaveLength(1)
      expect(orders[0]).toMatchObject({ id: first!.id, failureMode: 'lubrication', action: 'Fix the lube leak', craft: 'lubrication', state: 'open' })
      expect(orders[0]!.evidence.map((e) => [e.kind, e.alarmId])).toEqual([
        ['consequential', 'baseline:DR-201.Vibration'],
        ['detection', 'baseline:DR-201.LubeLevel']
      ])
      expect(orders[0]!.history.at(-1)).toMatchObject({ from: 'open', to: 'open', user: null, note: expect.stringContaining('cause found, now lubrication (was bearing-wear)') })
    }
  })

  it('takes a condition that clears and raises again as one piece of evidence per plant hour', () => {
    const { store, map } = setup()
    const level = (id: string, time: number) =>
      anomalyEvent({ id, time, condition: 'baseline:DR-201.LubeLevel', tag: 'DR-201.LubeLevel', tags: ['DR-201.LubeLevel'], equipment: 'DR-201', detector: 'baseline', kind: 'anomaly', etaSeconds: null, etaLimit: null })
    planWorkOrders(store, map, [level('l@1', T0)], T0)
    expect(planWorkOrders(store, map, [level('l@2', T0 + 20 * 60_000)], T0 + 20 * 60_000)).toEqual([])
    // On a plant running 60× fast a plant hour is a minute.
    expect(planWorkOrders(store, map, [level('l@3', T0 + 61_000)], T0 + 61_000, 60)[0]!.evidence).toHaveLength(2)
  })

  it('ignores clears and data quality; a limit alarm opens an order for the machine condition only, under its alarm-list id', () => {
    const { store, map } = setup()
    const none = [
      anomalyEvent({ id: 'x@1', active: false }),
      anomalyEvent({ id: 'x@3', detector: 'health', kind: 'data-quality' }),
      anomalyEvent({ id: 'x@4', detector: 'limit', kind: 'anomaly', condition: 'limit:CV-101.BeltLoad:H', tag: 'CV-101.BeltLoad', tags: ['CV-101.BeltLoad'], etaSeconds: null })
    ]
    expect(planWorkOrders(store, map, none, T0)).toEqual([])
    const low = anomalyEvent({ id: 'l@1', detector: 'limit', kind: 'anomaly', condition: 'limit:DR-201.LubeLevel:L', tag: 'DR-201.LubeLevel', tags: ['DR-201.LubeLevel'], equipment: 'DR-201', etaSeconds: null, etaLimit: null })
    expect(planWorkOrders(store, map, [low], T0)[0]).toMatchObject({ failureMode: 'lubrication', evidence: [{ alarmId: 'limit:DR-201.LubeLevel:L', kind: 'detection' }] })
  })
})

describe('work-order lifecycle', () => {
  const raised = () => {
    const ctx = setup()
    const order = planWorkOrders(ctx.store, ctx.map, [bearing('a@1', T0, 10 * 3600)], T0)[0]!
    return { ...ctx, order }
  }

  it('moves open → scheduled → in-progress → done, recording user, time and note for each step', () => {
    const { store, order } = raised()
    const steps = [
      ['scheduled', 'planner', 'Monday day shift'],
      ['in-progress', 'fitter', 'isolated and locked out'],
      ['done', 'fitter', 'bearing replaced']
    ] as const
    steps.forEach(([to, user, note], i) => {
      const moved = store.transition(order.id, to, { user, note, at: T0 + (i + 1) * 1000 })
      expect(moved.state).toBe(to)
      expect(moved.history.at(-1)).toEqual({ from: i === 0 ? 'open' : steps[i - 1]![0], to, at: T0 + (i + 1) * 1000, user, note })
    })
    expect(store.get(order.id)!.history).toHaveLength(4)
    expect(() => store.transition(order.id, 'cancelled', { user: 'x', note: 'why', at: T0 })).toThrow(/WO-000001 is done; a closed work order does not change/)
  })

  it('refuses moving backwards, staying put, and cancelling without a reason; changes nothing then', () => {
    const { store, order } = raised()
    store.transition(order.id, 'in-progress', { user: 'fitter', note: '', at: T0 + 1 })
    for (const back of ['open', 'scheduled'] as const) {
      expect(() => store.transition(order.id, back, { user: 'fitter', note: '', at: T0 + 2 })).toThrow(LifecycleError)
      expect(() => store.transition(order.id, back, { user: 'fitter', note: '', at: T0 + 2 })).toThrow(`WO-000001: moving backwards from in-progress to ${back} is refused`)
    }
    expect(() => store.transition(order.id, 'in-progress', { user: 'fitter', note: '', at: T0 + 2 })).toThrow('already in-progress')
    expect(() => store.transition(order.id, 'cancelled', { user: 'fitter', note: '  ', at: T0 + 2 })).toThrow('cancelling needs a reason')
    expect(store.get(order.id)!.history).toHaveLength(2)
    const cancelled = store.transition(order.id, 'cancelled', { user: 'planner', note: 'duplicate of a CMMS order', at: T0 + 3 })
    expect(cancelled).toMatchObject({ state: 'cancelled', cancelReason: 'duplicate of a CMMS order' })
  })

  it('opens a new order once the previous one of that machine and mode is closed, and the database holds the rule too', () => {
    const { db, store, map, order } = raised()
    expect(() => db.prepare("INSERT INTO work_orders (equipment, failure_mode, state, action, priority, craft, duration_h, due_at, created_at, updated_at, source) VALUES ('CV-101', 'bearing-wear', 'open', 'x', 'low', 'mechanical', 1, 0, 0, 0, 'detection')").run()).toThrow(/UNIQUE/)
    store.transition(order.id, 'done', { user: 'fitter', note: 'replaced', at: T0 + 1, baselineResetAt: T0 + 1 })
    expect(store.get(order.id)!.baselineResetAt).toBe(T0 + 1)
    expect(store.lastClosed('CV-101', 'bearing-wear')).toBe(T0 + 1)
    const [next] = planWorkOrders(store, map, [bearing('a@9', T0 + HOUR_MS, 10 * 3600)], T0 + HOUR_MS)
    expect(next!.id).not.toBe(order.id)
    expect(store.list({ state: 'active' }).map((o) => o.id)).toEqual([next!.id])
    expect(store.list({ state: 'done', equipment: 'CV-101' }).map((o) => o.id)).toEqual([order.id])
    expect(store.list({ equipment: 'DR-201' })).toEqual([])
  })
})
