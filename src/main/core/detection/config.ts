import type { DetectorName, EquipmentDetectors, TagDetectors } from '../../../shared/anomaly'
import { alarmDeadband, limitDelays } from '../alarms/limitEvaluator'
import { DETECTOR_NAMES } from '../../../shared/anomaly'
import type { TagInfo } from '../../../shared/domain'
import { roleOf, type SignalKind, type TagRole, type VibrationClass } from '../../../shared/tagMap'
import type { TagDetectorConfig } from './types'

/** A tag as the engine accepts it: the tag map entry plus optional detector overrides and role. */
export type DetectionTag = TagInfo & { detectors?: TagDetectors; role?: TagRole | undefined }

interface SignalDefaults {
  baselineTauS: number
  /** Normal rate of change as a fraction of the EU span per second; 0 disables the rate detector. */
  rateSpanPerS: number
  trendWindowS: number
  predictHorizonS: number
  stuckAfterS: number
  /** Detectors that make no sense for this kind of signal. */
  off: DetectorName[]
}

// Operating states and counters are not continuous process values: only health applies.
const DISCRETE_OFF: DetectorName[] = ['rate', 'baseline', 'drift', 'trend', 'multivariate']
// Power, current, speed and flow step and ramp with every start, stop and load change: neither a
// fast change nor a ramp is abnormal; their limits and the machine's PCA model judge them.
const STEPPING_OFF: DetectorName[] = ['rate', 'trend']
// Temperatures follow the weather and levels fall with consumption, slowly leaving any learning
// period's range: the load-conditioned baseline and the trend judge them, not the PCA model.
const SLOW_OFF: DetectorName[] = ['multivariate']

const DEFAULTS: Record<SignalKind, SignalDefaults> = {
  temperature: { baselineTauS: 3600, rateSpanPerS: 0.05 / 60, trendWindowS: 1800, predictHorizonS: 3600, stuckAfterS: 1800, off: SLOW_OFF },
  vibration: { baselineTauS: 1800, rateSpanPerS: 0.2, trendWindowS: 1800, predictHorizonS: 3600, stuckAfterS: 600, off: [] },
  // Lubricant and tank levels fall steadily in normal use: a steady slope is not a drift; the trend's ETA to L judges it.
  level: { baselineTauS: 3600, rateSpanPerS: 0.01, trendWindowS: 1800, predictHorizonS: 3600, stuckAfterS: 3600, off: ['drift', ...SLOW_OFF] },
  pressure: { baselineTauS: 1800, rateSpanPerS: 0.1, trendWindowS: 1200, predictHorizonS: 1800, stuckAfterS: 900, off: [] },
  power: { baselineTauS: 900, rateSpanPerS: 0, trendWindowS: 1200, predictHorizonS: 1800, stuckAfterS: 900, off: STEPPING_OFF },
  current: { baselineTauS: 900, rateSpanPerS: 0, trendWindowS: 1200, predictHorizonS: 1800, stuckAfterS: 900, off: STEPPING_OFF },
  speed: { baselineTauS: 900, rateSpanPerS: 0, trendWindowS: 1200, predictHorizonS: 1800, stuckAfterS: 1800, off: STEPPING_OFF },
  flow: { baselineTauS: 900, rateSpanPerS: 0, trendWindowS: 1200, predictHorizonS: 1800, stuckAfterS: 900, off: STEPPING_OFF },
  voltage: { baselineTauS: 900, rateSpanPerS: 0.2, trendWindowS: 1200, predictHorizonS: 1800, stuckAfterS: 1800, off: [] },
  ratio: { baselineTauS: 1800, rateSpanPerS: 0.05, trendWindowS: 1800, predictHorizonS: 3600, stuckAfterS: 3600, off: [] },
  energy: { baselineTauS: 3600, rateSpanPerS: 0, trendWindowS: 1800, predictHorizonS: 3600, stuckAfterS: 3600, off: DISCRETE_OFF },
  state: { baselineTauS: 3600, rateSpanPerS: 0, trendWindowS: 1800, predictHorizonS: 3600, stuckAfterS: Infinity, off: DISCRETE_OFF },
  other: { baselineTauS: 1800, rateSpanPerS: 0, trendWindowS: 1800, predictHorizonS: 3600, stuckAfterS: 3600, off: ['rate'] }
}

