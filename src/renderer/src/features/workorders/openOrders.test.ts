import { describe, expect, it } from 'vitest'
import { countOpenOrders, ordersByAlarm, type OrderPlace } from './openOrders'

const place = (id: number, equipment: string, state: OrderPlace['state'], alarmIds: string[] = []): OrderPlace => ({
  id,
  number: `WO-${String(id).padStart(6, '0')}`,
  equipment,
  state,
  alarmIds
})

describe('countOpenOrders', () => {
  it('counts open, scheduled and in-progress orders per machine, never done or cancelled ones', () => {
    const counts = countOpenOrders([
      place(1, 'CV-101', 'open'),
      place(2, 'CV-101', 'in-progress'),
      place(3, 'CV-101', 'done'),
      place(4, 'DR-201', 'scheduled'),
      place(5, 'PU-401', 'cancelled')
    ])
    expect(Object.fromEntries(counts)).toEqual({ 'CV-101': 2, 'DR-201': 1 })
  })
})

describe('ordersByAlarm', () => {
  it('maps each alarm to the open orders whose evidence names it, oldest order first, and leaves closed orders out', () => {
    const byAlarm = ordersByAlarm([
      place(7, 'CV-101', 'scheduled', ['trend:CV-101.Vibration:HH', 'anomaly:CV-101']),
      place(3, 'CV-101', 'open', ['anomaly:CV-101']),
      place(5, 'DR-201', 'done', ['limit:DR-201.Oil:L']),
      place(9, 'DR-201', 'cancelled', ['anomaly:CV-101'])
    ])
    expect(byAlarm.get('anomaly:CV-101')?.map((o) => o.number)).toEqual(['WO-000003', 'WO-000007'])
    expect(byAlarm.get('trend:CV-101.Vibration:HH')).toEqual([{ id: 7, number: 'WO-000007', equipment: 'CV-101' }])
    expect(byAlarm.has('limit:DR-201.Oil:L')).toBe(false)
    expect(ordersByAlarm([]).size).toBe(0)
  })
})
