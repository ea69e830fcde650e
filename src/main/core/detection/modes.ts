import type { Condition } from './types'
import { newCondition } from './types'
import type { LearnedSummary, OperatingMode } from '../../../shared/anomaly'

export type { LearnedSummary, OperatingMode }

/**
 * Operating modes of one machine, derived from its context signals: `stopped`,
 * `starting` (settling after a start), `running`; within running, load regimes.
 *
 * Why regimes by leader clustering on one load signal: the operator thinks in them
 * ("night shift at 1,300 t/h"), an engineer can read what was learned (regimes and
 * hours), an unseen operating point is recognised at once, and it needs no scale from
 * the tag map (a regime spans ±{@link REGIME_WIDTH} of the machine's highest load).
 */

/** One load regime the machine has been seen in. */
export interface Regime {
  /** Stable id (indices shift when regimes merge): models per regime are keyed by it. */
  id: number
  /** Mean load of the regime (engineering units of the load tag). */
  center: number
  /** Settled running time learned in it, seconds (plant time). */
  learnedS: number
}

/** Mode state of one equipment. Plain data: `structuredClone` and JSON copy it. */
export interface EquipmentMode {
  name: string
  /** Slots of the running-state and load context tags, or -1. */
  stateSlot: number
  loadSlot: number
  /** Seconds after a start before the machine counts as running; NaN: learned. */
  settleS: number
  mode: OperatingMode
  /** Epoch ms (plant time) of the last start, NaN while stopped. */
  startedAt: number
  lastT: number
  firstT: number
  /** Settled running time learned in total, seconds. */
  runningS: number
  /** The machine has run `minRunningS` (and `learnedAfterS` of data has passed). */
  learned: boolean
  regimes: Regime[]
  nextId: number
  /** Epoch ms since the load left the current regime (NaN: it has not). */
  pendingSince: number
  /** Index into `regimes` of the current one, or -1. */
  current: number
  /** Learned detectors may raise now: running, learned long enough, familiar regime. */
  judging: boolean
  /** Info condition "learning this operating point". */
  info: Condition
  /** Starts whose warm-up was measured, and the settle time learned from them (seconds). */
  starts: number
  learnedSettleS: number
}

/** How wide a regime is, as a share of the machine's highest regime load. */
export const REGIME_WIDTH = 0.1
/** Running below this share of the highest regime load counts as stopped when there is no state tag. */
const IDLE_SHARE = 0.05
/** A gap in the data counts for at most this much learned running time. */
const MAX_STEP_S = 120

/** Settings of the mode tracker (see `DetectionOptions`). */
export interface ModeConfig {
  learnedAfterS: number
  minRunningS: number
  regimeLearnS: number
  /** Settle time used until starts have been seen, seconds. */
  defaultSettleS: number
}

/** A machine that has not been seen yet. */
export function newEquipmentMode(name: string, stateSlot: number, loadSlot: number, settleS = Number.NaN): EquipmentMode {
  const info = newCondition('regime', 'info')
  return {
    name,
    stateSlot,
    loadSlot,
    settleS,
    mode: 'stopped',
    startedAt: Number.NaN,
    lastT: Number.NaN,
    firstT: Number.NaN,
    runningS: 0,
    learned: false,
    regimes: [],
    nextId: 0,
    pendingSince: Number.NaN,
    current: -1,
    judging: false,
    info,
    starts: 0,
    learnedSettleS: Number.NaN
  }
}

function maxCenter(m: EquipmentMode): number {
  let hi = 0
  for (const r of m.regimes) hi = Math.max(hi, Math.abs(r.center))
  return hi
}

// Index of the regime `load` belongs to; `m.regimes.length` when it belongs to none yet.
function regimeOf(m: EquipmentMode, load: number): number {
  const width = REGIME_WIDTH * Math.max(maxCenter(m), Math.abs(load), 1e-9)
  // Stay in the current regime a little beyond its edge: a load at a boundary must not flap.
  const cur = m.regimes[m.current]
  if (cur !== undefined && Math.abs(load - cur.center) <= 1.5 * width) return m.current
  let best = -1
  let bestD = Infinity
  m.regimes.forEach((r, i) => {
    const d = Math.abs(load - r.center)
    if (d < bestD) {
      best = i
      bestD = d
    }
  })
  return best >= 0 && bestD <= width ? best : m.regimes.length
}

