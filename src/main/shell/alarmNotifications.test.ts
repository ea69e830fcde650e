import { describe, expect, it } from 'vitest'
import type { AlarmTransition } from '../../shared/alarms'
import { priorityOneNotices } from './alarmNotifications'

const t = (over: Partial<AlarmTransition>): AlarmTransition => ({
  at: 0,
  kind: 'raise',
  alarmId: 'limit:PU-401.DischargePressure:HH',
  tag: 'PU-401.DischargePressure',
  equipment: 'PU-401',
  alarmKind: 'limit',
  priority: 1,
  value: 31,
  state: 'unacknowledged',
  message: 'DischargePressure above HH limit',
  user: null,
  comment: null,
  annunciated: true,
  ...over
})

describe('desktop notifications', () => {
  it('tells a minimised window of new priority 1 alarms only', () => {
    const batch = [t({}), t({ priority: 2 }), t({ annunciated: false }), t({ kind: 'acknowledge', annunciated: false })]
    expect(priorityOneNotices(batch, true)).toEqual([{ title: 'Priority 1 alarm: PU-401', body: 'PU-401.DischargePressure: DischargePressure above HH limit' }])
    expect(priorityOneNotices(batch, false)).toEqual([])
  })
})
