import { z } from 'zod'

/**
 * What the anomaly engine tells the operator. Every event explains itself: which
 * detector saw it, which tags and how much each contributed, what was expected
 * against what was measured, how long until a limit is crossed, and what to do.
 */

/** The detectors of the engine, one name each; events and tag map overrides use them. */
export const DETECTOR_NAMES = ['limit', 'rate', 'baseline', 'drift', 'trend', 'health', 'multivariate', 'regime', 'iso10816', 'standstill'] as const
export const DetectorNameSchema = z.enum(DETECTOR_NAMES)

/**
 * `anomaly`: the equipment behaves abnormally now. `predictive`: a limit will be
 * crossed within the horizon. `data-quality`: the signal itself cannot be trusted
 * (bad status, NaN, stuck, stale, backwards time); never counted as an anomaly.
 * `info`: a state the operator should know about but need not act on, e.g. the engine
 * "learning this operating point"; never an alarm.
 */
export const AnomalyKindSchema = z.enum(['anomaly', 'predictive', 'data-quality', 'info'])

/** Ordered from least to most urgent. */
export const ANOMALY_SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const
export const AnomalySeveritySchema = z.enum(ANOMALY_SEVERITIES)

/** One tag's share of a (multivariate) anomaly; shares of one event sum to about 1. */
export const ContributionSchema = z.object({
  tag: z.string(),
  share: z.number().min(0).max(1),
  expected: z.number().nullable(),
  actual: z.number().nullable()
})

export const AnomalyEventSchema = z.object({
  /** Stable for one occurrence of a condition: the raise and the clear share it. */
  id: z.string(),
  /** The condition this occurrence belongs to, e.g. `limit:CV-101.Vibration:H`. */
  condition: z.string(),
  /** The tag the event is mostly about (the top contributor for multivariate events). */
  tag: z.string(),
  tags: z.array(z.string()).min(1),
  equipment: z.string(),
  detector: DetectorNameSchema,
  kind: AnomalyKindSchema,
  severity: AnomalySeveritySchema,
  /** One line for the operator: detail, numbers and suggested action. */
  message: z.string(),
  /** What the detector saw, without numbers or action (e.g. "above its learned baseline"). */
  detail: z.string(),
  /** What the engine expected (baseline level, limit, fitted value), when it has one. */
  expected: z.number().nullable(),
  actual: z.number().nullable(),
  unit: z.string(),
  /** How abnormal, 0 (normal) to 1 (certain). */
  score: z.number().min(0).max(1),
  contributions: z.array(ContributionSchema),
  /** Seconds until the predicted crossing of `etaLimit`; null when nothing is predicted. */
  etaSeconds: z.number().nonnegative().nullable(),
  /** One standard deviation of `etaSeconds`. */
  etaUncertaintySeconds: z.number().nonnegative().nullable(),
  etaLimit: z.enum(['HH', 'H', 'L', 'LL']).nullable(),
  /** Suggested action, from the tag map's `action`. */
  action: z.string().nullable(),
  /**
   * Root cause grouping: the id of the anomaly this event is evidence for (another detector
   * on the same machine fired first within the grouping window), or absent when it leads.
   */
  evidenceFor: z.string().optional(),
  /**
   * Epoch ms (source time of the sample that changed the condition); on an `update`, of the
   * sample the new estimate was made on (ETAs count from it).
   */
  time: z.number(),
  /** True when the condition is raised (or still holds), false on the event that clears it. */
  active: z.boolean(),
  /**
   * Absent on a raise and a clear. `prediction`: news about a standing predictive condition,
   * not a new one: its ETA (or the limit it heads for) moved materially since it was last
   * told (the engine's rule: `predictionNews` in `detection/trend.ts`). It has its raise's
   * `id`, `active: true` and the new `eta*` fields; consumers update what they hold for that
   * id and never raise, annunciate or count it again (see {@link isRaise}).
   */
  update: z.enum(['prediction']).optional()
})

/**
 * Per-tag detector overrides in the tag map (`detectors` on a tag). Every field is
 * optional: defaults come from the tag's signal kind, limits and EU range.
 */
