import type { Contribution } from '../../../../shared/anomaly'
import type { Alarm, AlarmKind } from '../../../../shared/domain'
import { formatDuration, formatTime } from '../../lib/format'

/**
 * What a banner row says beyond the message: the kind of alarm and the numbers
 * that explain it. Pure text, so the banner stays a thin component.
 */

/** Short, fixed-width labels: the operator reads the kind before the message. */
export const KIND_LABEL: Record<AlarmKind, string> = {
  limit: 'LIMIT',
  predictive: 'PREDICT',
  anomaly: 'ANOMALY',
  'sensor-health': 'SENSOR',
  system: 'SYSTEM',
  'server-condition': 'SERVER'
}

export const KIND_DESCRIPTION: Record<AlarmKind, string> = {
  limit: 'Limit alarm: the value is past a limit now',
  predictive: 'Predictive alarm: the trend will cross a limit',
  anomaly: 'Anomaly: abnormal behaviour while still inside the limits',
  'sensor-health': 'Sensor health: the signal itself is doubtful (stuck, out of range, bad quality)',
  system: 'System: Plantwatch itself needs attention (link lost, the historian cannot record)',
  'server-condition': "Server condition: an OPC UA alarm of the plant's server"
}

const DETECTOR_LABEL: Record<string, string> = {
  limit: 'Limit',
  rate: 'Rate of change',
  baseline: 'Baseline',
  drift: 'Drift',
  trend: 'Trend',
  health: 'Signal health',
  multivariate: 'Multivariate'
}

const NUMBER_PRECISION = 4
/** Contributions shown per multivariate alarm; the rest are noise to the operator. */
export const CONTRIBUTIONS_SHOWN = 3
/** A tag below this share is not named unless it is the top one. */
const MIN_SHARE_SHOWN = 0.05

/** `5.812`, `11`, `—` for a missing or non-finite number. */
export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : String(Number(value.toPrecision(NUMBER_PRECISION)))
}

const withUnit = (value: number | null | undefined, unit: string): string => {
  const text = formatNumber(value)
  return unit && text !== '—' ? `${text} ${unit}` : text
}

/** `CV-101.Vibration` on CV-101 reads `Vibration`; tags of other equipment keep their full name. */
export function shortTagName(tag: string, equipment: string): string {
  return tag.startsWith(`${equipment}.`) ? tag.slice(equipment.length + 1) : tag
}

export const detectorLabel = (detector: string): string => DETECTOR_LABEL[detector] ?? detector

/** Limit alarms, as the banner always showed them: `12.3 mm/s / HH 11 mm/s`. */
export function limitText(alarm: Alarm): string {
  return `${withUnit(alarm.value, alarm.unit)} / ${alarm.limit ?? 'limit'} ${withUnit(alarm.threshold, alarm.unit)}`
}

/** Seconds left until the predicted crossing at `now`; negative once it is past. */
export function secondsToLimit(eta: NonNullable<Alarm['eta']>, now: number): number {
  return (eta.at + eta.seconds * 1000 - now) / 1000
}

/**
 * The live countdown of a predictive alarm: `HH in 2 h 41 min ± 20 min`,
 * `HH due now ± 5 min` once the predicted time has passed, or null without an ETA.
 */
export function countdownText(alarm: Alarm, now: number): string | null {
  if (!alarm.eta) return null
  const limit = alarm.limit ?? 'Limit'
  const left = secondsToLimit(alarm.eta, now)
  const spread = Math.round(alarm.eta.uncertaintySeconds) > 0 ? ` ± ${formatDuration(alarm.eta.uncertaintySeconds)}` : ''
  return left >= 0.5 ? `${limit} in ${formatDuration(left)}${spread}` : `${limit} due now${spread}`
}

/**
 * What a predictive alarm is measured against: `limit 7.1 mm/s, raised at 3.0 mm/s`.
 * The value is the one the prediction started from; the live value is on the indicator.
 */
export function predictionBasisText(alarm: Alarm): string {
  // Not "HH 11": that reads as a limit alarm that has already tripped.
  const limit = `limit ${withUnit(alarm.threshold, alarm.unit)}`
  return alarm.value === null ? limit : `${limit}, raised at ${withUnit(alarm.value, alarm.unit)}`
}

/** `expected 3.1, actual 5.8 mm/s`; the unit once, at the end, as both share it. */
export function expectedActualText(expected: number | null, actual: number | null, unit: string): string {
  return `expected ${formatNumber(expected)}, actual ${withUnit(actual, unit)}`
}

/** `Vibration 62%, MotorTemp 25%`: the top contributors, largest first. */
export function contributionsText(contributions: readonly Contribution[], equipment: string, shown = CONTRIBUTIONS_SHOWN): string {
  return [...contributions]
    .sort((a, b) => b.share - a.share)
    .filter((c, i) => i === 0 || c.share >= MIN_SHARE_SHOWN)
    .slice(0, shown)
    .map((c) => `${shortTagName(c.tag, equipment)} ${Math.round(c.share * 100)}%`)
    .join(', ')
}

export interface AnomalyDetail {
  /** `Baseline`, `Multivariate: Vibration 62%, MotorTemp 25%`. */
  source: string
  /** `expected 3.1, actual 5.8 mm/s`, prefixed by the tag for multivariate alarms. */
  numbers: string
}

/**
 * An anomaly explained: which detector saw it and expected against actual. A
 * multivariate alarm's numbers belong to its top contributor, whose unit the
 * alarm does not carry (the alarm is about the equipment), hence `unitOf`.
 */
export function anomalyDetail(alarm: Alarm, unitOf: (tag: string) => string | undefined): AnomalyDetail {
  const detector = detectorLabel(alarm.detector ?? 'anomaly')
  const contributions = alarm.contributions ?? []
  if (contributions.length < 2) {
    return { source: detector, numbers: expectedActualText(alarm.threshold, alarm.value, alarm.unit) }
  }
  const top = contributions.reduce((a, b) => (b.share > a.share ? b : a))
  const unit = unitOf(top.tag) ?? alarm.unit
  return {
    source: `${detector}: ${contributionsText(contributions, alarm.equipment)}`,
    numbers: `${shortTagName(top.tag, alarm.equipment)} ${expectedActualText(top.expected, top.actual, unit)}`
  }
}

/** The message without a leading `<tag>: `, which the row's Tag column already shows. */
export function messageText(alarm: Alarm): string {
  const prefix = `${alarm.tag}: `
  return alarm.message.startsWith(prefix) && alarm.message.length > prefix.length ? alarm.message.slice(prefix.length) : alarm.message
}

/** The row's action text, unless the engine already wrote it into the message. */
export function actionSuffix(alarm: Alarm): string | null {
  if (!alarm.action) return null
  return alarm.message.toLowerCase().includes(alarm.action.toLowerCase()) ? null : alarm.action
}

/** What hides an alarm from annunciation, with who and why; null for an annunciated alarm. */
export function hiddenText(a: Alarm): string | null {
  if (a.outOfService) return `Out of service by ${a.outOfService.by}: ${a.outOfService.reason}`
  if (a.shelved) return `Shelved by ${a.shelved.by} until ${formatTime(a.shelved.until)}: ${a.shelved.reason}`
  if (a.suppressed) return `Suppressed by design: ${a.suppressed.reason}`
  return null
}
