import { writeFile } from 'node:fs/promises'
import { TAGS } from './model'
import { createPlant, type TruthFault, type TruthTrip } from './plant'
import type { PlantCalendar } from './plantCalendar'
import { createScenarioRunner, type Scenario, type ScenarioEvent } from './scenario'

/** Inputs of {@link recordPlant}. */
export interface RecordOptions {
  /** Physics seed; default 1. */
  seed?: number
  /** Simulated seconds to record. */
  durationS: number
  /** Simulated seconds between rows; default 60. */
  intervalS?: number
  /** Scheduled faults (a loaded scenario or its events); default none. */
  scenario?: Scenario | readonly ScenarioEvent[]
  /** Wall time of simulated t = 0; default 2026-01-01T00:00:00Z so datasets are byte-identical per seed. */
  startTime?: Date
  /**
   * The clock a scenario's schedule, the ambient day and the lube round follow; default: t = 0
   * is a Monday midnight, whatever `startTime` says (the benches' recordings depend on it).
   * `wallClockCalendar(startTime, 0)` puts them on the local time of the row timestamps.
   */
  calendar?: PlantCalendar
}

/** One sampled row. */
export interface RecordRow {
  /** Simulated seconds since start. */
  timeS: number
  /** ISO-8601 time of the row (startTime + timeS). */
  timestamp: string
  /** One value per entry of {@link Recording.columns}; Running is 1/0; NaN where the tag's status is Bad (comms-loss). */
  values: Float64Array
  /** Faults active at this row, `CV-101:bearing-wear;PU-401:comms-loss`, or ''. */
  faults: string
  /** Equipment that has failed (tripped) and not been reset at this row, `CV-101;DR-202`, or ''. */
  failed: string
}

/** Ground truth of a recording: what was injected, when, and when it made the equipment fail. */
export interface GroundTruth {
  seed: number
  startTime: string
  durationS: number
  intervalS: number
  faults: Array<TruthFault & { start: string; failure: string | null }>
  trips: Array<TruthTrip & { time: string }>
}

/** Output of {@link recordPlant}. */
export interface Recording {
  /** Tag names `<equipment>.<variable>`, the order of RecordRow.values. */
  columns: readonly string[]
  rows: RecordRow[]
  truth: GroundTruth
}

/**
 * Run the demo plant's physics with no server and no waiting, and return a labelled dataset.
 * Pure and deterministic: the same options give the same recording. The anomaly engine's
 * lead-time benchmarks depend on this; keep the signature stable (add optional fields only).
 *
 * Row k is sampled at timeS = k · intervalS for k = 0 … floor(durationS / intervalS).
 */
export function recordPlant(options: RecordOptions): Recording {
  const seed = options.seed ?? 1
  const intervalS = options.intervalS ?? 60
  const { durationS } = options
  if (!(durationS > 0) || !(intervalS > 0)) throw new Error('recordPlant: durationS and intervalS must be positive')
  const startMs = (options.startTime ?? new Date('2026-01-01T00:00:00Z')).getTime()
  const iso = (s: number): string => new Date(startMs + s * 1000).toISOString()
  const schedule = options.scenario !== undefined && 'events' in options.scenario ? (options.scenario.schedule ?? null) : null
  const plant = createPlant({ seed, schedule, ...(options.calendar ? { calendar: options.calendar } : {}) })
  const events = options.scenario === undefined ? [] : 'events' in options.scenario ? options.scenario.events : options.scenario
  const runner = createScenarioRunner(plant, events)
  const bad = new Uint8Array(TAGS.length)
  const rows: RecordRow[] = []
  const count = Math.floor(durationS / intervalS + 1e-9)
  for (let k = 0; k <= count; k++) {
    const timeS = k * intervalS
    runner.runTo(timeS)
    const values = new Float64Array(TAGS.length)
    plant.read(values, bad)
    for (let i = 0; i < bad.length; i++) if (bad[i]) values[i] = NaN
    const faults = plant.state.faults.map((f) => `${plant.state.equipment[f.equipmentIndex]!.def.id}:${f.kind}`).join(';')
    const failed = plant.state.equipment.filter((e) => e.tripped).map((e) => e.def.id).join(';')
    rows.push({ timeS, timestamp: iso(timeS), values, faults, failed })
  }
  const truth: GroundTruth = {
    seed,
    startTime: iso(0),
    durationS,
    intervalS,
    faults: plant.truth.faults.map((f) => ({
      ...f,
      start: iso(f.startS),
      failure: f.failureS === null ? null : iso(f.failureS)
    })),
    trips: plant.truth.trips.map((t) => ({ ...t, time: iso(t.timeS) }))
  }
  return { columns: TAGS.map((t) => t.name), rows, truth }
}

/** CSV text of a recording: `timestamp`, one column per tag, then `fault` and `failed` labels. */
export function recordingToCsv(rec: Recording): string {
  const lines = [['timestamp', ...rec.columns, 'fault', 'failed'].join(',')]
  for (const r of rec.rows) {
    const cells = [r.timestamp]
    for (let i = 0; i < r.values.length; i++) {
      const v = r.values[i]!
      cells.push(Number.isNaN(v) ? '' : String(Math.round(v * 1e4) / 1e4))
    }
    cells.push(r.faults, r.failed)
    lines.push(cells.join(','))
  }
  return lines.join('\n') + '\n'
}

/** Write `<out>` (CSV) and `<out>.truth.json`. */
export async function writeRecording(rec: Recording, out: string): Promise<void> {
  await writeFile(out, recordingToCsv(rec), 'utf8')
  await writeFile(`${out}.truth.json`, JSON.stringify(rec.truth, null, 2) + '\n', 'utf8')
}
