import { describe, expect, it } from 'vitest'
import type { Alarm } from '../../../shared/alarms'
import { ContractFailure } from '../contractDispatch'
import { openPlantDatabase } from '../storage/plantDatabase'
import { createAlarmStore, queryJournal } from './alarmStore'
import { createAlarmSummary } from './alarmSummary'
import { limitCondition, summaryFixture } from './testFixtures'

const ID = 'limit:PU-401.DischargePressure:HH'
const stateOf = (list: Alarm[]) => list.map((a) => [a.state, a.active])

/** A clock the test moves by hand. */
function clock(start = 1_000) {
  let now = start
  return { now: () => now, at: (t: number) => (now = t) }
}

describe('ISA-18.2 alarm states, transition by transition', () => {
  it('normal → unacknowledged → acknowledged → normal (cleared)', () => {
    const c = clock()
    const { summary, kinds } = summaryFixture(c.now)
    summary.set(limitCondition(), true)
    expect(stateOf(summary.list())).toEqual([['unacknowledged', true]])
    expect(summary.acknowledge([ID], 'olga', 'pump checked')).toBe(1)
    expect(summary.list()[0]).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'olga', comments: [{ by: 'olga', text: 'pump checked' }] })
    summary.set(limitCondition({ value: 25 }), false)
    expect(summary.list()).toEqual([])
    expect(kinds()).toEqual(['raise:unacknowledged', 'acknowledge:acknowledged', 'return:normal', 'clear:normal'])
  })

  it('unacknowledged → returned-unacknowledged → acknowledged leaves the list; a return raises again', () => {
    const { summary, kinds } = summaryFixture()
    summary.set(limitCondition(), true)
    summary.set(limitCondition({ value: 25 }), false)
    expect(stateOf(summary.list())).toEqual([['returned-unacknowledged', false]])
    summary.set(limitCondition({ value: 32 }), true)
    expect(stateOf(summary.list())).toEqual([['unacknowledged', true]])
    summary.set(limitCondition({ value: 25 }), false)
    summary.acknowledge([ID], 'olga')
    expect(summary.list()).toEqual([])
    expect(kinds()).toEqual(['raise:unacknowledged', 'return:returned-unacknowledged', 'raise:unacknowledged', 'return:returned-unacknowledged', 'acknowledge:normal', 'clear:normal'])
  })

  it('latches: a latching alarm stays after returning until it is reset; reset refuses other states', () => {
    const { summary, kinds } = summaryFixture()
    summary.set(limitCondition({ latching: true }), true)
    expect(() => summary.reset([ID], 'olga')).toThrow(/only a latched alarm can be reset/)
    summary.acknowledge([ID], 'olga')
    summary.set(limitCondition({ latching: true, value: 20 }), false)
    expect(stateOf(summary.list())).toEqual([['latched', false]])
    expect(summary.reset([ID], 'olga', 'valve replaced')).toBe(1)
    expect(summary.list()).toEqual([])
    // Unacknowledged when it returns: acknowledging latches it.
    summary.set(limitCondition({ latching: true }), true)
    summary.set(limitCondition({ latching: true }), false)
    summary.acknowledge([ID], 'olga')
    expect(stateOf(summary.list())).toEqual([['latched', false]])
    expect(kinds()).toContain('reset:normal')
  })

  it('shelves with a reason and user, hides from annunciation, and unshelves itself at expiry', () => {
    const c = clock()
    const { summary, transitions } = summaryFixture(c.now)
    summary.set(limitCondition(), true)
    summary.shelve(ID, 30, 'transmitter being recalibrated', 'olga')
    expect(summary.list()[0]?.shelved).toEqual({ by: 'olga', reason: 'transmitter being recalibrated', at: 1_000, until: 1_000 + 30 * 60_000 })
    c.at(1_000 + 30 * 60_000 - 1)
    summary.tick(c.now())
    expect(summary.list()[0]?.shelved).toBeDefined()
    c.at(1_000 + 30 * 60_000)
    summary.tick(c.now())
    expect(summary.list()[0]?.shelved).toBeUndefined()
    const unshelve = transitions.at(-1)!
    expect(unshelve).toMatchObject({ kind: 'unshelve', user: null, comment: 'shelve expired', annunciated: true })
  })

  it('a shelved alarm that returns stays listed as normal until unshelved, then leaves', () => {
    const { summary, kinds } = summaryFixture()
    summary.set(limitCondition(), true)
    summary.shelve(ID, 60, 'nuisance during start-up', 'olga')
    summary.set(limitCondition({ value: 20 }), false)
    expect(summary.list().map((a) => [a.state, a.shelved?.reason])).toEqual([['normal', 'nuisance during start-up']])
    // Raised again while shelved: not annunciated.
    summary.set(limitCondition(), true)
    expect(summary.list()[0]).toMatchObject({ state: 'unacknowledged', active: true })
    summary.set(limitCondition({ value: 20 }), false)
    summary.unshelve(ID, 'olga')
    expect(summary.list()).toEqual([])
    expect(kinds().slice(-3)).toEqual(['return:normal', 'unshelve:normal', 'clear:normal'])
  })

  it('suppresses by design while the reason holds, and annunciates an alarm still active when it ends', () => {
    let stopped = true
    const { summary, transitions } = summaryFixture(() => 0, { suppression: () => (stopped ? 'PU-401 is stopped' : undefined) })
    summary.set(limitCondition(), true)
    expect(summary.list()[0]?.suppressed?.reason).toBe('PU-401 is stopped')
    expect(transitions[0]).toMatchObject({ kind: 'raise', annunciated: false, comment: 'suppressed by design: PU-401 is stopped' })
    stopped = false
    summary.reviewSuppression()
    expect(summary.list()[0]?.suppressed).toBeUndefined()
    expect(transitions.at(-1)).toMatchObject({ kind: 'unsuppress', annunciated: true })
    stopped = true
    summary.reviewSuppression()
    expect(transitions.at(-1)).toMatchObject({ kind: 'suppress', comment: 'PU-401 is stopped' })
    // A suppressed alarm that returns was never news: it leaves without an acknowledgement.
    summary.set(limitCondition({ value: 20 }), false)
    expect(summary.list()).toEqual([])
  })

  it('takes an alarm out of service and back; refuses shelving it meanwhile', () => {
    const { summary, kinds } = summaryFixture()
    summary.set(limitCondition(), true)
    summary.outOfService(ID, 'transmitter removed for repair', 'eve')
    expect(() => summary.shelve(ID, 10, 'x', 'olga')).toThrow(/out of service/)
    expect(() => summary.outOfService(ID, 'again', 'eve')).toThrow(/already out of service/)
    summary.set(limitCondition({ value: 20 }), false)
    expect(summary.list().map((a) => [a.state, a.outOfService?.by])).toEqual([['normal', 'eve']])
    summary.returnToService(ID, 'eve', 'transmitter back')
    expect(summary.list()).toEqual([])
    expect(kinds()).toEqual(['raise:unacknowledged', 'disable:unacknowledged', 'return:normal', 'enable:normal', 'clear:normal'])
  })

  it('takes a configured condition out of service before it fires: listed normal, raised hidden, gone when back in service', () => {
    const { summary, kinds, transitions } = summaryFixture(() => 5_000, { configured: (id) => (id === ID ? limitCondition({ value: null }) : undefined) })
    expect(() => summary.outOfService('limit:PU-401.DischargePressure:LL', 'no such limit', 'eve')).toThrow(/is not in the alarm list/)
    expect(transitions).toEqual([])
    summary.outOfService(ID, 'transmitter off for calibration', 'eve')
    expect(summary.list()).toEqual([expect.objectContaining({ id: ID, state: 'normal', active: false, raisedAt: 5_000, outOfService: { by: 'eve', reason: 'transmitter off for calibration', at: 5_000 } })])
    expect(transitions[0]).toMatchObject({ kind: 'disable', state: 'normal', user: 'eve', comment: 'transmitter off for calibration', annunciated: false })
    // The condition comes and goes meanwhile: journaled, never annunciated, still listed.
    summary.set(limitCondition(), true)
    summary.set(limitCondition({ value: 20 }), false)
    expect(transitions.filter((t) => t.kind === 'raise').map((t) => t.annunciated)).toEqual([false])
    expect(summary.list().map((a) => [a.state, a.outOfService?.by])).toEqual([['normal', 'eve']])
    summary.returnToService(ID, 'eve', 'transmitter back')
    expect(summary.list()).toEqual([])
    expect(kinds()).toEqual(['disable:normal', 'raise:unacknowledged', 'return:normal', 'enable:normal', 'clear:normal'])
  })

  it('refuses actions on an alarm that is not in the list, changing nothing', () => {
    const { summary, transitions } = summaryFixture()
    summary.set(limitCondition(), true)
    const other = 'limit:PU-401.DischargePressure:H'
    for (const act of [() => summary.acknowledge([ID, other], 'olga'), () => summary.shelve(other, 5, 'r', 'olga'), () => summary.comment(other, 'x', 'olga'), () => summary.unshelve(ID, 'olga')]) {
      expect(act).toThrow(ContractFailure)
    }
    expect(summary.list()[0]?.state).toBe('unacknowledged')
    expect(transitions.map((t) => t.kind)).toEqual(['raise'])
  })

  it('flags chattering (3 raises within 60 s) and drops the flag a minute after the last', () => {
    const c = clock(0)
    const { summary } = summaryFixture(c.now)
    for (const t of [0, 20_000, 40_000]) {
      c.at(t)
      summary.set(limitCondition(), true)
      summary.set(limitCondition({ value: 20 }), false)
    }
    expect(summary.list()[0]?.chattering).toBe(true)
    c.at(101_000)
    summary.tick(c.now())
    expect(summary.list()[0]?.chattering).toBeUndefined()
  })

  it('detects a flood (> 10 annunciations in 10 min), marks the first-out, and ends it below 5', () => {
    const c = clock(0)
    const { summary } = summaryFixture(c.now)
    for (let i = 0; i < 12; i++) {
      c.at(i * 1000)
      summary.set(limitCondition({ id: `limit:T${i}:H`, tag: `T${i}` }), true)
    }
    const flooded = summary.list().filter((a) => a.flood)
    expect(flooded).toHaveLength(12)
    expect(flooded.filter((a) => a.flood?.firstOut).map((a) => a.id)).toEqual(['limit:T0:H'])
    expect(new Set(flooded.map((a) => a.flood?.firstOutId))).toEqual(new Set(['limit:T0:H']))
    c.at(11 * 60_000)
    summary.tick(c.now())
    summary.set(limitCondition({ id: 'limit:T99:H', tag: 'T99' }), true)
    expect(summary.get('limit:T99:H')?.flood).toBeUndefined()
  })
})

