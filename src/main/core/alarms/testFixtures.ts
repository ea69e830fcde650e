import { AnomalyEventSchema, type AnomalyEvent } from '../../../shared/anomaly'

/** A valid predictive engine event (vibration heading for HH), for tests to vary. */
export const anomalyEvent = (over: Partial<AnomalyEvent> = {}): AnomalyEvent =>
  AnomalyEventSchema.parse({
    id: 'trend:CV-101.Vibration:HH#1',
    condition: 'trend:CV-101.Vibration:HH',
    tag: 'CV-101.Vibration',
    tags: ['CV-101.Vibration'],
    equipment: 'CV-101',
    detector: 'trend',
    kind: 'predictive',
    severity: 'high',
    message: 'CV-101.Vibration: trending to HH in 40 min (±5 min). Suggested action: inspect bearing',
    detail: 'trending to HH in 40 min (±5 min)',
    expected: 11,
    actual: 6.2,
    unit: 'mm/s',
    score: 0.8,
    contributions: [],
    etaSeconds: 2400,
    etaUncertaintySeconds: 300,
    etaLimit: 'HH',
    action: 'inspect bearing',
    time: 1_000,
    active: true,
    ...over
  })
