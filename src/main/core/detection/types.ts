import type { AnomalyKind, AnomalySeverity, Contribution, DetectorName } from '../../../shared/anomaly'
import type { LimitName, SignalKind, TagRole } from '../../../shared/tagMap'

/** One plant value as the detectors see it: epoch ms, engineering value, OPC UA status. */
export interface Sample {
  t: number
  v: number
  status: number
}

/**
 * The current verdict of one detector on one tag (or equipment). Detectors update
 * it in place and return true from `step` when `active` (or its level) changed, so
 * the engine builds an event only on change and the hot path allocates nothing.
 */
export interface Condition {
  detector: DetectorName
  kind: AnomalyKind
  active: boolean
  /** Distinguishes conditions of one detector, e.g. the limit name or "stuck". */
  variant: string
  severity: AnomalySeverity
  score: number
  expected: number | null
  actual: number | null
  etaSeconds: number | null
  etaUncertaintySeconds: number | null
  etaLimit: LimitName | null
  /** Short reason, completed by the engine with tag, unit and action. */
  detail: string
  /** Epoch ms of the sample that set the current verdict. */
  since: number
  /** Set by multi-tag detectors; single-tag events get their one tag. */
  contributions: Contribution[] | null
  /** Set by multi-tag detectors; single-tag events take their tag's action. */
  action?: string | null
}

/** An inactive condition of a detector. */
export function newCondition(detector: DetectorName, kind: AnomalyKind): Condition {
  return {
    detector,
    kind,
    active: false,
    variant: '',
    severity: 'info',
    score: 0,
    expected: null,
    actual: null,
    etaSeconds: null,
    etaUncertaintySeconds: null,
    etaLimit: null,
    detail: '',
    since: 0,
    contributions: null
  }
}

/** Everything the single-tag detectors need about a tag, with defaults filled in. */
export interface TagDetectorConfig {
  name: string
  role: TagRole
  signal: SignalKind
  equipment: string
  unit: string
  action: string | null
  /** Instrument range; values outside it are a sensor fault (±Infinity when unknown). */
  euLow: number
  euHigh: number
  /** Typical span of the signal, for numerical floors (defaults to the EU span). */
  span: number
  limits: Partial<Record<LimitName, number>>
  /**
   * Which way is dangerous: +1 when the tag has only high limits, -1 only low limits,
   * 0 both or none. A lubricant top-up (up, only L/LL set) is then no anomaly.
   */
  direction: -1 | 0 | 1
  deadband: number
  enabled: Record<DetectorName, boolean>
  learningSamples: number
  /** Seconds a learned detector watches at least, however fast the samples come. */
  learningS: number
  baselineTauS: number
  baselineZ: number
  maxRatePerS: number
  rateTauS: number
  trendWindowS: number
  predictHorizonS: number
  stuckAfterS: number
  staleAfterS: number
  /** Largest step that still counts as "unchanged" for the stuck check. */
  stuckEpsilon: number
  onDelayS: number
  offDelayS: number
  /** The limit detector's delays, from the one limit evaluator (`alarms/limitEvaluator`). */
  limitDelays: { onDelayMs: number; offDelayMs: number }
  driftK: number
  driftH: number
  /** The baseline learns a time-of-day profile (ambient day cycle): temperatures only. */
  seasonal: boolean
  /** Index of the tag that conditions this tag's baseline, or -1. */
  loadIndex: number
  /** Index of the machine's running-state tag, or -1: learned detectors judge only a running, settled machine. */
  modeIndex: number
  /** Seconds after a start before learned detectors judge again (heat-up, flow build-up). */
  settleS: number
  /** Plant seconds per source second (see `DetectionOptions.timeScale`); ETAs are told in source time. */
  timeScale: number
}

/** Converts a time step into an EWMA weight for time constant `tauS`. */
export function ewAlpha(dtMs: number, tauS: number): number {
  if (!(dtMs > 0)) return 0
  return 1 - Math.exp(-dtMs / 1000 / tauS)
}

/** The detectors' on/off delays are Plantwatch's one delay mechanism. */
export { debounce, newDebounce, type Debounce } from '../delay'