describe('the alarm list across a restart', () => {
  const states: Array<[string, (s: ReturnType<typeof summaryFixture>['summary']) => void, string]> = [
    ['unacknowledged', () => undefined, 'unacknowledged'],
    ['acknowledged', (s) => s.acknowledge([ID], 'olga'), 'acknowledged'],
    ['returned-unacknowledged', (s) => s.set(limitCondition({ value: 20 }), false), 'returned-unacknowledged'],
    ['shelved', (s) => s.shelve(ID, 60, 'nuisance', 'olga'), 'unacknowledged'],
    ['out of service', (s) => s.outOfService(ID, 'broken transmitter', 'eve'), 'unacknowledged'],
    [
      'latched',
      (s) => {
        s.set(limitCondition({ latching: true }), true)
        s.acknowledge([ID], 'olga')
        s.set(limitCondition({ latching: true, value: 20 }), false)
      },
      'latched'
    ]
  ]
  for (const [name, reach, state] of states) {
    it(`keeps an alarm ${name} with its details and journal`, () => {
      const first = summaryFixture(() => 5_000)
      first.summary.set(limitCondition(), true)
      reach(first.summary)
      const before = first.summary.list()
      first.db.close()
      const db = openPlantDatabase(`${first.dir}/plantwatch.db`)
      const again = createAlarmSummary({ store: createAlarmStore(db), clock: () => 9_000 })
      expect(again.list()).toEqual(before)
      expect(again.list()[0]?.state).toBe(state)
      expect(queryJournal(db, { from: 0, to: 10_000 }).length).toBe(first.transitions.length)
      db.close()
    })
  }

  it('returns engine alarms that no source confirms after a restart, keeping them for acknowledgement', () => {
    const c = clock(0)
    const first = summaryFixture(c.now)
    first.summary.set(limitCondition({ id: 'trend:X:HH', kind: 'predictive' }), true)
    first.summary.set(limitCondition({ id: 'baseline:Y', kind: 'anomaly' }), true)
    first.db.close()
    const db = openPlantDatabase(`${first.dir}/plantwatch.db`)
    const again = createAlarmSummary({ store: createAlarmStore(db), clock: c.now })
    again.expectConfirmation((a) => a.kind === 'predictive' || a.kind === 'anomaly', 60_000)
    again.set(limitCondition({ id: 'baseline:Y', kind: 'anomaly' }), true)
    c.at(60_000)
    again.tick(c.now())
    expect(Object.fromEntries(again.list().map((a) => [a.id, a.state]))).toEqual({ 'trend:X:HH': 'returned-unacknowledged', 'baseline:Y': 'unacknowledged' })
    db.close()
  })
})

