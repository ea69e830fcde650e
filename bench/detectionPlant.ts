import { isRaise, type AnomalyEvent } from '../src/shared/anomaly'
import { STATUS_NO_COMMUNICATION } from '../src/shared/domain'
import type { DetectionTag } from '../src/main/core/detection/config'
import { DEFAULT_MIN_RUNNING_S } from '../src/main/core/detection/config'
import { createEngineState, stepEquipment, stepSample } from '../src/main/core/detection/engine'
import { recordPlant } from '../src/main/demo-plant/record'
import { ProductionScheduleSchema } from '../src/main/demo-plant/schedule'
import { defaultTagMap } from '../src/main/demo-plant/tagMap'
import { roleOf } from '../src/shared/tagMap'

/**
 * Lead-time figures on the demo plant's record mode: how long before a degrading
 * fault makes its machine fail does the engine first say something, and how much
 * earlier is that than a plain H (or L) limit alarm.
 */
export interface FaultRun {
  fault: string
  equipment: string
  /** Minutes from first detection to failure (null: not detected before failure). */
  leadMin: number | null
  /** Minutes the first detection came before the first plain limit crossing. */
  gainVsLimitMin: number | null
  firstDetector: string | null
  /** Minutes from the first predictive alarm (ETA under the horizon) to failure. */
  predictiveLeadMin: number | null
  /** Anomalies raised on the machine before the fault started. */
  falseBefore: number
}

const INTERVAL_S = 10
// The engine learns a machine over a day of running before its learned detectors raise
// (issue 9): the recording starts that long before the fault, as a live plant's history would.
// Pumps run a quarter of the time: four plant days give every machine its day of running.
const LEARN_S = 4 * DEFAULT_MIN_RUNNING_S
const FAULT_AT_S = LEARN_S + 3 * 3600

export const DEGRADING: Array<[fault: string, equipment: string]> = [
  ['bearing-wear', 'CV-101'],
  ['lube-leak', 'CV-102'],
  ['cooling-failure', 'CR-301'],
  ['pressure-surge', 'PU-401'],
  ['belt-overload', 'CV-103']
]

/** The demo plant's tag map as the engine takes it. */
export function plantTags(): DetectionTag[] {
  return defaultTagMap().tags.map((t, index) => ({ ...t, signal: t.signal ?? 'other', unit: t.unit ?? '', limits: t.limits ?? {}, index }))
}

/** Replays a recording through the engine; returns the events and the row times (epoch ms). */
export function replayRecording(rec: ReturnType<typeof recordPlant>, tags: DetectionTag[]): { events: AnomalyEvent[]; samples: number } {
  const st = createEngineState(tags)
  const events: AnomalyEvent[] = []
  const x = { t: 0, v: 0, status: 0 }
  const start = Date.parse(rec.truth.startTime)
  let samples = 0
  for (const row of rec.rows) {
    x.t = start + row.timeS * 1000
    for (let j = 0; j < tags.length; j++) {
      x.v = row.values[j]!
      x.status = Number.isNaN(x.v) ? STATUS_NO_COMMUNICATION : 0
      stepSample(st, j, x, events)
      samples++
    }
    stepEquipment(st, x.t, events)
  }
  return { events, samples }
}

// Only the machine's health signals: a context signal crossing its limit (a feed-rate peak) is
// how the machine is operated, and warns of no fault.
function firstLimitCrossing(rec: ReturnType<typeof recordPlant>, tags: DetectionTag[], equipment: string, fromS: number): number | null {
  const cols = tags.map((t, j) => [t, j] as const).filter(([t]) => t.equipment === equipment && roleOf(t) === 'health')
  for (const row of rec.rows) {
    if (row.timeS < fromS) continue
    for (const [t, j] of cols) {
      const v = row.values[j]!
      if ((t.limits.H !== undefined && v >= t.limits.H) || (t.limits.L !== undefined && v <= t.limits.L)) return row.timeS
    }
  }
  return null
}

const healthyRuns = new Map<number, ReturnType<typeof recordPlant>>()

