import type { AnomalyEvent } from '../../../shared/anomaly'
import type { SampleBatch } from '../../../shared/contract'
import { baselineReady, baselineSigma, entrySpread, stepBaseline } from './baseline'
import type { EngineState, EquipmentRuntime, TagRuntime } from './engineState'
import { plantTime, toSourceTime } from './engineState'
import type { EquipmentMode } from './modes'
import { observeWarmUp, stepMode } from './modes'
import { stepIso10816 } from './iso10816'
import { driftScore, stepDrift } from './drift'
import { HEALTH_CHANGED, HEALTH_GAP, HEALTH_USABLE, HEALTH_VARIANTS, stepHealth, tickHealth } from './health'
import { stepLimit } from './limit'
import { newMultivariateState, stepMultivariate } from './multivariate'
import { resetRate, stepRate } from './rate'
import { stepStandstill } from './standstill'
import { resetTrend, stepTrend } from './trend'
import type { Sample } from './types'
import { ewAlpha } from './types'
import type { Tracked } from './events'
import { groupRootCauses, ROOT_CAUSE_WINDOW_S } from './rootCause'
import { syncCondition, syncPrediction } from './events'

export { createEngineState, type EngineState, type EquipmentRuntime, type TagRuntime } from './engineState'

function emit(st: EngineState, tr: Tracked, r: TagRuntime | null, eq: string, out: AnomalyEvent[]): void {
  const from = out.length
  st.activeAnomalies += syncCondition(tr, r?.cfg ?? null, eq, out)
  toSourceTime(st, out, from)
}

/**
 * Emits what changed about a tag's learned condition or a machine's multivariate one, e.g.
 * after the caller cleared it (see `resetEquipmentLearning`).
 */
export function emitCondition(st: EngineState, owner: TagRuntime | EquipmentRuntime, name: (typeof LEARNED)[number] | 'multivariate', out: AnomalyEvent[]): void {
  if ('conds' in owner) {
    if (name !== 'multivariate') emit(st, owner.tracked[TRACKED_AT[name]]!, owner, owner.cfg.equipment, out)
  } else emit(st, owner.tracked, null, owner.name, out)
}

// A machine heats up over tens of minutes: its load is low-passed before it conditions a temperature.
const LOAD_LAG_S = 1200
// Time constants after which a low-pass has forgotten its past (e^-3 = 5 % of it remains).
const LAG_SETTLED = 3
const LEARNED = ['rate', 'baseline', 'drift', 'trend'] as const
const TRACKED_AT = { limit: 0, rate: 1, baseline: 2, drift: 3, trend: 4, iso10816: 5, standstill: 6 + HEALTH_VARIANTS.length } as const

function resetLatch(r: TagRuntime, name: (typeof LEARNED)[number]): void {
  if (name === 'rate') r.rate.gate.on = false
  else if (name === 'baseline') r.baseline.gate.on = false
  else if (name === 'trend') r.trend.gate.on = false
  else {
    r.drift.on = false
    r.drift.up = r.drift.down = 0
  }
}

/**
 * Emits a learned detector's change, unless its machine is not being judged (stopped,
 * starting, or still learning the machine or this operating point): then a raise is
 * swallowed and an open condition is cleared with `why`.
 */
function report(st: EngineState, r: TagRuntime, name: (typeof LEARNED)[number], judge: boolean, out: AnomalyEvent[], why = 'learning this operating point'): void {
  const tr = r.tracked[TRACKED_AT[name]]!
  if (!judge && tr.cond.active) {
    tr.cond.active = false
    tr.cond.detail = why
    resetLatch(r, name)
    if (tr.openId === null) return
  }
  emit(st, tr, r, r.cfg.equipment, out)
}

function quiet(st: EngineState, r: TagRuntime, t: number, out: AnomalyEvent[], why: string): void {
  for (const name of LEARNED) {
    if (!r.conds[name].active) continue
    r.conds[name].since = t
    report(st, r, name, false, out, why)
  }
}

// The rate of rise is smoothed over a few minutes: sample noise must not end a warm-up early.
const WARM_RATE_TAU_S = 300

