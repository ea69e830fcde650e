import { describe, expect, it } from 'vitest'
import type { Alarm } from '../../../../shared/domain'
import { BANNER_ROWS, BANNER_ROWS_SHORT, NO_FILTER, bannerAlarms, groupByFlood, heldRows, needsAcknowledge, passes, sortAlarms, sortBy } from './alarmOrder'

const alarm = (id: string, priority: Alarm['priority'], raisedAt: number, state: Alarm['state'] = 'unacknowledged'): Alarm => ({
  id,
  tag: 'CV-101.MotorTemp',
  equipment: 'CV-101',
  kind: 'limit',
  limit: 'H',
  priority,
  state,
  active: state !== 'returned-unacknowledged',
  message: 'Motor temperature high',
  value: 95,
  threshold: 90,
  unit: '°C',
  raisedAt
})

describe('sortAlarms', () => {
  it('puts priority 1 first, then the newest', () => {
    const sorted = sortAlarms([alarm('a', 3, 500), alarm('b', 1, 100), alarm('c', 1, 300), alarm('d', 2, 900)])
    expect(sorted.map((a) => a.id)).toEqual(['c', 'b', 'd', 'a'])
  })

  it('is stable by id for equal priority and time, and does not mutate its input', () => {
    const input = [alarm('z', 2, 100), alarm('y', 2, 100)]
    expect(sortAlarms(input).map((a) => a.id)).toEqual(['y', 'z'])
    expect(input.map((a) => a.id)).toEqual(['z', 'y'])
  })
})

describe('needsAcknowledge', () => {
  it('is true for unacknowledged and returned-unacknowledged alarms', () => {
    expect(needsAcknowledge(alarm('a', 1, 0, 'unacknowledged'))).toBe(true)
    expect(needsAcknowledge(alarm('a', 1, 0, 'returned-unacknowledged'))).toBe(true)
    expect(needsAcknowledge(alarm('a', 1, 0, 'acknowledged'))).toBe(false)
  })
})

describe('the banner', () => {
  it('shows a fixed number of rows, unacknowledged first, the first-out of a flood leading, and counts the rest', () => {
    const list = Array.from({ length: 9 }, (_, i) => alarm(`a${i}`, 2, i * 10))
    list.push({ ...alarm('ack', 1, 1000, 'acknowledged') })
    list.push({ ...alarm('shelved', 1, 2000), shelved: { by: 'olga', reason: 'r', at: 0, until: 1 } })
    list[3] = { ...list[3]!, flood: { id: 1, firstOut: true, firstOutId: 'a3' } }
    const { shown, rest } = bannerAlarms(list)
    expect(shown).toHaveLength(BANNER_ROWS)
    expect(shown[0]?.id).toBe('a3')
    expect(shown.map((a) => a.id)).not.toContain('ack')
    expect(rest).toBe(10 - BANNER_ROWS)
  })

  it('never asks to acknowledge a shelved, suppressed or out-of-service alarm', () => {
    expect(needsAcknowledge({ ...alarm('a', 1, 0), suppressed: { reason: 'stopped', at: 0 } })).toBe(false)
  })
})

describe('the alarm summary', () => {
  it('filters by priority, area, equipment, state and age', () => {
    const a = { ...alarm('a', 1, 0), equipment: 'CV-101' }
    const b = { ...alarm('b', 2, 9000), equipment: 'PU-401', shelved: { by: 'o', reason: 'r', at: 0, until: 1 } }
    const area = (e: string) => (e.startsWith('CV') ? 'Conveying' : 'Dewatering')
    const pick = (f: Partial<typeof NO_FILTER>) => [a, b].filter((x) => passes(x, { ...NO_FILTER, ...f }, area, 10_000)).map((x) => x.id)
    expect(pick({})).toEqual(['a', 'b'])
    expect(pick({ priority: 2 })).toEqual(['b'])
    expect(pick({ area: 'Conveying' })).toEqual(['a'])
    expect(pick({ equipment: 'PU-401' })).toEqual(['b'])
    expect(pick({ state: 'shelved' })).toEqual(['b'])
    expect(pick({ state: 'unacknowledged' })).toEqual(['a'])
    expect(pick({ minAgeMs: 5000 })).toEqual(['a'])
  })

  it('sorts by a column either way and groups consequential alarms under their first-out', () => {
    const list = [alarm('x', 3, 5), alarm('y', 1, 9), alarm('z', 2, 1)]
    expect(sortBy(list, 'time', true).map((a) => a.id)).toEqual(['y', 'x', 'z'])
    expect(sortBy(list, 'priority', false).map((a) => a.id)).toEqual(['y', 'z', 'x'])
    const flood = (id: string, firstOut: boolean) => ({ ...alarm(id, 2, 0), flood: { id: 7, firstOut, firstOutId: 'f' } })
    const grouped = groupByFlood([flood('c1', false), alarm('q', 1, 0), flood('f', true), flood('c2', false)])
    expect(grouped.map((g) => `${g.alarm.id}:${g.depth}`)).toEqual(['q:0', 'f:0', 'c1:1', 'c2:1'])
  })
})

describe('heldRows', () => {
  it('keeps the held rows in place in their latest state, drops those gone or hidden, and counts what waits', () => {
    const before = [alarm('a', 1, 300), alarm('b', 2, 200), alarm('c', 3, 100)]
    const held = before.map((a) => a.id)
    // Meanwhile a new priority 1 alarm would lead, b was acknowledged and c cleared.
    const now = [alarm('n', 1, 400), alarm('a', 1, 300), alarm('b', 2, 200, 'acknowledged')]
    const { shown } = bannerAlarms(now)
    expect(shown.map((a) => a.id)).toEqual(['n', 'a', 'b'])
    const { rows, waiting } = heldRows(shown, now, held)
    expect(rows.map((a) => [a.id, a.state])).toEqual([
      ['a', 'unacknowledged'],
      ['b', 'acknowledged']
    ])
    expect(waiting).toBe(1)
    const shelved = [{ ...now[1]!, shelved: { by: 'ann', reason: 'r', at: 0, until: 1 } }, now[2]!]
    expect(heldRows(shown, shelved, held).rows.map((a) => a.id)).toEqual(['b'])
    expect(heldRows(shown, now, null)).toEqual({ rows: shown, waiting: 0 })
  })
})

describe('bannerAlarms on a short screen', () => {
  it('shows the rows it is given room for and counts the rest', () => {
    const list = Array.from({ length: BANNER_ROWS + 1 }, (_, i) => alarm(`a${i}`, 2, i))
    expect(bannerAlarms(list).shown).toHaveLength(BANNER_ROWS)
    const short = bannerAlarms(list, BANNER_ROWS_SHORT)
    expect(short.shown.map((a) => a.id)).toEqual(['a5', 'a4', 'a3'])
    expect(short.rest).toBe(BANNER_ROWS + 1 - BANNER_ROWS_SHORT)
  })
})
