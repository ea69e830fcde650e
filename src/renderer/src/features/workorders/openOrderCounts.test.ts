import { describe, expect, it } from 'vitest'
import { countOpenOrders } from './openOrderCounts'

describe('countOpenOrders', () => {
  it('counts open, scheduled and in-progress orders per machine, never done or cancelled ones', () => {
    const counts = countOpenOrders([
      { id: 1, equipment: 'CV-101', state: 'open' },
      { id: 2, equipment: 'CV-101', state: 'in-progress' },
      { id: 3, equipment: 'CV-101', state: 'done' },
      { id: 4, equipment: 'DR-201', state: 'scheduled' },
      { id: 5, equipment: 'PU-401', state: 'cancelled' }
    ])
    expect(Object.fromEntries(counts)).toEqual({ 'CV-101': 2, 'DR-201': 1 })
  })
})