describe('a flood of 1,000 alarms in 10 s', () => {
  it('journals every transition and names the first alarm as the first-out', () => {
    const c = clock(0)
    const f = summaryFixture(c.now)
    for (let i = 0; i < 1000; i++) {
      c.at(i * 10)
      f.summary.batch(() => f.summary.set(limitCondition({ id: `limit:T${i}:H`, tag: `T${i}`, priority: ((i % 4) + 1) as 1 | 2 | 3 | 4 }), true))
    }
    const list = f.summary.list()
    expect(list).toHaveLength(1000)
    expect(list.filter((a) => a.flood?.firstOut).map((a) => a.id)).toEqual(['limit:T0:H'])
    expect(list.every((a) => a.flood?.firstOutId === 'limit:T0:H')).toBe(true)
    expect(queryJournal(f.db, { from: 0, to: 20_000, limit: 5000 })).toHaveLength(f.transitions.length)
    expect(f.transitions.filter((t) => t.kind === 'raise')).toHaveLength(1000)
  })
})

describe('the journal query', () => {
  it("filters by any of several tags (a trend's pens), by one alarm, and by transition kind", () => {
    const c = clock(0)
    const f = summaryFixture(c.now)
    for (const [i, tag] of ['A', 'B', 'C'].entries()) {
      c.at(1000 * (i + 1))
      f.summary.set(limitCondition({ id: `limit:${tag}:H`, tag }), true)
    }
    c.at(5000)
    f.summary.set(limitCondition({ id: 'limit:A:H', tag: 'A' }), false)
    const marked = ['raise', 'acknowledge', 'return', 'clear'] as const
    const pens = queryJournal(f.db, { from: 0, to: 10_000, tags: ['A', 'C'], kinds: [...marked] })
    expect(pens.map((e) => [e.tag, e.kind])).toEqual([
      ['A', 'raise'],
      ['C', 'raise'],
      ['A', 'return']
    ])
    expect(queryJournal(f.db, { from: 0, to: 10_000, alarmId: 'limit:B:H' }).map((e) => e.kind)).toEqual(['raise'])
    expect(queryJournal(f.db, { from: 0, to: 10_000, tags: ['A'], kinds: ['raise'] })).toHaveLength(1)
  })
})