/** Engine-wide knobs; every field has a default. */
export interface DetectionOptions {
  /** Samples each learned detector watches before it may alarm. */
  learningSamples?: number
  /** Seconds each learned detector watches at least before it may alarm. */
  learningS?: number
  /** No sample for this long marks a tag stale (checked by `tick`). */
  staleAfterS?: number
  /** Frames each equipment's PCA model learns from before it scores. */
  multivariateLearningFrames?: number
  /** Running time each equipment's PCA model learns over (frames are thinned to fit). */
  multivariateLearningS?: number
  /**
   * Plant seconds per second of source time: 1 for a real plant, N for the demo plant
   * at `--speed N`. The engine then runs on plant time (its learning, baselines, trend
   * windows and delays mean plant hours) and reports times and ETAs in source time.
   */
  timeScale?: number
  /** Per-equipment overrides from the tag map, by equipment name. */
  equipment?: Record<string, EquipmentOptions> | undefined
  /**
   * Data time (seconds from the first sample) before learned detectors may raise; in a
   * backtest `--learn-hours` × 3600. Default {@link DEFAULT_LEARNING_S}.
   */
  learnedAfterS?: number
  /** Running (settled) time an equipment needs before learned detectors may raise. */
  minRunningS?: number
  /** Running time a load regime needs before learned detectors judge in it. */
  regimeLearnS?: number
}

/** The tag map's settings of one equipment as the engine takes them. */
export interface EquipmentOptions {
  detectors?: EquipmentDetectors | undefined
  vibrationClass?: VibrationClass | undefined
  settleS?: number | undefined
  loadTag?: string | undefined
}

/** Level memory of a load-conditioned, non-thermal health signal (see `resolveTagConfig`). */
export const CONDITIONED_TAU_S = 6 * 3600
/**
 * History a live engine learns from (issue 9): the caller replays this much of the
 * historian through `DetectionWorker.replay` at start, so a restart is not a cold start.
 */
export const DEFAULT_LEARNING_WINDOW_S = 14 * 86_400
/** Running time before learned detectors raise, live (issue 9: at least 24 h of running). */
export const DEFAULT_MIN_RUNNING_S = 24 * 3600
/** Running time in a load regime before it counts as familiar. */
export const DEFAULT_REGIME_LEARN_S = 2 * 3600

/** Samples a learned detector watches before it may alarm (a minute at 100 ms, 100 min at 10 s). */
export const DEFAULT_LEARNING_SAMPLES = 600
/** At 100 ms publishing, 600 samples are a minute: learning also lasts half an hour of data. */
export const DEFAULT_LEARNING_S = 1800
/** Running time an equipment's multivariate model learns over (per load regime): a day holds the variety of a shift pattern and the weather that an hour does not. */
export const DEFAULT_MULTIVARIATE_LEARNING_S = 24 * 3600
/** Seconds without a sample before a tag is stale. */
export const DEFAULT_STALE_AFTER_S = 30

