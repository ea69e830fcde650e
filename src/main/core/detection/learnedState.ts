import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { deserialize, serialize } from 'node:v8'
import type { AnomalyEvent } from '../../../shared/anomaly'
import type { EngineState } from './engine'
import { emitCondition } from './engine'
import type { LearnedSummary } from './modes'
import { learnedSummary, newEquipmentMode } from './modes'
import { newBaselineState } from './baseline'
import { newDriftState } from './drift'
import { newRateState } from './rate'
import { newTrendState } from './trend'

/**
 * What the engine has learned, kept across restarts: per tag its baseline (level, slope on
 * load, spreads) and drift reference; per machine its modes (regimes and hours, settle
 * time) and per-regime PCA models. Open conditions are not kept: after a restart the
 * detectors judge afresh what they see.
 */

/**
 * Version of the stored layout. Raise it whenever a learned structure changes shape or
 * meaning: an older file is then discarded and learning restarts, never misread.
 */
export const LEARNED_STATE_VERSION = 2

interface Stored {
  version: number
  /** Tag names, kinds and roles in engine order: a changed tag map invalidates what was learned. */
  fingerprint: string
  tags: Array<Pick<EngineState['tags'][number], 'baseline' | 'drift' | 'lagged' | 'standstill'>>
  modes: EngineState['modes']
  equipment: Array<{ name: string; mvs: EngineState['equipment'][number]['mvs'] }>
}

function fingerprint(st: EngineState): string {
  return st.tags.map((r) => `${r.cfg.name}:${r.cfg.signal}:${r.cfg.role}:${r.cfg.equipment}`).join('|')
}

/** The learned part of `st` as bytes (node:v8 serialization keeps typed arrays and NaN). */
export function serializeLearned(st: EngineState): Buffer {
  const stored: Stored = {
    version: LEARNED_STATE_VERSION,
    fingerprint: fingerprint(st),
    tags: st.tags.map((r) => ({ baseline: r.baseline, drift: { ...r.drift, up: 0, down: 0, on: false }, lagged: r.lagged, standstill: { ...r.standstill, stopT: Number.NaN } })),
    modes: st.modes.map((m) => ({ ...m, info: { ...m.info, active: false }, judging: false, mode: 'stopped', startedAt: Number.NaN, lastT: Number.NaN, pendingSince: Number.NaN })),
    equipment: st.equipment.map((e) => ({ name: e.name, mvs: e.mvs.map((mv) => (mv === null || mv === undefined ? null : { ...mv, gate: { on: false, pendingSince: Number.NaN } })) }))
  }
  return serialize(stored)
}

/**
 * Restores what `bytes` hold into a freshly created `st` (same tags). Returns why it was
 * discarded, or null when restored; never throws on bad bytes.
 */
export function restoreLearned(st: EngineState, bytes: Uint8Array): string | null {
  let stored: Stored
  try {
    stored = deserialize(bytes) as Stored
  } catch (e) {
    return `unreadable (${(e as Error).message})`
  }
  if (typeof stored !== 'object' || stored === null || stored.version !== LEARNED_STATE_VERSION) {
    return `version ${String((stored as Partial<Stored> | null)?.version)} is not ${LEARNED_STATE_VERSION}`
  }
  if (stored.fingerprint !== fingerprint(st)) return 'it belongs to another tag map'
  if (stored.tags.length !== st.tags.length || stored.modes.length !== st.modes.length || stored.equipment.length !== st.equipment.length) {
    return 'its shape does not match the tag map'
  }
  st.tags.forEach((r, i) => {
    const s = stored.tags[i]!
    r.baseline = { ...s.baseline, gate: { on: false, pendingSince: Number.NaN }, lastT: Number.NaN }
    r.drift = { ...s.drift, lastT: Number.NaN }
    r.lagged = s.lagged
    r.standstill = { ...s.standstill, stopT: Number.NaN }
  })
  st.modes.forEach((m, i) => Object.assign(m, stored.modes[i]!, { info: m.info }))
  st.equipment.forEach((e, i) => (e.mvs = stored.equipment[i]!.mvs))
  return null
}

/** Writes the learned state to `path` through a temporary file and a rename (never half-written). */
export function saveLearnedState(path: string, st: EngineState): void {
  const tmp = `${path}.${process.pid}.tmp`
  try {
    writeFileSync(tmp, serializeLearned(st))
    renameSync(tmp, path)
  } catch (e) {
    rmSync(tmp, { force: true })
    throw e
  }
}

/**
 * Loads the learned state from `path` into a fresh `st`. A missing file is a first start;
 * a corrupt, older or foreign one is discarded with a line to `log`, and learning
 * restarts. Returns true when something was restored. Never throws.
 */
export function loadLearnedState(path: string, st: EngineState, log: (line: string) => void): boolean {
  if (!existsSync(path)) return false
  let why: string | null
  try {
    why = restoreLearned(st, readFileSync(path))
  } catch (e) {
    why = `unreadable (${(e as Error).message})`
  }
  if (why === null) return true
  log(`anomaly engine: learned state ${path} discarded, learning restarts: ${why}`)
  return false
}

/**
 * Forgets what the engine learned about one machine (after a repair: the old normal is no
 * longer normal). Its open learned conditions are cleared (events appended to `out`), its
 * tags' baselines, drift, trend and rate fits and its regimes and models restart, and its
 * machine is learned afresh for the configured running time. Returns false for an unknown machine.
 */
export function resetEquipmentLearning(st: EngineState, equipment: string, now: number, out: AnomalyEvent[]): boolean {
  const mode = st.modes.findIndex((m) => m.name === equipment)
  if (mode < 0 && !st.tags.some((r) => r.cfg.equipment === equipment)) return false
  for (const r of st.tags) {
    if (r.cfg.equipment !== equipment) continue
    for (const name of ['rate', 'baseline', 'drift', 'trend'] as const) {
      const c = r.conds[name]
      if (!c.active) continue
      c.active = false
      c.since = now
      c.detail = 'learning restarted by an engineer'
      emitCondition(st, r, name, out)
    }
    r.baseline = newBaselineState()
    r.drift = newDriftState()
    r.trend = newTrendState()
    r.rate = newRateState()
  }
  for (const e of st.equipment) {
    if (e.name !== equipment) continue
    if (e.cond.active) {
      e.cond.active = false
      e.cond.since = now
      e.cond.detail = 'learning restarted by an engineer'
      emitCondition(st, e, 'multivariate', out)
    }
    e.mvs = []
    e.ratio = 0
  }
  if (mode >= 0) {
    const old = st.modes[mode]!
    const fresh = newEquipmentMode(old.name, old.stateSlot, old.loadSlot, old.settleS)
    Object.assign(old, fresh, { info: old.info })
  }
  return true
}

/** What each machine has learned: regimes, hours in each, settle time (for the engineer's view). */
export function learnedSummaries(st: EngineState): LearnedSummary[] {
  return st.modes.map((m) => learnedSummary(m, st.modeCfg))
}
