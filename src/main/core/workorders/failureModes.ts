import { isRaise, type AnomalyEvent } from '../../../shared/anomaly'
import type { SignalKind } from '../../../shared/tagMap'
import type { Craft, FailureMode } from '../../../shared/workOrders'

/**
 * The one place where the engine's detections become failure modes. A detection is about a
 * signal (its tag, or the top contributor of a machine's multivariate model), and the kind
 * of signal says which mechanism it watches: vibration watches bearings, a machine's level
 * its lubricant, temperature its cooling. Tag names never enter into it.
 */
const BY_SIGNAL: Record<SignalKind, FailureMode> = {
  vibration: 'bearing-wear',
  level: 'lubrication',
  temperature: 'overheating',
  current: 'overload',
  power: 'overload',
  pressure: 'pressure',
  voltage: 'electrical',
  ratio: 'electrical',
  flow: 'process',
  speed: 'process',
  energy: 'process',
  state: 'process',
  other: 'machine'
}

/**
 * Which failure modes are known consequences of another, on the same machine: a lost
 * lubricant film wears the bearings and heats the machine; a worn bearing runs hot; an
 * overloaded motor heats. A detection of a consequence while the cause's work order is
 * open is evidence for that order, not a second one. `machine` (the multivariate model
 * without a clearer signal) follows whatever order is open.
 */
export const CONSEQUENCES: Readonly<Record<FailureMode, readonly FailureMode[]>> = {
  lubrication: ['bearing-wear', 'overheating', 'overload', 'machine'],
  'bearing-wear': ['overheating', 'machine'],
  overload: ['overheating', 'machine'],
  overheating: ['machine'],
  pressure: ['overload', 'machine'],
  electrical: ['overheating', 'machine'],
  process: ['overload', 'machine'],
  machine: []
}

/** Who does the job when no rule of the tag map says (see {@link defaultRuleFor}). */
export const DEFAULT_CRAFT: Readonly<Record<FailureMode, Craft>> = {
  'bearing-wear': 'mechanical',
  lubrication: 'lubrication',
  overheating: 'electrical',
  overload: 'mechanical',
  pressure: 'mechanical',
  electrical: 'electrical',
  process: 'mechanical',
  machine: 'mechanical'
}

/**
 * Whether an engine event should lead to maintenance: raised anomalies, predictions and limit
 * alarms, not data quality (nor updates of standing predictions: the planner re-dates with those).
 */
export const isMaintenanceEvent = (e: AnomalyEvent): boolean =>
  isRaise(e) && (e.kind === 'anomaly' || e.kind === 'predictive') && e.detector !== 'health' && e.detector !== 'regime'

/**
 * Failure modes a limit alarm alone may open a work order for: the machine's condition. A
 * flow, speed, load or current past its limit is for the operator to act on, not a job; it
 * still joins an open order as evidence.
 */
export const CONDITION_MODES: ReadonlySet<FailureMode> = new Set(['bearing-wear', 'lubrication', 'overheating', 'pressure', 'electrical'])

/**
 * The id of the event's alarm in the alarm list: the engine's condition ids and the alarm
 * ids follow one scheme (`conditionId`), so a limit condition `limit:CV-101.Vibration:HH`
 * is that alarm.
 */
export const alarmIdOf = (e: AnomalyEvent): string => e.condition

/**
 * The failure mode an engine event points at: by the signal kind of its tag (for the
 * machine's model, of its top contributor). `signalOf` gives a tag's signal kind, or
 * undefined for a tag the map does not know (then: `machine`).
 */
export function failureModeOf(event: AnomalyEvent, signalOf: (tag: string) => SignalKind | undefined): FailureMode {
  const top = event.detector === 'multivariate' ? [...event.contributions].sort((a, b) => b.share - a.share)[0]?.tag ?? event.tag : event.tag
  const kind = signalOf(top)
  // A multivariate anomaly led by a context signal (speed, load) says the machine differs, not how.
  if (event.detector === 'multivariate' && (kind === undefined || BY_SIGNAL[kind] === 'process')) return 'machine'
  return kind === undefined ? 'machine' : BY_SIGNAL[kind]
}