function warmUp(r: TagRuntime, m: EquipmentMode, x: Sample): void {
  // This start's warm-up is timed: nothing to learn until the next start.
  if (r.warm.timed) {
    r.warmLastT = Number.NaN
    return
  }
  if (!Number.isNaN(r.warmLastT) && x.t > r.warmLastT) {
    const inst = ((x.v - r.warmLastV) * 1000) / (x.t - r.warmLastT)
    r.warmRate += ewAlpha(x.t - r.warmLastT, WARM_RATE_TAU_S) * (inst - r.warmRate)
  }
  r.warmLastT = x.t
  r.warmLastV = x.v
  observeWarmUp(m, r.warm, x.t, r.warmRate)
}

/** Advances the tag's machine mode to time `t` (once per timestamp); undefined without one. */
function modeFor(st: EngineState, r: TagRuntime, t: number, out: AnomalyEvent[]): EquipmentMode | undefined {
  if (r.modeOf < 0) return undefined
  advanceMode(st, r.modeOf, t, out)
  return st.modes[r.modeOf]!
}

function advanceMode(st: EngineState, mode: number, t: number, out: AnomalyEvent[]): void {
  const m = st.modes[mode]!
  // Once per timestamp, and never on a sample whose time is broken (health reports that one).
  if (!Number.isFinite(t) || t <= m.lastT) return
  const state = m.stateSlot < 0 ? Number.NaN : st.tags[m.stateSlot]!.lastGood
  const load = m.loadSlot < 0 ? Number.NaN : st.tags[m.loadSlot]!.lastGood
  if (stepMode(m, t, state, load, st.modeCfg)) emit(st, st.modeTracked[mode]!, null, m.name, out)
}

/**
 * Tracks the machine's running state for tag `r`. A stopped machine is not judged by
 * the learned detectors (its open conditions are cleared and its fits restart), and a
 * started one only after the tag's `settleS`. Returns true when the tag may be judged.
 */
function updateMode(st: EngineState, r: TagRuntime, m: EquipmentMode | undefined, t: number, out: AnomalyEvent[]): boolean {
  // Nothing tells when such a machine starts: it is taken to run, settled, from its first sample.
  if (m === undefined || (m.stateSlot < 0 && m.loadSlot < 0)) return true
  if (m.mode === 'stopped') {
    r.warm.peak = 0
    r.warm.timed = false
    if (!Number.isNaN(r.runningSince)) {
      r.runningSince = Number.NaN
      resetRate(r.rate)
      resetTrend(r.trend)
      quiet(st, r, t, out, 'machine stopped')
      r.drift.up = r.drift.down = 0
    }
    return false
  }
  if (Number.isNaN(r.runningSince)) r.runningSince = m.startedAt
  // A temperature is judged once this start's warm-up is over, however long it takes (a cold
  // Monday start takes longer than a warm restart after a trip); see `observeWarmUp`.
  const warm = r.cfg.signal !== 'temperature' || r.warm.timed
  // A temperature's expected value comes from its load low-passed with the thermal lag: that
  // lag still carries the stop (it decays faster than the machine cools) until about three time
  // constants of running have passed. Judged earlier, every restart looks too hot for its load.
  const lagged = r.cfg.signal === 'temperature' && r.cfg.loadIndex >= 0 ? LAG_SETTLED * LOAD_LAG_S : 0
  return m.mode === 'running' && warm && t - r.runningSince >= Math.max(r.cfg.settleS, lagged) * 1000
}

/**
 * Runs one sample of tag `slot` through health, then (if usable) every enabled
 * detector, appending raised and cleared conditions to `out`. A context tag only feeds
 * its machine's mode; a health tag is judged by the learned detectors only while its
 * machine runs, settled, in an operating point the engine has learned.
 */