/**
 * A new operating point must hold this long before the machine counts as in it: a surge or
 * a ramp passes through loads that are no operating point, and the machine stays judged in
 * the regime it came from meanwhile.
 */
export const REGIME_DWELL_S = 600

/** The warm-up of one temperature since its machine's last start: steepest rise (units/s) and whether it is over. */
export interface WarmUp {
  peak: number
  timed: boolean
}

// A warm-up is over when the temperature rises at less than this share of its steepest rise.
const WARM_DONE_SHARE = 0.15
// Settle times are learned within these bounds: a minute of spin-up at least, four hours of heat-up at most.
const SETTLE_MIN_S = 60
const SETTLE_MAX_S = 4 * 3600

/**
 * Learns the settle time from the warm-ups of the machine's temperatures: `rate` is a
 * temperature's smoothed rate of rise (units/s) at plant time `t` since the last start.
 * A long warm-up counts more than a short one (a trip leaves the motor warm), so the
 * learned time moves quickly up and slowly down.
 */
export function observeWarmUp(m: EquipmentMode, w: WarmUp, t: number, rate: number): void {
  if (m.mode === 'stopped' || w.timed || Number.isNaN(m.startedAt)) return
  const elapsedS = (t - m.startedAt) / 1000
  if (rate > w.peak) w.peak = rate
  const done = w.peak > 0 && rate < WARM_DONE_SHARE * w.peak && elapsedS > SETTLE_MIN_S
  if (!done && elapsedS < SETTLE_MAX_S) return
  w.timed = true
  const s = Math.min(SETTLE_MAX_S, Math.max(SETTLE_MIN_S, elapsedS))
  m.starts++
  m.learnedSettleS = Number.isNaN(m.learnedSettleS) ? s : m.learnedSettleS + (s > m.learnedSettleS ? 0.5 : 0.1) * (s - m.learnedSettleS)
}

// A regime born on a ramp drifts towards its neighbour's load as its centre settles: two
// regimes closer than half a width are one, with their learned time added.
function mergeRegimes(m: EquipmentMode): void {
  const cur = m.regimes[m.current]!
  const width = REGIME_WIDTH * Math.max(maxCenter(m), 1e-9)
  const other = m.regimes.findIndex((r, i) => i !== m.current && Math.abs(r.center - cur.center) < width / 2)
  if (other < 0) return
  const keep = m.regimes[other]!
  const total = keep.learnedS + cur.learnedS
  keep.center = total > 0 ? (keep.center * keep.learnedS + cur.center * cur.learnedS) / total : keep.center
  keep.learnedS = total
  m.regimes.splice(m.current, 1)
  m.current = other > m.current ? other - 1 : other
}

/** The settle time in force: set, else learned from the starts seen, else the default. */
export function settleSeconds(m: EquipmentMode, c: ModeConfig): number {
  if (!Number.isNaN(m.settleS)) return m.settleS
  return Number.isNaN(m.learnedSettleS) ? c.defaultSettleS : m.learnedSettleS
}

/**
 * Advances the mode to plant time `t` from the running state (NaN: no state tag) and the
 * load (NaN: no load tag). `warm` is false while a health signal of the machine still
 * moves like a warm-up (for the learned settle time). Returns true when `info` changed.
 */
