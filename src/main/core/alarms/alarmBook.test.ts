import { describe, expect, it } from 'vitest'
import { createAlarmBook, type AlarmCondition } from './alarmBook'

const condition = (over: Partial<AlarmCondition> = {}): AlarmCondition => ({
  id: 'PU-401.DischargePressure:HH',
  tag: 'PU-401.DischargePressure',
  equipment: 'PU-401',
  kind: 'limit',
  limit: 'HH',
  priority: 1,
  message: 'Discharge pressure above HH limit',
  value: 31,
  threshold: 30,
  unit: 'bar',
  ...over
})

describe('ISA-18.2 alarm book', () => {
  it('asks for a new acknowledgement when an acknowledged condition returns', () => {
    let now = 100
    const book = createAlarmBook(() => now)
    book.set(condition(), true)
    book.acknowledge([condition().id])
    expect(book.list()[0]).toMatchObject({ state: 'acknowledged', acknowledgedAt: 100 })
    now = 200
    book.set(condition(), false)
    expect(book.list()).toEqual([])
    now = 300
    book.set(condition(), true)
    expect(book.list()[0]).toMatchObject({ state: 'unacknowledged', raisedAt: 300 })
    expect(book.list()[0]?.acknowledgedAt).toBeUndefined()
  })

  it('says nothing changed when a cleared condition clears again, and forgets on request', () => {
    const book = createAlarmBook(() => 0)
    expect(book.set(condition(), false)).toBe(false)
    book.set(condition(), true)
    book.set(condition({ id: 'x', tag: 'gone' }), true)
    expect(book.forget((alarm) => alarm.tag === 'gone')).toBe(true)
    expect(book.list().map((a) => a.id)).toEqual([condition().id])
  })
})
