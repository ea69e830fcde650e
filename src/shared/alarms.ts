import { z } from 'zod'
import { ContributionSchema } from './anomaly'
import { LIMIT_NAMES, type LimitName } from './tagMap'

/**
 * Alarm management after ANSI/ISA-18.2-2016 (IEC 62682:2014): the alarm states,
 * the typed transitions between them, the journal that records every transition,
 * and the KPIs computed from it.
 */

/**
 * The acknowledgement states of an alarm in the list (ISA-18.2 §5.6, state diagram
 * states B–E): `unacknowledged` (active, not acknowledged), `acknowledged` (active,
 * acknowledged), `returned-unacknowledged` (back to normal, never acknowledged) and
 * `latched` (a latching alarm back to normal and acknowledged, waiting for a reset).
 * `normal` (state A) alarms are listed only while shelved or out of service, so the
 * operator sees what is hidden. Shelved, suppressed-by-design and out-of-service
 * (states F–H) are carried beside this state, see {@link AlarmSchema}: they hide an
 * alarm from annunciation without stopping its evaluation.
 */
export const AlarmStateSchema = z.enum(['normal', 'unacknowledged', 'acknowledged', 'returned-unacknowledged', 'latched'])

/** The alarm id of a condition: `<detector>:<owner>[:<variant>]`, e.g. `limit:CV-101.Vibration:HH`. */
export const conditionId = (detector: string, owner: string, variant?: string): string => `${detector}:${owner}${variant ? `:${variant}` : ''}`

/** The id of a tag's limit alarm, e.g. `limit:CV-101.Vibration:H`: listed or not, configured limits are named so. */
export const limitAlarmId = (tag: string, limit: LimitName): string => conditionId('limit', tag, limit)

/** 1 is the most urgent (ISA-18.2 §6.4 priority); shown with a distinct shape and colour each. */
export const AlarmPrioritySchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)])

/**
 * Where an alarm comes from. `limit`: a value is past H/HH/L/LL now. `predictive`: the
 * trend will cross `limit` within the horizon (see `eta`). `anomaly`: the equipment left
 * its normal behaviour while still inside its limits. `sensor-health`: the signal itself
 * is doubtful (flat-lined, stuck, spiking). `system`: Plantwatch itself is in trouble
 * (link to the server lost, historian cannot write). `server-condition`: an OPC UA
 * Alarms & Conditions condition of the server (Part 9).
 */
export const AlarmKindSchema = z.enum(['limit', 'predictive', 'anomaly', 'sensor-health', 'system', 'server-condition'])

/** Who shelved an alarm, why, and until when (epoch ms); unshelved automatically at `until` (ISA-18.2 §16.3). */
export const ShelveInfoSchema = z.object({ by: z.string(), reason: z.string(), at: z.number(), until: z.number() })

/** Who took an alarm out of service and why (ISA-18.2 §16.6); it stays so until returned to service. */
export const OutOfServiceInfoSchema = z.object({ by: z.string(), reason: z.string(), at: z.number() })

export const AlarmCommentSchema = z.object({ at: z.number(), by: z.string(), text: z.string() })

export const AlarmSchema = z.object({
  /** Stable per condition, e.g. `CV-101.Vibration:HH` or `trend:CV-101.Vibration:HH`. */
  id: z.string(),
  tag: z.string(),
  equipment: z.string(),
  kind: AlarmKindSchema,
  /** The limit crossed (limit alarms) or predicted to be crossed (predictive alarms). */
  limit: z.enum(LIMIT_NAMES).nullable(),
  priority: AlarmPrioritySchema,
  state: AlarmStateSchema,
  /** Whether the condition is true now (false for returned and latched alarms). */
  active: z.boolean(),
  message: z.string(),
  /** The tag's value when the alarm last changed; null when not a number. */
  value: z.number().nullable(),
  /** The limit's value, or what the engine expected. */
  threshold: z.number().nullable(),
  unit: z.string(),
  raisedAt: z.number(),
  acknowledgedAt: z.number().optional(),
  /** Who acknowledged it. */
  acknowledgedBy: z.string().optional(),
  clearedAt: z.number().optional(),
  action: z.string().optional(),
  /** Which detector raised it (engine alarms). */
  detector: z.string().optional(),
  /** Predicted time to `limit`: `seconds` (± `uncertaintySeconds`, one sigma) as estimated at `at` (epoch ms). */
  eta: z.object({ seconds: z.number().nonnegative(), uncertaintySeconds: z.number().nonnegative(), at: z.number() }).optional(),
  /** Each tag's share of a multivariate anomaly, largest first. */
  contributions: z.array(ContributionSchema).optional(),
  /** A latching alarm stays listed after it returns, until an operator resets it (ISA-18.2 §11.6). */
  latching: z.boolean().optional(),
  shelved: ShelveInfoSchema.optional(),
  /** Suppressed by design: the reason the plant's state makes this alarm meaningless now. */
  suppressed: z.object({ reason: z.string(), at: z.number() }).optional(),
  outOfService: OutOfServiceInfoSchema.optional(),
  /** Three or more activations within 60 s (ISA-18.2 §16.5, EEMUA 191 "chattering"). */
  chattering: z.boolean().optional(),
  /** The alarm flood this alarm was raised in, and whether it was the flood's first alarm (first-out). */
  flood: z.object({ id: z.number().int(), firstOut: z.boolean(), firstOutId: z.string() }).optional(),
  /** Operator comments, oldest first (at most the last {@link ALARM_COMMENTS_KEPT}). */
  comments: z.array(AlarmCommentSchema).optional()
})