export function stepMode(m: EquipmentMode, t: number, state: number, load: number, c: ModeConfig): boolean {
  if (Number.isNaN(m.firstT)) m.firstT = t
  const dtS = Number.isNaN(m.lastT) ? 0 : Math.min(Math.max(t - m.lastT, 0) / 1000, MAX_STEP_S)
  m.lastT = t
  // The hot path of a machine with no context, once learned: it runs and is judged.
  if (m.learned && m.stateSlot < 0 && m.loadSlot < 0) {
    m.runningS += dtS
    return false
  }
  const hasLoad = m.loadSlot >= 0
  const loadKnown = Number.isFinite(load)
  // A state tag that has not reported yet reads as stopped: nothing is judged on a guess.
  const running = m.stateSlot >= 0 ? state >= 0.5 : hasLoad ? loadKnown && load > 0 && load > IDLE_SHARE * maxCenter(m) : true
  if (m.stateSlot < 0 && !hasLoad) {
    // Nothing tells when it starts: the machine is taken to run, settled, from the first sample.
    m.mode = 'running'
    if (Number.isNaN(m.startedAt)) m.startedAt = t
  } else if (!running) {
    m.mode = 'stopped'
    m.startedAt = Number.NaN
  } else {
    if (m.mode === 'stopped') {
      m.mode = 'starting'
      m.startedAt = t
    }
    if (m.mode === 'starting' && t - m.startedAt >= settleSeconds(m, c) * 1000) m.mode = 'running'
  }
  if (m.mode === 'running') {
    m.runningS += dtS
    if (loadKnown) {
      const next = regimeOf(m, load)
      if (next === m.current || m.current < 0) m.pendingSince = Number.NaN
      else if (Number.isNaN(m.pendingSince)) m.pendingSince = t
      if (m.current < 0 || (next !== m.current && t - m.pendingSince >= REGIME_DWELL_S * 1000)) {
        if (next === m.regimes.length) m.regimes.push({ id: m.nextId++, center: load, learnedS: 0 })
        m.current = next
        m.pendingSince = Number.NaN
      }
    }
    const r = m.regimes[m.current]
    if (loadKnown && r !== undefined && Number.isNaN(m.pendingSince)) {
      r.learnedS += dtS
      // The centre settles on the regime's mean over its first hours, then holds still.
      r.center += (dtS / Math.max(r.learnedS, 1)) * (load - r.center)
      mergeRegimes(m)
    }
  }
  const regime = m.regimes[m.current]
  const learnedMachine = m.learned || (m.runningS >= c.minRunningS && t - m.firstT >= c.learnedAfterS * 1000)
  // Running time and data span only grow: once learned, a machine stays learned until reset.
  m.learned = learnedMachine
  const familiar = !hasLoad || (loadKnown && regime !== undefined && regime.learnedS >= c.regimeLearnS)
  m.judging = m.mode === 'running' && learnedMachine && familiar
  // The machine is being learned until it ran long enough, stopped or not; an operating point only while in it.
  const learning = !learnedMachine || (m.mode === 'running' && !familiar)
  if (learning === m.info.active) return false
  m.info.active = learning
  m.info.since = t
  m.info.severity = 'info'
  m.info.actual = hasLoad ? load : null
  m.info.expected = null
  m.info.detail = !learning
    ? 'operating point learned: learned detectors judge again'
    : !learnedMachine
      ? `learning this machine (${(m.runningS / 3600).toFixed(1)} h of ${(c.minRunningS / 3600).toFixed(0)} h running learned); only limits and absolute rules judge meanwhile`
      : `learning this operating point (load ${Number(load.toPrecision(4))}, ${((regime?.learnedS ?? 0) / 3600).toFixed(1)} h of ${(c.regimeLearnS / 3600).toFixed(1)} h learned); only limits and absolute rules judge meanwhile`
  return true
}

/** What an engineer sees of one machine's learning: regimes and hours learned in each. */

/** Summarises what a machine has learned (for the engineer's view and `detect`'s stderr). */
export function learnedSummary(m: EquipmentMode, c: ModeConfig): LearnedSummary {
  return {
    equipment: m.name,
    mode: m.mode,
    runningHours: m.runningS / 3600,
    settleS: settleSeconds(m, c),
    learning: m.info.active,
    regimes: m.regimes
      .map((r) => ({ load: r.center, hours: r.learnedS / 3600, familiar: r.learnedS >= c.regimeLearnS }))
      .sort((a, b) => a.load - b.load)
  }
}
