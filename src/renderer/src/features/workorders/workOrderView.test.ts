import { describe, expect, it } from 'vitest'
import type { MaintenanceEntry } from '../../../../shared/domain'
import type { WorkOrder } from '../../../../shared/workOrders'
import { alarmIdsOf, alarmLinksOf, dueText, logEntriesOf, mergeOrder, stepForKey, stepsFrom } from './workOrderView'

const order = (over: Partial<WorkOrder> = {}): WorkOrder => ({
  id: 1,
  number: 'WO-000001',
  equipment: 'CV-101',
  failureMode: 'bearing-wear',
  state: 'open',
  action: 'Inspect and replace drive-end bearing',
  priority: 'high',
  craft: 'mechanical',
  durationH: 4,
  dueAt: 10_000_000,
  createdAt: 0,
  updatedAt: 0,
  source: 'detection',
  cancelReason: null,
  baselineResetAt: null,
  evidence: [
    { at: 0, alarmId: 'trend:CV-101.Vibration:HH', kind: 'detection', explanation: 'x', etaAt: null, trend: null },
    { at: 1, alarmId: 'trend:CV-101.Vibration:HH', kind: 'detection', explanation: 'y', etaAt: null, trend: null },
    { at: 2, alarmId: null, kind: 'runtime', explanation: 'z', etaAt: null, trend: null }
  ],
  history: [],
  ...over
})

describe('work-order list helpers', () => {
  it('offers only forward steps, and cancel until closed', () => {
    expect(stepsFrom('open').map((s) => s.label)).toEqual(['Schedule', 'Start', 'Done', 'Cancel'])
    expect(stepsFrom('scheduled').map((s) => s.label)).toEqual(['Start', 'Done', 'Cancel'])
    expect(stepsFrom('in-progress').map((s) => s.label)).toEqual(['Done', 'Cancel'])
    expect(stepsFrom('done')).toEqual([])
    expect(stepsFrom('cancelled')).toEqual([])
    expect(stepForKey('in-progress', 'S')).toBeUndefined()
    expect(stepForKey('scheduled', 'D')?.to).toBe('done')
  })

  it('words due times and keeps the list due-first', () => {
    expect(dueText(order(), 10_000_000 - 7_200_000)).toEqual({ text: 'due in 2 h', overdue: false })
    expect(dueText(order(), 10_000_000 + 720_000)).toEqual({ text: 'overdue by 12 min', overdue: true })
    expect(dueText(order({ state: 'done' }), 10_000_000 + 720_000)).toEqual({ text: 'done', overdue: false })
    const list = mergeOrder([order(), order({ id: 2, dueAt: 5 })], order({ id: 1, dueAt: 1, state: 'scheduled' }))
    expect(list.map((o) => [o.id, o.state])).toEqual([[1, 'scheduled'], [2, 'open']])
  })

  it('links orders and alarms both ways', () => {
    expect(alarmIdsOf(order())).toEqual(['trend:CV-101.Vibration:HH'])
    expect(alarmLinksOf(order({ evidence: [...order().evidence, { at: 5, alarmId: 'anomaly:CV-101', kind: 'consequential', explanation: 'w', etaAt: null, trend: null }] }))).toEqual([
      { alarmId: 'trend:CV-101.Vibration:HH', at: 1 },
      { alarmId: 'anomaly:CV-101', at: 5 }
    ])
  })

  it("finds an order's log entries by its number, oldest first", () => {
    const entry = (id: number, createdAt: number, workOrder: string | null): MaintenanceEntry => ({
      id,
      createdAt,
      text: 't',
      equipment: 'CV-101',
      source: 'operator',
      dueAt: null,
      completedAt: null,
      author: null,
      completedBy: null,
      workOrder
    })
    const entries = [entry(4, 400, 'WO-000001'), entry(3, 300, null), entry(2, 200, 'WO-000002'), entry(1, 100, 'WO-000001')]
    expect(logEntriesOf(entries, 'WO-000001').map((e) => e.id)).toEqual([1, 4])
    expect(logEntriesOf(entries, 'WO-000009')).toEqual([])
  })
})
