import { describe, expect, it } from 'vitest'
import type { MaintenanceEntry } from '../../../../shared/domain'
import { MAINTENANCE_ENTRIES_SHOWN, dueOf, mergeEntries, operatorMessage, sourceLabel } from './maintenanceLog'

const entry = (id: number, createdAt: number, text = `entry ${id}`): MaintenanceEntry => ({
  id,
  createdAt,
  text,
  equipment: null,
  source: 'operator',
  dueAt: null,
  completedAt: null,
  author: null,
  completedBy: null,
  workOrder: null
})

describe('mergeEntries', () => {
  it('lists newest first and keeps one row per id', () => {
    const merged = mergeEntries([entry(1, 100), entry(2, 200)], [entry(3, 300), entry(2, 200, 'again')])
    expect(merged.map((e) => e.id)).toEqual([3, 2, 1])
    expect(merged[1]?.text).toBe('again')
  })

  it('orders equal times by id, newest id first', () => {
    expect(mergeEntries([], [entry(1, 5), entry(2, 5)]).map((e) => e.id)).toEqual([2, 1])
  })

  it('caps the list', () => {
    const many = Array.from({ length: MAINTENANCE_ENTRIES_SHOWN + 5 }, (_, i) => entry(i, i))
    const merged = mergeEntries([], many)
    expect(merged).toHaveLength(MAINTENANCE_ENTRIES_SHOWN)
    expect(merged[0]?.id).toBe(MAINTENANCE_ENTRIES_SHOWN + 4)
  })
})

describe('operatorMessage', () => {
  it('drops the channel and field prefix of a contract message', () => {
    expect(operatorMessage('maintenance:add: text: a log entry needs text')).toBe('a log entry needs text')
    expect(operatorMessage('not connected to the host; reconnecting')).toBe('not connected to the host; reconnecting')
  })
})

describe('scheduled entries', () => {
  const now = new Date(2026, 10, 25, 2, 0, 0).getTime()
  const scheduled: MaintenanceEntry = {
    ...entry(9, now - 60_000, 'Scheduled: inspect bearing'),
    source: 'engine',
    equipment: 'CV-101',
    dueAt: now + (3 * 3600 + 10 * 60) * 1000
  }

  it('are labelled apart from operator entries and engine notes', () => {
    expect(sourceLabel(scheduled)).toBe('SCHEDULED')
    expect(sourceLabel({ ...scheduled, dueAt: null, completedAt: null })).toBe('engine')
    expect(sourceLabel(entry(1, 0))).toBe('operator')
  })

  it('say when they are due, and say OVERDUE in words once the time has passed', () => {
    expect(dueOf(scheduled, now)).toEqual({ at: scheduled.dueAt, overdue: false, done: false, text: 'due 2026-11-25 05:10 (in 3 h 10 min)' })
    expect(dueOf(scheduled, now + 4 * 3600_000)).toEqual({
      at: scheduled.dueAt,
      overdue: true,
      done: false,
      text: 'OVERDUE: was due 2026-11-25 05:10 (50 min ago)'
    })
    expect(dueOf(entry(1, 0), now)).toBeNull()
  })

  it('stop being due, or overdue, once marked done', () => {
    const doneAt = now + 5 * 3600_000
    expect(dueOf({ ...scheduled, completedAt: doneAt }, now + 6 * 3600_000)).toEqual({
      at: doneAt,
      overdue: false,
      done: true,
      text: 'done 2026-11-25 07:00'
    })
  })

  it('keep the newest-first order with operator entries', () => {
    expect(mergeEntries([entry(1, now - 120_000)], [scheduled, entry(10, now)]).map((e) => e.id)).toEqual([10, 9, 1])
  })
})