/** Fills in every detector setting of one tag from its signal kind, limits, EU range and overrides. */
export function resolveTagConfig(tag: DetectionTag, all: readonly DetectionTag[], options: DetectionOptions = {}): TagDetectorConfig {
  const d = DEFAULTS[tag.signal]
  const o: TagDetectors = tag.detectors ?? {}
  const span = tag.euRange.high - tag.euRange.low
  const enabled = Object.fromEntries(DETECTOR_NAMES.map((n) => [n, true])) as Record<DetectorName, boolean>
  const role = roleOf(tag)
  for (const n of d.off) enabled[n] = false
  // A context signal conditions the judgement of the health signals; only its instrument is checked.
  if (role === 'context') for (const n of DETECTOR_NAMES) if (n !== 'health') enabled[n] = false
  // The standstill decay rule watches how a stopped machine's temperatures cool.
  if (tag.signal !== 'temperature') enabled.standstill = false
  for (const n of o.disable ?? []) enabled[n] = false
  const maxRatePerS = o.maxRatePerS ?? d.rateSpanPerS * span
  if (!(maxRatePerS > 0)) enabled.rate = false
  if (tag.limits.H === undefined && tag.limits.HH === undefined && tag.limits.L === undefined && tag.limits.LL === undefined) {
    enabled.limit = false
    enabled.trend = false
  }
  const loadIndex = role === 'context' || !LOAD_DRIVEN.includes(tag.signal) ? -1 : findLoadTag(tag, all, o.loadTag ?? options.equipment?.[tag.equipment]?.loadTag)
  return {
    name: tag.name,
    role,
    signal: tag.signal,
    equipment: tag.equipment,
    unit: tag.unit,
    action: tag.action ?? null,
    euLow: tag.euRange.low,
    euHigh: tag.euRange.high,
    span,
    limits: { ...tag.limits },
    direction: directionOf(tag),
    deadband: alarmDeadband(tag),
    enabled,
    learningSamples: o.learningSamples ?? options.learningSamples ?? DEFAULT_LEARNING_SAMPLES,
    learningS: o.learningS ?? options.learningS ?? DEFAULT_LEARNING_S,
    // Conditioned on its machine's load, a level need not chase every change of operation: it
    // remembers for hours, so a slow creep (misalignment, wear) stands out instead of being followed.
    baselineTauS: o.baselineTauS ?? (loadIndex >= 0 && tag.signal !== 'temperature' ? Math.max(d.baselineTauS, CONDITIONED_TAU_S) : d.baselineTauS),
    baselineZ: o.baselineZ ?? 6,
    maxRatePerS,
    rateTauS: 5,
    trendWindowS: o.trendWindowS ?? d.trendWindowS,
    predictHorizonS: o.predictHorizonS ?? d.predictHorizonS,
    stuckAfterS: o.stuckAfterS ?? d.stuckAfterS,
    // Silence is about the link, whatever the plant's pace: counted in source time.
    staleAfterS: (o.staleAfterS ?? options.staleAfterS ?? DEFAULT_STALE_AFTER_S) * (options.timeScale ?? 1),
    timeScale: options.timeScale ?? 1,
    stuckEpsilon: span * 1e-9,
    onDelayS: o.onDelayS ?? 2,
    offDelayS: o.offDelayS ?? 5,
    limitDelays: limitDelays(o),
    driftK: tag.signal === 'temperature' ? 2.5 : 1,
    driftH: tag.signal === 'temperature' ? 60 : 40,
    // Off by default: where shifts set the load, a time-of-day profile learns the weekday's
    // shift pattern and expects it on a Saturday too. The load conditioning explains the day instead.
    seasonal: o.seasonal ?? false,
    loadIndex,
    modeIndex: role === 'context' ? -1 : all.findIndex((t) => t.equipment === tag.equipment && t.signal === 'state' && roleOf(t) === 'context'),
    settleS: o.settleS ?? (tag.signal === 'temperature' ? 1800 : 300)
  }
}

function directionOf(tag: DetectionTag): -1 | 0 | 1 {
  const high = tag.limits.H !== undefined || tag.limits.HH !== undefined
  const low = tag.limits.L !== undefined || tag.limits.LL !== undefined
  // A machine fails hot: a temperature's low limit guards against frost, which its limit
  // alarm watches; cooler than usual for the load is not a sign of wear.
  if (tag.signal === 'temperature' && high) return 1
  return high === low ? 0 : high ? 1 : -1
}

/**
 * The context tag that sets an equipment's load: `explicit` (the tag map's `loadTag`), else
 * its first flow, then speed, then ratio context tag, or -1.
 */
export function findContextLoad(equipment: string, all: readonly DetectionTag[], explicit?: string): number {
  if (explicit !== undefined) return all.findIndex((t) => t.name === explicit)
  for (const kind of ['flow', 'speed', 'ratio'] as const) {
    const i = all.findIndex((t) => t.equipment === equipment && t.signal === kind && roleOf(t) === 'context')
    if (i >= 0) return i
  }
  return -1
}

// Signals a machine's load drives: its levels and counters are not.
const LOAD_DRIVEN: readonly SignalKind[] = ['temperature', 'vibration', 'power', 'current', 'pressure', 'voltage', 'other']

// A health signal follows how its machine is operated: condition it on the machine's load
// (throughput, speed); without one, a temperature follows the machine's power or current.
function findLoadTag(tag: DetectionTag, all: readonly DetectionTag[], explicit: string | undefined): number {
  if (explicit !== undefined) return all.findIndex((t) => t.name === explicit)
  const ctx = findContextLoad(tag.equipment, all)
  if (ctx >= 0) return ctx
  if (tag.signal !== 'temperature') return -1
  return all.findIndex((t) => t.equipment === tag.equipment && t !== tag && (t.signal === 'power' || t.signal === 'current'))
}