/**
 * What changed in the active alarm list since the last change sent: each alarm added or
 * changed, whole and in its latest state (`upserted`), and the ids that left the list
 * (`removed`, after a `clear`). Consoles hold the list and fold these in with
 * {@link applyAlarmListChange}; `alarms:list` gives the whole list to start from. A flood's
 * list runs to thousands of alarms, of which a few dozen change between two sends.
 */
export const AlarmListChangeSchema = z.object({ upserted: z.array(AlarmSchema), removed: z.array(z.string()) })

/**
 * Folds `change` into `list` (keyed by alarm id), in place, and returns it. An id both
 * removed and upserted cannot occur in one change: the sender keeps each id's last state.
 */
export function applyAlarmListChange(list: Map<string, Alarm>, change: AlarmListChange): Map<string, Alarm> {
  for (const id of change.removed) list.delete(id)
  for (const alarm of change.upserted) list.set(alarm.id, alarm)
  return list
}

/** Comments kept on a listed alarm; the journal keeps every one. */
export const ALARM_COMMENTS_KEPT = 20

/**
 * What happened to an alarm. `raise`: the condition became true (again). `return`: it
 * became false while still listed. `clear`: it left the list (normal, state A).
 * `reset`: a latched alarm was reset. `update`: news (value, ETA) without a state change;
 * never journaled.
 */
export const AlarmTransitionKindSchema = z.enum([
  'raise',
  'acknowledge',
  'return',
  'clear',
  'reset',
  'shelve',
  'unshelve',
  'suppress',
  'unsuppress',
  'disable',
  'enable',
  'comment'
])

/** One typed transition, as the journal stores it. `value` is the tag's value then; `user` is null for the plant's own transitions. */
export const AlarmTransitionSchema = z.object({
  at: z.number(),
  kind: AlarmTransitionKindSchema,
  alarmId: z.string(),
  tag: z.string(),
  equipment: z.string(),
  alarmKind: AlarmKindSchema,
  priority: AlarmPrioritySchema,
  value: z.number().nullable(),
  /** The acknowledgement state after the transition; `normal` once cleared. */
  state: AlarmStateSchema,
  message: z.string(),
  user: z.string().nullable(),
  comment: z.string().nullable(),
  /** Whether this transition alerted the operator: a raise or return to view of an alarm not shelved, suppressed or out of service. KPIs count these. */
  annunciated: z.boolean()
})

/** A stored transition with its journal sequence number. */
export const JournalEntrySchema = AlarmTransitionSchema.extend({ seq: z.number().int() })

export const ALARM_COMMENT_MAX = 500
export const SHELVE_REASON_MAX = 300
/** Longest shelve (ISA-18.2 §16.3 asks for a time limit): one 12-hour shift. */
export const SHELVE_MAX_MINUTES = 12 * 60
/** Rows in one journal answer; `plantwatch alarms journal` exports longer spans. */
export const JOURNAL_QUERY_MAX = 5000
/** Tags one journal query may name: a trend's pens and then some. */
export const JOURNAL_QUERY_TAGS_MAX = 32

