import type { AnomalyEvent } from '../../../shared/anomaly'
import type { DetectionOptions, DetectionTag } from './config'
import { DEFAULT_LEARNING_SAMPLES, DEFAULT_MIN_RUNNING_S, DEFAULT_MULTIVARIATE_LEARNING_S, DEFAULT_REGIME_LEARN_S, findContextLoad, resolveTagConfig } from './config'
import { roleOf } from '../../../shared/tagMap'
import type { BaselineState } from './baseline'
import { newBaselineState } from './baseline'
import type { DriftState } from './drift'
import { newDriftState } from './drift'
import type { Tracked } from './events'
import { track } from './events'
import type { HealthState } from './health'
import { HEALTH_VARIANTS, newHealthState } from './health'
import { ISO_IDLE, isoFor, type IsoState } from './iso10816'
import type { LimitState } from './limit'
import { newLimitState } from './limit'
import type { EquipmentMode, ModeConfig, WarmUp } from './modes'
import { newEquipmentMode } from './modes'
import type { MultivariateConfig, MultivariateState } from './multivariate'
import { DEFAULT_LIMIT_MARGIN, DEFAULT_OFF_DELAY_S, DEFAULT_ON_DELAY_S } from './multivariate'
import type { RateState } from './rate'
import { newRateState } from './rate'
import type { RootCauseState } from './rootCause'
import { newRootCauseState } from './rootCause'
import type { StandstillState } from './standstill'
import { newStandstillState } from './standstill'
import type { TrendState } from './trend'
import { newTrendState } from './trend'
import type { Condition, TagDetectorConfig } from './types'
import { newCondition } from './types'

/*
 * The anomaly engine's state and how it is built from a tag list; `engine.ts` steps it.
 */
/** All detector state of one tag. Plain data: `structuredClone` copies it. */
export interface TagRuntime {
  cfg: TagDetectorConfig
  limit: LimitState
  rate: RateState
  baseline: BaselineState
  drift: DriftState
  trend: TrendState
  health: HealthState
  tracked: Tracked[]
  conds: { limit: Condition; rate: Condition; baseline: Condition; drift: Condition; trend: Condition; iso10816: Condition; standstill: Condition }
  /** Cooling of a temperature while its machine stands still. */
  standstill: StandstillState
  /** ISO 10816-3 zone state (vibration tags of a machine with a class). */
  iso: IsoState
  /** Last usable value, NaN before the first. */
  lastGood: number
  /** Continuous anomaly evidence of the last usable sample, 0..1. */
  score: number
  /** Low-passed value, for tags that condition another tag's baseline (thermal lag). */
  lagged: number
  isLoad: boolean
  /** Epoch ms the machine last started (NaN while stopped). */
  runningSince: number
  /** Running long enough for the learned detectors to judge. */
  settled: boolean
  /** Index into `EngineState.modes` of the tag's machine, or -1. */
  modeOf: number
  /** Smoothed rate of rise (units/s) of a temperature, to learn its machine's warm-up. */
  warmRate: number
  warmLastV: number
  warmLastT: number
  /** This start's warm-up of a temperature (reset when its machine stops). */
  warm: WarmUp
  /** Load regime id the tag was last judged in (-1: none yet). */
  regimeId: number
}

/** The multivariate model and condition of one machine. */
export interface EquipmentRuntime {
  name: string
  slots: number[]
  cfg: MultivariateConfig
  /** The equipment's suggested action, else null: its events take the top contributor's. */
  action: string | null
  /** One PCA model per load regime of the machine, by regime id (0 without regimes). */
  mvs: Array<MultivariateState | null>
  /** max(T²/limit, SPE/limit) of the last scored frame. */
  ratio: number
  cond: Condition
  tracked: Tracked
  frame: Float64Array
  dirty: boolean
}

/** The whole engine state; `stepEngine` advances it. */
export interface EngineState {
  tags: TagRuntime[]
  equipment: EquipmentRuntime[]
  /** Batch tag index → slot in `tags` (-1: not watched). */
  slotOf: Int32Array
  equipmentOf: Int32Array
  /** Plant seconds per source second; detectors run on plant time from `origin` on. */
  timeScale: number
  /** Source time of the first sample (NaN before it): plant time = origin + (t − origin) × timeScale. */
  origin: number
  /** Non-data-quality conditions active right now. */
  activeAnomalies: number
  /** Operating mode of each machine that has health signals. */
  modes: EquipmentMode[]
  /**
   * Per mode, the newest time its context (state or load) reported: a server reports only
   * changes, so a stopped machine may send its state and nothing else; the batch's end then
   * advances the mode to it (see `stepEngine`).
   */
  contextT: Float64Array
  modeTracked: Tracked[]
  modeCfg: ModeConfig
  /** Open lead anomaly per machine (root-cause grouping). */
  rootCause: RootCauseState
}

