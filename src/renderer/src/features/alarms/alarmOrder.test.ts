import { describe, expect, it } from 'vitest'
import type { Alarm } from '../../../../shared/domain'
import { needsAcknowledge, sortAlarms } from './alarmOrder'

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
