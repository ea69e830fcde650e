import { z } from 'zod'
import { ContributionSchema } from './anomaly'
import { LIMIT_NAMES, TagSchema } from './tagMap'

/** How the link to the plant stands; shown to the operator at all times. */
export const ConnectionStateSchema = z.object({
  status: z.enum(['connecting', 'connected', 'reconnecting', 'failed', 'stopped']),
  endpoint: z.string(),
  /** Epoch ms of the last status change. */
  since: z.number(),
  /** Reconnection attempt number while reconnecting. */
  attempt: z.number().int().nonnegative().optional(),
  /** Delay before the next attempt, when known. */
  retryInMs: z.number().nonnegative().optional(),
  reason: z.string().optional()
})

/**
 * ISA-18.2 alarm states that the banner shows. A returned-to-normal alarm that
 * nobody acknowledged stays listed until it is acknowledged.
 */
export const AlarmStateSchema = z.enum(['unacknowledged', 'acknowledged', 'returned-unacknowledged'])

/** 1 is the most urgent (ISA-18.2 priority). */
export const AlarmPrioritySchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)])

/**
 * `limit`: a value is past H/HH/L/LL now. `predictive`: the trend will cross `limit`
 * within the horizon (see `eta`). `anomaly`: the equipment left its normal behaviour
 * (baseline, drift, rate, multivariate) while still inside its limits. `system`: Plantwatch
 * itself is in trouble (the historian cannot write).
 */
export const AlarmKindSchema = z.enum(['limit', 'predictive', 'anomaly', 'system'])

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
  message: z.string(),
  /** The tag's value when the alarm last changed; null when not a number. */
  value: z.number().nullable(),
  /** The limit's value, or what the engine expected. */
  threshold: z.number().nullable(),
  unit: z.string(),
  raisedAt: z.number(),
  acknowledgedAt: z.number().optional(),
  clearedAt: z.number().optional(),
  action: z.string().optional(),
  /** Which detector raised it (engine alarms). */
  detector: z.string().optional(),
  /** Predicted time to `limit`: `seconds` (± `uncertaintySeconds`, one sigma) as estimated at `at` (epoch ms). */
  eta: z.object({ seconds: z.number().nonnegative(), uncertaintySeconds: z.number().nonnegative(), at: z.number() }).optional(),
  /** Each tag's share of a multivariate anomaly, largest first. */
  contributions: z.array(ContributionSchema).optional()
})

export const MaintenanceEntrySchema = z.object({
  id: z.number().int(),
  createdAt: z.number(),
  text: z.string(),
  equipment: z.string().nullable(),
  source: z.enum(['operator', 'engine']),
  /** When the engine wants the work done by (scheduled entries); null for notes. */
  dueAt: z.number().nullable(),
  /** When someone marked the scheduled work done; null while open. */
  completedAt: z.number().nullable()
})

/** A tag as the renderer sees it: its position in every sample batch is `index`. */
export const TagInfoSchema = TagSchema.extend({ index: z.number().int().nonnegative() })

/**
 * OPC UA StatusCode severity bits (Part 4): 00 Good, 01 Uncertain, 10 Bad.
 * Core marks a tag stale with {@link STATUS_BAD_STALE} when the link drops.
 */
export const STATUS_GOOD = 0
export const STATUS_BAD_STALE = 0x80ac0000 >>> 0 // BadNoCommunication
export const isGoodStatus = (status: number): boolean => status >>> 30 === 0

export type ConnectionState = z.infer<typeof ConnectionStateSchema>
export type AlarmKind = z.infer<typeof AlarmKindSchema>
export type AlarmState = z.infer<typeof AlarmStateSchema>
export type AlarmPriority = z.infer<typeof AlarmPrioritySchema>
export type Alarm = z.infer<typeof AlarmSchema>
export type MaintenanceEntry = z.infer<typeof MaintenanceEntrySchema>
export type TagInfo = z.infer<typeof TagInfoSchema>
