import { describe, expect, it } from 'vitest'
import { anomalyEvent } from '../alarms/testFixtures'
import { groupRootCauses, newRootCauseState, ROOT_CAUSE_WINDOW_S } from './rootCause'
import { lubeLeakEvents as leak } from './testSupport'

const WINDOW_MS = ROOT_CAUSE_WINDOW_S * 1000

describe('root-cause grouping', () => {
  it('makes the first raise on a machine the lead and later ones within the window its evidence', () => {
    const s = newRootCauseState()
    const events = leak()
    groupRootCauses(s, events, 0, WINDOW_MS)
    expect(events.map((e) => e.evidenceFor)).toEqual([undefined, 'baseline:DR-201.LubeLevel@1', 'baseline:DR-201.LubeLevel@1'])
    // Another machine and a raise long after the window each lead on their own.
    const other = [anomalyEvent({ id: 'x@1', equipment: 'CV-101', time: 2_000 }), anomalyEvent({ id: 'late@1', condition: 'rate:DR-201.Pressure', equipment: 'DR-201', detector: 'rate', kind: 'anomaly', time: 1_000 + WINDOW_MS + 1 })]
    groupRootCauses(s, other, 0, WINDOW_MS)
    expect(other.map((e) => e.evidenceFor)).toEqual([undefined, undefined])
  })

  it('lets the most specific detector lead among raises of the same instant, and forgets a cleared lead', () => {
    const s = newRootCauseState()
    const same = [
      anomalyEvent({ id: 'mv@5', equipment: 'CR-301', detector: 'multivariate', kind: 'anomaly', time: 5_000 }),
      anomalyEvent({ id: 'drift@5', equipment: 'CR-301', detector: 'drift', kind: 'anomaly', time: 5_000 })
    ]
    groupRootCauses(s, same, 0, WINDOW_MS)
    expect(same.map((e) => e.evidenceFor)).toEqual(['drift@5', undefined])
    const cleared = [anomalyEvent({ id: 'drift@5', equipment: 'CR-301', detector: 'drift', kind: 'anomaly', time: 6_000, active: false })]
    groupRootCauses(s, cleared, 0, WINDOW_MS)
    const next = [anomalyEvent({ id: 'rate@7', equipment: 'CR-301', detector: 'rate', kind: 'anomaly', time: 7_000 })]
    groupRootCauses(s, next, 0, WINDOW_MS)
    expect(next[0]!.evidenceFor).toBeUndefined()
  })

})
