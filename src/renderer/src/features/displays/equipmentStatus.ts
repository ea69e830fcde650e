import type { LearnedSummary } from '../../../../shared/anomaly'
import type { Alarm, AlarmPriority } from '../../../../shared/domain'
import type { Reading } from '../../lib/latestReading'

/** The engine's judgement of a machine: as learned, keep an eye on it, or abnormal now. */
export type Verdict = 'normal' | 'watch' | 'anomaly'

/**
 * How the machine is operated: the engine's mode, or `learning` while it learns where it runs now;
 * `no-value` while its running feedback has not reported yet, `unknown` while that feedback's
 * quality is bad (or nothing at all tells).
 */
export type RunState = 'stopped' | 'starting' | 'running' | 'learning' | 'no-value' | 'unknown'

/** The newest reading of a machine's running feedback tag (1 running, 0 stopped). */
export type RunningFeedback = Pick<Reading, 'value' | 'good'>

/** What a tile and an equipment display say about one machine's alarms. */
export interface EquipmentAlarmStatus {
  /** The alarm that matters most: highest priority, unacknowledged before acknowledged, active before returned. */
  top: Alarm | undefined
  active: number
  unacknowledged: number
  verdict: Verdict
  /** The soonest predicted crossing of a limit, counted from `eta.at`. */
  eta: { tag: string; limit: string; seconds: number; at: number } | undefined
  /** By tag: the highest priority of its alarms that hold (returned ones left out), for its indicator. */
  priorities: ReadonlyMap<string, AlarmPriority>
}

const EMPTY: EquipmentAlarmStatus = { top: undefined, active: 0, unacknowledged: 0, verdict: 'normal', eta: undefined, priorities: new Map() }

const isReturned = (alarm: Alarm): boolean => alarm.state === 'returned-unacknowledged'

/** Sorts key: lower is more important. */
function weight(alarm: Alarm): number {
  return alarm.priority * 4 + (isReturned(alarm) ? 2 : 0) + (alarm.state === 'acknowledged' ? 1 : 0)
}

/**
 * Each machine's alarm status. The verdict is `anomaly` while a limit or anomaly alarm holds
 * (not merely returned), `watch` while a limit is predicted or an anomaly returned unacknowledged,
 * else `normal`. System alarms are about Plantwatch, not the machine, and are left out. A machine
 * without alarms gets one shared status, so a display redrawn on a new alarm list redraws only
 * the machines whose alarms changed.
 */
export function alarmStatusByEquipment(alarms: readonly Alarm[]): Map<string, EquipmentAlarmStatus> {
  const out = new Map<string, EquipmentAlarmStatus & { priorities: Map<string, AlarmPriority> }>()
  for (const alarm of alarms) {
    if (alarm.kind === 'system') continue
    let status = out.get(alarm.equipment)
    if (!status) out.set(alarm.equipment, (status = { ...EMPTY, priorities: new Map() }))
    status.active++
    if (alarm.state !== 'acknowledged') status.unacknowledged++
    if (!status.top || weight(alarm) < weight(status.top) || (weight(alarm) === weight(status.top) && alarm.raisedAt > status.top.raisedAt)) {
      status.top = alarm
    }
    const holds = !isReturned(alarm)
    if (holds && (alarm.kind === 'limit' || alarm.kind === 'anomaly')) status.verdict = 'anomaly'
    else if (status.verdict === 'normal' && (alarm.kind === 'predictive' || alarm.kind === 'anomaly')) status.verdict = 'watch'
    if (holds && alarm.kind === 'predictive' && alarm.eta) {
      const due = alarm.eta.at + alarm.eta.seconds * 1000
      const current = status.eta ? status.eta.at + status.eta.seconds * 1000 : Infinity
      if (due < current) status.eta = { tag: alarm.tag, limit: alarm.limit ?? 'limit', seconds: alarm.eta.seconds, at: alarm.eta.at }
    }
    const priority = status.priorities.get(alarm.tag)
    if (holds && (priority === undefined || alarm.priority < priority)) status.priorities.set(alarm.tag, alarm.priority)
  }
  return out
}

export const noAlarms = (): EquipmentAlarmStatus => EMPTY

/** Seconds left until a predicted crossing at `now` (epoch ms); never negative. */
export function secondsLeft(eta: { seconds: number; at: number }, now: number): number {
  return Math.max(0, eta.seconds - (now - eta.at) / 1000)
}

/**
 * How the machine runs. A machine with a running feedback tag (`running` given) is stopped or
 * running as that tag says now; the engine's mode follows it a poll later and may come from a
 * learned state saved at the last shutdown, so it only adds `starting` (settling after a start)
 * and `learning` (it is learning the machine or the operating point it runs at) to a running
 * machine. Until the tag has a current value the badge claims nothing. A machine without one
 * (`running` undefined) has only the engine's mode.
 */
export function runState(learned: LearnedSummary | undefined, running: RunningFeedback | undefined): RunState {
  if (running === undefined) {
    if (!learned) return 'unknown'
    return learned.learning === true && learned.mode !== 'stopped' ? 'learning' : learned.mode
  }
  if (running.value === undefined || !Number.isFinite(running.value)) return 'no-value'
  if (!running.good) return 'unknown'
  if (running.value < 0.5) return 'stopped'
  if (learned?.learning === true) return 'learning'
  return learned?.mode === 'starting' ? 'starting' : 'running'
}

export const RUN_STATE_TEXT: Record<RunState, string> = {
  stopped: 'Stopped',
  starting: 'Starting',
  running: 'Running',
  learning: 'Learning',
  'no-value': 'No value',
  unknown: 'State unknown'
}

export const VERDICT_TEXT: Record<Verdict, string> = { normal: 'Normal', watch: 'Watch', anomaly: 'Anomaly' }

/**
 * The machine of the next unacknowledged alarm after `current` in banner order (alarms as
 * sorted, most urgent first), wrapping around; undefined when none is unacknowledged.
 */
export function nextUnacknowledgedEquipment(alarms: readonly Alarm[], current: string | null): string | undefined {
  const machines: string[] = []
  for (const alarm of alarms) {
    if (alarm.state === 'acknowledged' || alarm.kind === 'system' || machines.includes(alarm.equipment)) continue
    machines.push(alarm.equipment)
  }
  if (machines.length === 0) return undefined
  const at = current === null ? -1 : machines.indexOf(current)
  return machines[(at + 1) % machines.length]
}
