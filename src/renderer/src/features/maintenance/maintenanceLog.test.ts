import { describe, expect, it } from 'vitest'
import type { MaintenanceEntry } from '../../../../shared/domain'
import { MAINTENANCE_ENTRIES_SHOWN, mergeEntries, operatorMessage } from './maintenanceLog'

const entry = (id: number, createdAt: number, text = `entry ${id}`): MaintenanceEntry => ({
  id,
  createdAt,
  text,
  equipment: null,
  source: 'operator'
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
