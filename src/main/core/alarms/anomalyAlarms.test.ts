import { describe, expect, it } from 'vitest'
import { AlarmSchema } from '../../../shared/domain'
import { anomalyCondition, applyAnomalyEvents } from './anomalyAlarms'
import { anomalyEvent, summaryFixture } from './testFixtures'

describe('engine events as alarms', () => {
  it('makes a predictive alarm with its ETA, valid against the contract', () => {
    const condition = anomalyCondition(anomalyEvent())!
    expect(condition).toMatchObject({
      kind: 'predictive',
      limit: 'HH',
      priority: 2,
      message: 'Trending to HH limit (11 mm/s)',
      eta: { seconds: 2400, uncertaintySeconds: 300, at: 1_000 }
    })
    const { summary, transitions } = summaryFixture(() => 5)
    applyAnomalyEvents(summary, [anomalyEvent()])
    expect(transitions.map((t) => t.kind)).toEqual(['raise'])
    expect(AlarmSchema.parse(summary.list()[0])).toMatchObject({ id: 'trend:CV-101.Vibration:HH', state: 'unacknowledged', action: 'inspect bearing' })
  })

  it('ranks anomalies by severity and keeps multivariate contributions, largest first', () => {
    const condition = anomalyCondition(
      anomalyEvent({
        condition: 'multivariate:CV-101',
        detector: 'multivariate',
        kind: 'anomaly',
        severity: 'medium',
        etaSeconds: null,
        etaUncertaintySeconds: null,
        etaLimit: null,
        contributions: [
          { tag: 'CV-101.MotorTemp', share: 0.3, expected: 60, actual: 70 },
          { tag: 'CV-101.Vibration', share: 0.7, expected: 2, actual: 5 }
        ]
      })
    )!
    expect(condition).toMatchObject({ kind: 'anomaly', limit: null, priority: 3 })
    expect(condition.eta).toBeUndefined()
    expect(condition.contributions?.map((c) => c.tag)).toEqual(['CV-101.Vibration', 'CV-101.MotorTemp'])
  })

  it('leaves limit events to the limit alarms and makes data-quality events sensor-health alarms of the lowest priority', () => {
    expect(anomalyCondition(anomalyEvent({ detector: 'limit', kind: 'anomaly' }))).toBeUndefined()
    expect(anomalyCondition(anomalyEvent({ condition: 'health:CV-101.Vibration:stuck', detector: 'health', kind: 'data-quality', detail: 'stuck at 4.2 for 10 min' }))).toMatchObject({
      id: 'health:CV-101.Vibration:stuck',
      kind: 'sensor-health',
      priority: 4,
      limit: null,
      message: 'Signal stuck at 4.2 for 10 min'
    })
    // A gap in the data is about the link, not the instrument: the status bar tells it.
    expect(anomalyCondition(anomalyEvent({ condition: 'health:CV-101.Vibration:gap', detector: 'health', kind: 'data-quality', detail: 'gap of 30 s' }))).toBeUndefined()
  })

  it('takes a prediction update as news for the standing alarm: new ETA and limit, no transition, no raise', () => {
    const { summary, transitions } = summaryFixture(() => 5)
    const update = (over: Parameters<typeof anomalyEvent>[0] = {}) => anomalyEvent({ update: 'prediction', time: 61_000, etaSeconds: 1200, etaLimit: 'HH', ...over })
    // Not listed: an update raises nothing.
    applyAnomalyEvents(summary, [update()])
    expect(summary.list()).toEqual([])
    applyAnomalyEvents(summary, [anomalyEvent({ etaLimit: 'H', expected: 7.1 })])
    summary.acknowledge(['trend:CV-101.Vibration:HH'], 'olga')
    applyAnomalyEvents(summary, [update({ expected: 11 })])
    expect(transitions.map((t) => t.kind)).toEqual(['raise', 'acknowledge'])
    expect(summary.list()[0]).toMatchObject({ state: 'acknowledged', limit: 'HH', priority: 2, message: 'Trending to HH limit (11 mm/s)', eta: { seconds: 1200, uncertaintySeconds: 300, at: 61_000 }, raisedAt: 5 })
    // Returned: a late update does not bring it back.
    applyAnomalyEvents(summary, [anomalyEvent({ active: false }), update({ time: 62_000 })])
    expect(summary.list()).toEqual([])
    expect(transitions.map((t) => t.kind)).toEqual(['raise', 'acknowledge', 'return', 'clear'])
  })

  it('clears with the engine, keeping an unacknowledged alarm, its priority and message as raised', () => {
    const { summary } = summaryFixture(() => 0)
    applyAnomalyEvents(summary, [anomalyEvent()])
    applyAnomalyEvents(summary, [anomalyEvent({ active: false, severity: 'info', detail: 'no longer trending towards a limit', actual: 4 })])
    expect(summary.list().map((a) => [a.state, a.priority, a.message, a.value])).toEqual([['returned-unacknowledged', 2, 'Trending to HH limit (11 mm/s)', 4]])
    summary.acknowledge(['trend:CV-101.Vibration:HH'], 'olga')
    expect(summary.list()).toEqual([])
  })
})