export const TagDetectorsSchema = z.strictObject({
  /** Detectors to switch off for this tag. */
  disable: z.array(DetectorNameSchema).optional(),
  /** Samples the baseline learns before it may alarm. */
  learningSamples: z.number().int().min(10).max(1_000_000).optional(),
  /** Seconds of data the baseline learns from at least before it may alarm. */
  learningS: z.number().nonnegative().max(30 * 86_400).optional(),
  /** Time constant of the adaptive baseline. */
  baselineTauS: z.number().positive().max(30 * 86_400).optional(),
  /** Robust z-score above which the baseline detector raises. */
  baselineZ: z.number().positive().max(100).optional(),
  /** Largest normal rate of change, engineering units per second. */
  maxRatePerS: z.number().positive().optional(),
  /** Window of the trend fit. */
  trendWindowS: z.number().positive().max(30 * 86_400).optional(),
  /** A predictive alarm is raised when the ETA to H or HH falls under this. */
  predictHorizonS: z.number().positive().max(30 * 86_400).optional(),
  /** A value unchanged this long is reported as stuck. */
  stuckAfterS: z.number().positive().optional(),
  /** No sample this long is reported as stale. */
  staleAfterS: z.number().positive().optional(),
  /** Seconds a limit must be exceeded before it raises, and back inside before it clears. */
  onDelayS: z.number().nonnegative().optional(),
  offDelayS: z.number().nonnegative().optional(),
  /** Seconds after the machine starts before learned detectors judge this tag. */
  settleS: z.number().nonnegative().max(86_400).optional(),
  /** Condition the baseline on this tag (same equipment), e.g. temperature on power. */
  loadTag: z.string().optional(),
  /** Learn a time-of-day profile (a day cycle that no load or context tag explains). Off by default. */
  seasonal: z.boolean().optional()
})

/**
 * Per-equipment overrides in the tag map (`equipment.<name>.detectors`): the
 * equipment's multivariate model over all of its tags. Every field is optional.
 */
export const EquipmentDetectorsSchema = z.strictObject({
  /** `["multivariate"]` switches the equipment's model off. */
  disable: z.array(z.literal('multivariate')).optional(),
  /** Frames (one value per tag) the model learns from before it scores. */
  learningFrames: z.number().int().min(10).max(1_000_000).optional(),
  /** Running time the learning frames are spread over. */
  learningS: z.number().nonnegative().max(30 * 86_400).optional(),
  /** Alarm limits as a multiple of the learning period's 99.5th percentile of T² and SPE. */
  limitMargin: z.number().min(1).max(100).optional(),
  /** Seconds beyond the limit before it raises, and back under before it clears. */
  onDelayS: z.number().nonnegative().max(3600).optional(),
  offDelayS: z.number().nonnegative().max(3600).optional(),
  /** Suggested action for the equipment's anomalies; by default the top contributor's. */
  action: z.string().max(200).optional()
})

export type DetectorName = z.infer<typeof DetectorNameSchema>
export type AnomalyKind = z.infer<typeof AnomalyKindSchema>
export type AnomalySeverity = z.infer<typeof AnomalySeveritySchema>
export type Contribution = z.infer<typeof ContributionSchema>
export type AnomalyEvent = z.infer<typeof AnomalyEventSchema>

/** Whether an event raises its condition (a new occurrence), not clears or updates one. */
export const isRaise = (e: AnomalyEvent): boolean => e.active && e.update === undefined
export type TagDetectors = z.infer<typeof TagDetectorsSchema>
export type EquipmentDetectors = z.infer<typeof EquipmentDetectorsSchema>

/** How a machine is being operated now, derived from its context tags by the anomaly engine. */
export const OperatingModeSchema = z.enum(['stopped', 'starting', 'running'])

/**
 * What the anomaly engine has learned about one machine: its mode now, its running hours, its
 * settle time after a start (s), and each load regime (centre on the load tag's scale, hours
 * learned, and whether that is enough for learned detectors to judge there).
 */
export const LearnedSummarySchema = z.object({
  equipment: z.string(),
  mode: OperatingModeSchema,
  runningHours: z.number(),
  settleS: z.number(),
  /**
   * True while the engine is learning this machine or the operating point it runs at now
   * (only limits and absolute rules judge meanwhile); absent from older engines.
   */
  learning: z.boolean().optional(),
  regimes: z.array(z.object({ load: z.number(), hours: z.number(), familiar: z.boolean() }))
})
export type OperatingMode = z.infer<typeof OperatingModeSchema>
export type LearnedSummary = z.infer<typeof LearnedSummarySchema>