/** Builds the engine state for a tag list (tags keep their batch `index`). */
export function createEngineState(tags: readonly DetectionTag[], options: DetectionOptions = {}): EngineState {
  const maxIndex = tags.reduce((m, t) => Math.max(m, t.index), -1)
  const slotOf = new Int32Array(maxIndex + 1).fill(-1)
  const runtimes = tags.map((tag, slot): TagRuntime => {
    slotOf[tag.index] = slot
    const cfg = resolveTagConfig(tag, tags, options)
    const conds = {
      limit: newCondition('limit', 'anomaly'),
      rate: newCondition('rate', 'anomaly'),
      baseline: newCondition('baseline', 'anomaly'),
      drift: newCondition('drift', 'anomaly'),
      trend: newCondition('trend', 'predictive'),
      iso10816: newCondition('iso10816', 'anomaly'),
      standstill: newCondition('standstill', 'anomaly')
    }
    const health = newHealthState()
    const tracked = [conds.limit, conds.rate, conds.baseline, conds.drift, conds.trend, conds.iso10816, ...HEALTH_VARIANTS.map((v) => health.conds[v]), conds.standstill].map((c) => track(c, cfg.name))
    return {
      cfg,
      limit: newLimitState(cfg),
      rate: newRateState(),
      baseline: newBaselineState(),
      drift: newDriftState(),
      trend: newTrendState(),
      standstill: newStandstillState(),
      health,
      tracked,
      conds,
      lastGood: Number.NaN,
      score: 0,
      lagged: Number.NaN,
      isLoad: false,
      runningSince: Number.NaN,
      settled: false,
      modeOf: -1,
      warmRate: 0,
      warmLastV: Number.NaN,
      warmLastT: Number.NaN,
      warm: { peak: 0, timed: false },
      regimeId: -1,
      iso: tag.signal === 'vibration' && options.equipment?.[tag.equipment]?.vibrationClass ? isoFor(options.equipment[tag.equipment]!.vibrationClass!) : { ...ISO_IDLE }
    }
  })
  const modes: EquipmentMode[] = []
  for (const name of new Set(tags.map((t) => t.equipment))) {
    if (!tags.some((t) => t.equipment === name && roleOf(t) === 'health')) continue
    const own = options.equipment?.[name]
    const stateSlot = tags.findIndex((t) => t.equipment === name && t.signal === 'state' && roleOf(t) === 'context')
    const loadSlot = findContextLoad(name, tags, own?.loadTag)
    runtimes.forEach((r) => {
      if (r.cfg.equipment === name) r.modeOf = modes.length
    })
    modes.push(newEquipmentMode(name, stateSlot, loadSlot, own?.settleS))
  }
  for (const r of runtimes) if (r.cfg.loadIndex >= 0) runtimes[r.cfg.loadIndex]!.isLoad = true
  const groups = new Map<string, number[]>()
  runtimes.forEach((r, slot) => {
    if (!r.cfg.enabled.multivariate) return
    groups.set(r.cfg.equipment, [...(groups.get(r.cfg.equipment) ?? []), slot])
  })
  const equipmentOf = new Int32Array(tags.length).fill(-1)
  const equipment: EquipmentRuntime[] = []
  for (const [name, slots] of groups) {
    const own = options.equipment?.[name]?.detectors ?? {}
    if (slots.length < 2 || own.disable?.includes('multivariate')) continue
    for (const s of slots) equipmentOf[s] = equipment.length
    const cond = newCondition('multivariate', 'anomaly')
    const learningFrames = own.learningFrames ?? options.multivariateLearningFrames ?? options.learningSamples ?? DEFAULT_LEARNING_SAMPLES
    equipment.push({
      name,
      slots,
      cfg: {
        learningFrames,
        learningS: own.learningS ?? options.multivariateLearningS ?? DEFAULT_MULTIVARIATE_LEARNING_S,
        limitMargin: own.limitMargin ?? DEFAULT_LIMIT_MARGIN,
        onDelayMs: (own.onDelayS ?? DEFAULT_ON_DELAY_S) * 1000,
        offDelayMs: (own.offDelayS ?? DEFAULT_OFF_DELAY_S) * 1000
      },
      action: own.action ?? null,
      mvs: [],
      ratio: 0,
      cond,
      tracked: track(cond, name),
      frame: new Float64Array(slots.length),
      dirty: false
    })
  }
  return {
    tags: runtimes,
    equipment,
    slotOf,
    equipmentOf,
    timeScale: options.timeScale ?? 1,
    origin: Number.NaN,
    activeAnomalies: 0,
    modes,
    contextT: new Float64Array(modes.length).fill(Number.NEGATIVE_INFINITY),
    modeTracked: modes.map((m) => track(m.info, m.name)),
    rootCause: newRootCauseState(),
    modeCfg: {
      learnedAfterS: options.learnedAfterS ?? 0,
      minRunningS: options.minRunningS ?? DEFAULT_MIN_RUNNING_S,
      regimeLearnS: options.regimeLearnS ?? DEFAULT_REGIME_LEARN_S,
      defaultSettleS: 300
    }
  }
}

/** Source time (epoch ms) to the plant time the detectors run on (fixes the origin at the first sample). */
export function plantTime(st: EngineState, t: number): number {
  if (st.timeScale === 1) return t
  if (Number.isNaN(st.origin)) st.origin = t
  return st.origin + (t - st.origin) * st.timeScale
}

/** Events are told in source time: `out[from..]`'s times back from plant time, their ETAs in source seconds. */
export function toSourceTime(st: EngineState, out: AnomalyEvent[], from: number): void {
  if (st.timeScale === 1) return
  for (let i = from; i < out.length; i++) {
    const e = out[i]!
    e.time = st.origin + (e.time - st.origin) / st.timeScale
    if (e.etaSeconds !== null) e.etaSeconds /= st.timeScale
    if (e.etaUncertaintySeconds !== null) e.etaUncertaintySeconds /= st.timeScale
  }
}