// A fault injected while its machine stands still (a pump waiting for its sump) shows only at
// the next start, already past its limit: the fault starts at the machine's first running
// sample after FAULT_AT_S, found in a healthy recording of the same seed (identical until then).
function faultStartS(equipment: string, seed: number, tags: DetectionTag[]): number {
  let rec = healthyRuns.get(seed)
  if (rec === undefined) {
    rec = recordPlant({ seed, durationS: FAULT_AT_S + 12 * 3600, intervalS: INTERVAL_S })
    healthyRuns.set(seed, rec)
  }
  const running = tags.findIndex((t) => t.equipment === equipment && t.signal === 'state')
  if (running < 0) return FAULT_AT_S
  return rec.rows.find((r) => r.timeS >= FAULT_AT_S && r.values[running]! >= 0.5)?.timeS ?? FAULT_AT_S
}

/** Runs one degrading fault on its machine and measures the lead times. */
export function faultRun(fault: string, equipment: string, seed = 1): FaultRun {
  const tags = plantTags()
  const atS = faultStartS(equipment, seed, tags)
  const rec = recordPlant({
    seed,
    durationS: atS + 14 * 3600,
    intervalS: INTERVAL_S,
    scenario: [{ atS, equipment, action: 'inject', fault, params: {} }]
  })
  const truth = rec.truth.faults.find((f) => f.fault === fault)
  const failureS = truth?.failureS ?? null
  const start = Date.parse(rec.truth.startTime)
  const { events } = replayRecording(rec, tags)
  const mine = events.filter((e) => isRaise(e) && (e.kind === 'anomaly' || e.kind === 'predictive') && e.equipment === equipment)
  const falseBefore = mine.filter((e) => e.time < start + atS * 1000).length
  const first = mine.find((e) => e.time >= start + atS * 1000)
  const limitS = firstLimitCrossing(rec, tags, equipment, atS)
  const detS = first ? (first.time - start) / 1000 : null
  const pred = mine.find((e) => e.kind === 'predictive' && e.time >= start + atS * 1000)
  const predS = pred ? (pred.time - start) / 1000 : null
  return {
    fault,
    equipment,
    leadMin: detS !== null && failureS !== null && detS <= failureS ? (failureS - detS) / 60 : null,
    gainVsLimitMin: detS !== null && limitS !== null ? (limitS - detS) / 60 : null,
    firstDetector: first ? `${first.detector}:${first.tag}` : null,
    predictiveLeadMin: predS !== null && failureS !== null && predS <= failureS ? (failureS - predS) / 60 : null,
    falseBefore
  }
}

/** A healthy day after the engine's learning day: every anomaly or predictive alarm raised is a false alarm. */
export function healthyDay(seed = 7): { anomalies: number; predictive: number; byDetector: Record<string, number> } {
  const tags = plantTags()
  const rec = recordPlant({ seed, durationS: LEARN_S + 24 * 3600, intervalS: INTERVAL_S })
  const raised = replayRecording(rec, tags).events.filter((e) => isRaise(e) && (e.kind === 'anomaly' || e.kind === 'predictive'))
  const byDetector: Record<string, number> = {}
  for (const e of raised) byDetector[`${e.detector}`] = (byDetector[e.detector] ?? 0) + 1
  return { anomalies: raised.length, predictive: raised.filter((e) => e.kind === 'predictive').length, byDetector }
}

/** A healthy week of the plant on its production schedule, after the learning days: every anomaly or predictive alarm raised after learning is a false alarm. */
export function healthyWeek(seed = 11): { anomalies: number; days: number; byDetector: Record<string, number> } {
  const tags = plantTags()
  const days = 7
  const rec = recordPlant({ seed, durationS: LEARN_S + days * 86_400, intervalS: INTERVAL_S, scenario: { schedule: ProductionScheduleSchema.parse({}), events: [] } })
  const from = Date.parse(rec.truth.startTime) + LEARN_S * 1000
  const raised = replayRecording(rec, tags).events.filter((e) => isRaise(e) && (e.kind === 'anomaly' || e.kind === 'predictive') && e.time >= from)
  const byDetector: Record<string, number> = {}
  for (const e of raised) byDetector[`${e.detector}:${e.tag}`] = (byDetector[`${e.detector}:${e.tag}`] ?? 0) + 1
  return { anomalies: raised.length, days, byDetector }
}