export const JournalQuerySchema = z.strictObject({
  /** Epoch ms, inclusive. */
  from: z.number().int().nonnegative(),
  /** Epoch ms, exclusive. */
  to: z.number().int().positive(),
  equipment: z.string().min(1).max(60).optional(),
  tag: z.string().min(1).max(200).optional(),
  /** Any of these tags, e.g. a trend's pens. */
  tags: z.array(z.string().min(1).max(200)).min(1).max(JOURNAL_QUERY_TAGS_MAX).optional(),
  /** One alarm's transitions (an id recurs: a limit alarm keeps its id through every raise and clear). */
  alarmId: z.string().min(1).max(300).optional(),
  priority: AlarmPrioritySchema.optional(),
  kinds: z.array(AlarmTransitionKindSchema).min(1).max(12).optional(),
  user: z.string().min(1).max(64).optional(),
  limit: z.number().int().min(1).max(JOURNAL_QUERY_MAX).optional()
})

/** The bad actors and chattering alarms of a KPI window: an alarm id and how often it was raised. */
export const AlarmCountSchema = z.object({ alarmId: z.string(), tag: z.string(), equipment: z.string(), raises: z.number().int() })

/**
 * Alarm system performance over [from, to), from the journal (ISA-18.2 §16.9 / Table 6;
 * EEMUA 191 3rd ed. §6 and Annex; targets in `targets`).
 */
export const AlarmKpiSchema = z.object({
  from: z.number(),
  to: z.number(),
  /** Consoles the alarm load is divided over (Plantwatch has one alarm list per site). */
  operators: z.number().int().positive(),
  raises: z.number().int(),
  /** Average annunciated alarms per 10 minutes per operator; EEMUA 191 "manageable" ≤ 1, ISA-18.2 ≤ 2. */
  alarmsPer10Min: z.number(),
  /** Highest count of raises in any 10-minute window. */
  peakPer10Min: z.number().int(),
  /** Share of the window spent in an alarm flood (> 10 raises in 10 min); ISA-18.2 target < 1 %. */
  floodPct: z.number(),
  floods: z.number().int(),
  /** The 10 most frequent alarms, and their share of all raises (ISA-18.2 target: top 10 < 1–5 %). */
  topBadActors: z.array(AlarmCountSchema),
  topBadActorsPct: z.number(),
  /** Alarms raised three or more times within 60 s; target 0. */
  chattering: z.array(AlarmCountSchema),
  /** Alarms active for more than 24 h at `to` (ISA-18.2 target: fewer than 5 per console, EEMUA: few). */
  standing: z.array(z.object({ alarmId: z.string(), tag: z.string(), since: z.number() })),
  /** Shelve transitions in the window, and alarms shelved at `to`. */
  shelves: z.number().int(),
  shelvedNow: z.number().int(),
  /** Raises per priority (annunciations, as `raises` counts them); they sum to `raises`. */
  priorityCounts: z.object({ 1: z.number().int(), 2: z.number().int(), 3: z.number().int(), 4: z.number().int() }),
  /**
   * `priorityCounts` as shares summing to about 100, rounded to 0.1 (ISA-18.2 Table 7: about
   * 80/15/5 % for low/medium/high, with 1 as "urgent" ≤ 1 %). Counts are in `priorityCounts`.
   */
  priorityPct: z.object({ 1: z.number(), 2: z.number(), 3: z.number(), 4: z.number() }),
  targets: z.object({
    alarmsPer10Min: z.number(),
    floodPct: z.number(),
    topBadActorsPct: z.number(),
    standing: z.number(),
    chattering: z.number()
  })
})

export type Alarm = z.infer<typeof AlarmSchema>
export type AlarmKind = z.infer<typeof AlarmKindSchema>
export type AlarmState = z.infer<typeof AlarmStateSchema>
export type AlarmPriority = z.infer<typeof AlarmPrioritySchema>
export type AlarmTransition = z.infer<typeof AlarmTransitionSchema>
export type AlarmTransitionKind = z.infer<typeof AlarmTransitionKindSchema>
export type JournalEntry = z.infer<typeof JournalEntrySchema>
export type JournalQuery = z.infer<typeof JournalQuerySchema>
export type AlarmKpi = z.infer<typeof AlarmKpiSchema>
export type AlarmCount = z.infer<typeof AlarmCountSchema>
export type AlarmListChange = z.infer<typeof AlarmListChangeSchema>
