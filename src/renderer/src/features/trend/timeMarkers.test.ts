import { describe, expect, it } from 'vitest'
import type { MaintenanceEntry } from '../../../../shared/domain'
import { maintenanceMarkers, markerColour } from './timeMarkers'

const entry = (over: Partial<MaintenanceEntry>): MaintenanceEntry => ({
  id: 1,
  createdAt: 1000,
  text: 'text',
  equipment: 'CV-101',
  source: 'operator',
  dueAt: null,
  completedAt: null,
  author: 'olga',
  completedBy: null,
  workOrder: null,
  ...over
})

describe('time markers', () => {
  it('marks log notes where written and work orders where raised and done, for the trend equipment and the site', () => {
    const markers = maintenanceMarkers(
      [
        entry({ id: 1, createdAt: 3000, text: 'greased' }),
        entry({ id: 2, createdAt: 1000, source: 'engine', author: null, dueAt: 9000, completedAt: 5000, completedBy: 'sue', text: 'check bearing' }),
        entry({ id: 3, createdAt: 2000, equipment: 'DR-201', text: 'other machine' }),
        entry({ id: 4, createdAt: 4000, equipment: null, text: 'site-wide' })
      ],
      new Set(['CV-101'])
    )
    expect(markers.map((m) => [m.at, m.kind])).toEqual([
      [1000, 'workorder'],
      [3000, 'maintenance'],
      [4000, 'maintenance'],
      [5000, 'workorder']
    ])
    expect(markers[0]!.label).toBe('Work order raised · CV-101: check bearing')
    expect(markers[3]!.label).toBe('Work order done · CV-101 · sue: check bearing')
    expect(markers[1]!.label).toBe('Log · CV-101 · olga: greased')
  })

  it('colours alarms by priority and keeps the rest muted', () => {
    expect(markerColour({ at: 0, kind: 'alarm', priority: 1, label: '' })).not.toBe(markerColour({ at: 0, kind: 'alarm', priority: 4, label: '' }))
    expect(markerColour({ at: 0, kind: 'alarm', label: '' })).toBe(markerColour({ at: 0, kind: 'alarm', priority: 4, label: '' }))
  })
})
