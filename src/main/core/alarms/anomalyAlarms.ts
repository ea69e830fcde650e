import type { AlarmPriority } from '../../../shared/alarms'
import type { AnomalyEvent, AnomalySeverity } from '../../../shared/anomaly'
import type { AlarmCondition, AlarmSummary } from './alarmSummary'

const ANOMALY_PRIORITY: Record<AnomalySeverity, AlarmPriority> = { critical: 1, high: 2, medium: 3, low: 4, info: 4 }

/**
 * Sensor-health checks that say the instrument itself is wrong: stuck (flat-lined), outside
 * its EU range, not a number. Gaps, staleness, Bad status and odd timestamps say the data
 * did not flow, which the status bar, the tag health and the `system:connection` alarm
 * already tell; as alarms they would flood the list after every restart or link loss.
 */
const INSTRUMENT_FAULTS: ReadonlySet<string> = new Set(['stuck', 'range', 'invalid'])
const variantOf = (condition: string): string => condition.slice(condition.lastIndexOf(':') + 1)

/**
 * The engine's events as alarms. Limit events are left out: limit alarms are evaluated
 * on the main thread, without the worker's hop, by `limitAlarms` (the same evaluator).
 * Data-quality events of a faulty instrument are sensor-health alarms at the lowest priority;
 * while the link is down they are suppressed by design (see `designSuppression`), so a lost
 * link is one system alarm, not a flood.
 */
export function anomalyCondition(event: AnomalyEvent): AlarmCondition | undefined {
  if (event.detector === 'limit' || event.kind === 'info') return undefined
  if (event.kind === 'data-quality') {
    if (!INSTRUMENT_FAULTS.has(variantOf(event.condition))) return undefined
    return {
      id: event.condition,
      tag: event.tag,
      equipment: event.equipment,
      kind: 'sensor-health',
      limit: null,
      priority: 4,
      message: `Signal ${event.detail}`,
      value: event.actual,
      threshold: event.expected,
      unit: event.unit,
      detector: event.detector,
      ...(event.action ? { action: event.action } : {})
    }
  }
  const predictive = event.kind === 'predictive'
  return {
    id: event.condition,
    tag: event.tag,
    equipment: event.equipment,
    kind: predictive ? 'predictive' : 'anomaly',
    limit: predictive ? event.etaLimit : null,
    // Predicted HH/LL crossings are urgent; an early H warning is the point of prediction, not a panic.
    priority: predictive ? (event.etaLimit === 'HH' || event.etaLimit === 'LL' ? 2 : 3) : ANOMALY_PRIORITY[event.severity],
    // The banner shows the ETA live and the action apart: the message says only what is wrong.
    message: predictive
      ? `Trending to ${event.etaLimit} limit${event.expected === null ? '' : ` (${event.expected} ${event.unit})`}`.trim()
      : `${event.detail.charAt(0).toUpperCase()}${event.detail.slice(1)}`,
    value: event.actual,
    threshold: event.expected,
    unit: event.unit,
    detector: event.detector,
    ...(event.action ? { action: event.action } : {}),
    ...(predictive && event.etaSeconds !== null
      ? { eta: { seconds: event.etaSeconds, uncertaintySeconds: event.etaUncertaintySeconds ?? 0, at: event.time } }
      : {}),
    ...(event.contributions.length > 1 ? { contributions: [...event.contributions].sort((a, b) => b.share - a.share) } : {})
  }
}

/**
 * Applies a list of engine events to the alarm summary, as one batch. An `update` (a standing
 * prediction's new ETA) refreshes its alarm's message, limit, priority and `eta` while the
 * alarm stands, without a transition: it is not raised or annunciated again, and an alarm
 * no longer active (or no longer listed) is left alone.
 */
export function applyAnomalyEvents(summary: AlarmSummary, events: readonly AnomalyEvent[]): void {
  summary.batch(() => {
    for (const event of events) {
      const condition = anomalyCondition(event)
      if (!condition) continue
      if (event.update !== undefined && summary.get(condition.id)?.active !== true) continue
      summary.set(condition, event.active)
    }
  })
}
