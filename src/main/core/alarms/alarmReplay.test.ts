import { describe, expect, it } from 'vitest'
import type { Alarm } from '../../../shared/alarms'
import { alarmListAt } from './alarmReplay'
import { limitCondition, summaryFixture } from './testFixtures'

const MIN_MS = 60_000

/** What the journal can tell of a listed alarm (ETAs, limit values and units are no transitions). */
const journaled = (a: Alarm) => ({
  id: a.id,
  state: a.state,
  active: a.active,
  priority: a.priority,
  message: a.message,
  value: a.value,
  raisedAt: a.raisedAt,
  acknowledgedBy: a.acknowledgedBy,
  shelved: a.shelved ? { by: a.shelved.by, reason: a.shelved.reason, at: a.shelved.at } : undefined,
  suppressed: a.suppressed,
  outOfService: a.outOfService,
  comments: a.comments
})
const byId = (list: readonly Alarm[]) => [...list].sort((a, b) => a.id.localeCompare(b.id)).map(journaled)

describe('the alarm list at a past time, rebuilt from the journal', () => {
  it('matches the live list at every step: raise, acknowledge, shelve and its expiry, out of service, comment, return, clear', () => {
    let now = 1_000_000
    const { db, summary } = summaryFixture(() => now)
    const A = limitCondition()
    const B = limitCondition({ id: 'limit:PU-402.DischargePressure:L', tag: 'PU-402.DischargePressure', equipment: 'PU-402', limit: 'L', priority: 2, message: 'DischargePressure below L limit', value: 2 })
    const C = limitCondition({ id: 'limit:CV-101.MotorTemp:H', tag: 'CV-101.MotorTemp', equipment: 'CV-101', limit: 'H', priority: 3, message: 'MotorTemp above H limit', value: 91 })
    const steps: Array<() => void> = [
      () => summary.set(A, true, now),
      () => summary.acknowledge([A.id], 'olga', 'pump checked'),
      () => summary.set(B, true, now),
      () => summary.shelve(B.id, 30, 'sensor being replaced', 'olga'),
      () => summary.set(C, true, now),
      () => summary.outOfService(C.id, 'thermocouple removed', 'erik'),
      () => summary.comment(A.id, 'fitter on the way', 'sue'),
      () => summary.set({ ...A, value: 25 }, false, now),
      () => summary.tick(now),
      () => summary.returnToService(C.id, 'erik')
    ]
    const seen: Array<{ at: number; live: ReturnType<typeof byId> }> = []
    for (const step of steps) {
      step()
      seen.push({ at: now + 1, live: byId(summary.list()) })
      now += 20 * MIN_MS
    }
    for (const { at, live } of seen) expect(byId(alarmListAt(db, at)), `at +${(at - 1_000_001) / MIN_MS} min`).toEqual(live)
    // The shelve ran out by itself: its expiry is the journaled automatic unshelve.
    const shelvedThen = alarmListAt(db, seen[4]!.at).find((a) => a.id === B.id)!
    expect(shelvedThen.shelved).toMatchObject({ by: 'olga', reason: 'sensor being replaced' })
    expect(shelvedThen.shelved!.until).toBe(seen[8]!.at - 1)
  })

  it('leaves the expiry of a shelve ended by hand unknown (NaN), never invented', () => {
    let now = 5_000_000
    const { db, summary } = summaryFixture(() => now)
    summary.set(limitCondition(), true, now)
    summary.shelve(limitCondition().id, 60, 'maintenance', 'olga')
    now += 10 * MIN_MS
    summary.unshelve(limitCondition().id, 'olga')
    const [alarm] = alarmListAt(db, now - 1)
    expect(alarm!.shelved?.reason).toBe('maintenance')
    expect(alarm!.shelved?.until).toBeNaN()
    expect(alarmListAt(db, now + 1)[0]!.shelved).toBeUndefined()
  })
})

describe('designed suppression in the rebuilt list', () => {
  it('shows an alarm raised into suppression as suppressed, with the reason', () => {
    const now = 9_000_000
    const { db, summary } = summaryFixture(() => now, { suppression: () => 'PU-401 stopped' })
    summary.set(limitCondition(), true, now)
    expect(byId(alarmListAt(db, now + 1))).toEqual(byId(summary.list()))
    expect(alarmListAt(db, now + 1)[0]!.suppressed).toEqual({ reason: 'PU-401 stopped', at: now })
  })
})