export function stepSample(st: EngineState, slot: number, x: Sample, out: AnomalyEvent[]): void {
  const r = st.tags[slot]
  if (r === undefined) return
  const c = r.cfg
  const prevT = r.health.lastT
  const m = c.role === 'health' ? modeFor(st, r, x.t, out) : undefined
  const machine = r.modeOf < 0 ? undefined : st.modes[r.modeOf]!
  const running = machine === undefined || machine.mode !== 'stopped'
  const h = stepHealth(r.health, x, c, running, machine?.startedAt)
  if (h & HEALTH_CHANGED) for (const tr of r.tracked) if (tr.cond.detector === 'health') emit(st, tr, r, c.equipment, out)
  if (h & HEALTH_GAP) {
    resetRate(r.rate)
    resetTrend(r.trend)
  }
  if (!(h & HEALTH_USABLE)) return
  if (r.isLoad) {
    r.lagged = Number.isNaN(r.lagged) ? x.v : r.lagged + ewAlpha(x.t - prevT, LOAD_LAG_S) * (x.v - r.lagged)
  }
  if (c.role === 'context') {
    r.lastGood = x.v
    if (r.modeOf >= 0 && x.t > st.contextT[r.modeOf]!) st.contextT[r.modeOf] = x.t
    return
  }
  const k = r.conds
  const en = c.enabled
  if (en.limit && stepLimit(r.limit, x, c, k.limit)) emit(st, r.tracked[0]!, r, c.equipment, out)
  if (running && stepIso10816(r.iso, x, k.iso10816)) emit(st, r.tracked[TRACKED_AT.iso10816]!, r, c.equipment, out)
  if (m !== undefined && c.signal === 'temperature') warmUp(r, m, x)
  // A stopped machine is judged by how its temperatures cool (machines with a running state or load only).
  if (en.standstill && m !== undefined && (m.stateSlot >= 0 || m.loadSlot >= 0) && stepStandstill(r.standstill, x, m.mode === 'stopped', m.learned, c, k.standstill)) {
    emit(st, r.tracked[TRACKED_AT.standstill]!, r, c.equipment, out)
  }
  const wasSettled = r.settled
  r.settled = updateMode(st, r, m, x.t, out)
  r.lastGood = x.v
  if (r.settled && m !== undefined) {
    // A start or a new load regime: the level carried over re-learns (see `entering`).
    const regime = m.current >= 0 ? m.regimes[m.current]!.id : -1
    if (!wasSettled || regime !== r.regimeId) r.baseline.entryT = x.t
    r.regimeId = regime
  }
  const absolute = Math.max(k.limit.active ? k.limit.score : 0, k.iso10816.active ? k.iso10816.score : 0)
  if (!r.settled) {
    r.score = absolute
    return
  }
  const judge = m === undefined || m.judging
  if (!judge) quiet(st, r, x.t, out, 'learning this operating point')
  const b = r.baseline
  if (en.baseline || en.drift || en.trend) {
    const loadTag = c.loadIndex >= 0 ? st.tags[c.loadIndex] : undefined
    // A temperature follows its load with the machine's thermal lag; other signals at once.
    const load = loadTag === undefined ? Number.NaN : c.signal === 'temperature' ? loadTag.lagged : loadTag.lastGood
    if (stepBaseline(b, x, load, c, k.baseline) && en.baseline) report(st, r, 'baseline', judge, out)
  }
  const ready = baselineReady(b, c)
  if (en.rate && stepRate(r.rate, x, c, !ready, k.rate)) report(st, r, 'rate', judge, out)
  if (en.drift && stepDrift(r.drift, x, b.expected, baselineSigma(b, c), c, ready, k.drift, entrySpread(b, c, x.t))) report(st, r, 'drift', judge, out)
  if (en.trend) {
    // Evidence that the value is abnormal, signed towards the high limits: the baseline's z, or
    // an active drift (a slow creep stays within a chasing baseline's spread but not the drift's).
    const d = r.drift
    const evidence = d.on ? (d.up >= d.down ? Infinity : -Infinity) : b.z
    if (stepTrend(r.trend, x, c, ready, evidence, k.trend)) report(st, r, 'trend', judge, out)
    else if (ready) {
      // A standing prediction's condition was refreshed on this sample: its ETA may be news.
      const from = out.length
      if (syncPrediction(r.tracked[TRACKED_AT.trend]!, c, c.equipment, x.t, out)) toSourceTime(st, out, from)
    }
  }
  r.score =
    ready && judge
      ? Math.max(Math.min(1, Math.abs(b.z) / (2 * c.baselineZ)), en.drift ? driftScore(r.drift, c) : 0, absolute, k.trend.active ? k.trend.score : 0)
      : absolute
  const e = st.equipmentOf[slot]!
  if (e >= 0) st.equipment[e]!.dirty = true
}

/**
 * Scores the machines whose tags changed since the last call (once per batch). Each load
 * regime of a machine has its own PCA model: the tags move together differently at night's
 * lower throughput than by day, and one model over both would call either abnormal.
 */
