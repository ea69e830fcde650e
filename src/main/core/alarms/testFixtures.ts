import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Alarm, AlarmTransition } from '../../../shared/alarms'
import { openPlantDatabase } from '../storage/plantDatabase'
import { createAlarmStore } from './alarmStore'
import { createAlarmSummary, type AlarmCondition } from './alarmSummary'
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

/** A summary over a real plant database in a temp dir, with every transition it emitted. */
export function summaryFixture(
  clock: () => number = () => 0,
  options: { suppression?: (alarm: Alarm) => string | undefined; configured?: (id: string) => AlarmCondition | undefined; dir?: string } = {}
) {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'pw-alarms-'))
  const db = openPlantDatabase(join(dir, 'plantwatch.db'))
  const summary = createAlarmSummary({ store: createAlarmStore(db), clock, ...(options.suppression ? { suppression: options.suppression } : {}), ...(options.configured ? { configured: options.configured } : {}) })
  const transitions: AlarmTransition[] = []
  summary.onChange((batch) => transitions.push(...batch))
  return { dir, db, summary, transitions, kinds: () => transitions.map((t) => `${t.kind}:${t.state}`) }
}

/** A limit condition (PU-401 discharge pressure past HH), for tests to vary. */
export const limitCondition = (over: Partial<AlarmCondition> = {}): AlarmCondition => ({
  id: 'limit:PU-401.DischargePressure:HH',
  tag: 'PU-401.DischargePressure',
  equipment: 'PU-401',
  kind: 'limit',
  limit: 'HH',
  priority: 1,
  message: 'DischargePressure above HH limit',
  value: 31,
  threshold: 30,
  unit: 'bar',
  ...over
})