export function stepEquipment(st: EngineState, t: number, out: AnomalyEvent[]): void {
  for (const eq of st.equipment) {
    if (!eq.dirty) continue
    eq.dirty = false
    let complete = true
    eq.slots.forEach((s, j) => {
      const r = st.tags[s]!
      eq.frame[j] = r.lastGood
      if (Number.isNaN(r.lastGood) || !r.settled) complete = false
    })
    const modeAt = st.tags[eq.slots[0]!]!.modeOf
    const m = modeAt >= 0 ? st.modes[modeAt] : undefined
    // A regime's model knows nothing of load: while the load has left the regime (a change of
    // operating point in progress) it neither scores nor learns.
    const leaving = m !== undefined && !Number.isNaN(m.pendingSince)
    const judge = (m === undefined || m.judging) && !leaving
    if (!judge && eq.cond.active) {
      eq.cond.active = false
      eq.cond.detail = m?.mode === 'running' ? 'learning this operating point' : 'machine stopped'
      eq.cond.since = t
      eq.mvs.forEach((mv) => mv && (mv.gate.on = false))
      emit(st, eq.tracked, null, eq.name, out)
    }
    if (!complete || leaving) continue
    const regime = m !== undefined && m.loadSlot >= 0 ? (m.regimes[m.current]?.id ?? -1) : 0
    if (regime < 0) continue
    const mv = (eq.mvs[regime] ??= newMultivariateState(eq.slots.map((s) => st.tags[s]!.cfg.name)))
    // A fitted model of an operating point not yet trusted neither scores nor raises; it learns until fitted.
    if (mv.model !== null && !judge) continue
    const changed = stepMultivariate(mv, eq.frame, t, eq.cfg, eq.cond)
    eq.ratio = mv.model === null ? 0 : mv.ratio
    if (!changed) continue
    // Work orders go to whoever owns the signal that moved most, unless the equipment says otherwise.
    const top = mv.tags.indexOf(eq.cond.contributions?.[0]?.tag ?? '')
    eq.cond.action = eq.action ?? (top >= 0 ? st.tags[eq.slots[top]!]!.cfg.action : null)
    emit(st, eq.tracked, null, eq.name, out)
  }
}

/**
 * The engine as a pure step: `(state, batch) → [state, events]`. The state is
 * updated in place and returned (copying megabytes of detector state per batch
 * would defeat the purpose); replaying the same batches from the same state gives
 * the same events, because nothing reads a clock or a random source.
 */
export function stepEngine(st: EngineState, batch: SampleBatch): [EngineState, AnomalyEvent[]] {
  const out: AnomalyEvent[] = []
  const x: Sample = { t: 0, v: 0, status: 0 }
  const n = batch.value.length
  let last = Number.NEGATIVE_INFINITY
  for (let i = 0; i < n; i++) {
    const idx = batch.tagIndex[i]!
    const slot = idx < st.slotOf.length ? st.slotOf[idx]! : -1
    if (slot < 0) continue
    x.t = plantTime(st, batch.sourceTime[i]!)
    x.v = batch.value[i]!
    x.status = batch.status[i]!
    if (x.t > last) last = x.t
    stepSample(st, slot, x, out)
  }
  // A machine whose context reported without a health tag at that time (a stop the server told,
  // while its counters and zeros stayed silent) reaches its new mode now, with the batch's values.
  for (let k = 0; k < st.modes.length; k++) advanceMode(st, k, st.contextT[k]!, out)
  if (n > 0 && Number.isFinite(last)) stepEquipment(st, last, out)
  groupEvents(st, out, 0)
  return [st, out]
}

/** Groups the raises in `out[from..]` by machine and root cause (see `groupRootCauses`). */
export function groupEvents(st: EngineState, out: AnomalyEvent[], from: number): void {
  groupRootCauses(st.rootCause, out, from, (ROOT_CAUSE_WINDOW_S * 1000) / st.timeScale)
}

/** Clock step (injected time): marks tags stale that sent nothing for `staleAfterS`. */
export function tickEngine(st: EngineState, now: number): [EngineState, AnomalyEvent[]] {
  const out: AnomalyEvent[] = []
  const plantNow = plantTime(st, now)
  for (const r of st.tags) {
    if (tickHealth(r.health, plantNow, r.cfg) & HEALTH_CHANGED) {
      for (const tr of r.tracked) if (tr.cond === r.health.conds.stale) emit(st, tr, r, r.cfg.equipment, out)
    }
  }
  return [st, out]
}
