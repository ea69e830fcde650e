import { z } from 'zod'
import { ContributionSchema } from './anomaly'
import { VALUE_STATUS_CODES } from './statusCodes'
import { EquipmentSettingsSchema, LIMIT_NAMES, TagSchema } from './tagMap'

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
  reason: z.string().optional(),
  /** Which connection this is (tag map `connections[].name`, or `plant` for the settings' server); absent on the summary of all. */
  connection: z.string().optional()
})

/** One subscription of a connection: the tags of one publishing rate. */
export const SubscriptionInfoSchema = z.object({
  /** As asked by the tag map (ms). */
  publishingIntervalMs: z.number(),
  /** As the server revised it (ms). */
  revisedPublishingIntervalMs: z.number(),
  /** Silence longer than this (ms) means the server dropped the subscription. */
  lifetimeMs: z.number(),
  /** Monitored items the server accepted. */
  items: z.number().int().nonnegative()
})

/** One OPC UA connection as the diagnostics see it. */
export const ConnectionInfoSchema = z.object({
  name: z.string(),
  endpoint: z.string(),
  securityMode: z.string(),
  securityPolicy: z.string(),
  state: ConnectionStateSchema,
  /** Tags of the tag map served by this connection. */
  tags: z.number().int().nonnegative(),
  subscriptions: z.array(SubscriptionInfoSchema),
  /** Sessions opened since start (the first one included). */
  sessions: z.number().int().nonnegative(),
  /** Times the link was lost or data stopped, and was restored. */
  reconnects: z.number().int().nonnegative(),
  /** Values received from the server since start. */
  values: z.number().int().nonnegative(),
  lastError: z.object({ at: z.number(), message: z.string() }).optional(),
  /** The last gap read back with HistoryRead after a reconnect. */
  lastBackfill: z
    .object({ at: z.number(), fromMs: z.number(), toMs: z.number(), values: z.number().int().nonnegative(), missingTags: z.array(z.string()) })
    .optional()
})

export {
  AlarmKindSchema,
  AlarmPrioritySchema,
  AlarmSchema,
  AlarmStateSchema,
  type Alarm,
  type AlarmKind,
  type AlarmPriority,
  type AlarmState
} from './alarms'

export const MaintenanceEntrySchema = z.object({
  id: z.number().int(),
  createdAt: z.number(),
  text: z.string(),
  equipment: z.string().nullable(),
  source: z.enum(['operator', 'engine']),
  /** When the engine wants the work done by (scheduled entries); null for notes. */
  dueAt: z.number().nullable(),
  /** When someone marked the scheduled work done; null while open. */
  completedAt: z.number().nullable(),
  /** Who wrote the entry; null for the engine's and for entries older than sign-in. */
  author: z.string().nullable(),
  /** Who marked the work done. */
  completedBy: z.string().nullable(),
  /**
   * The work order the entry belongs to, by its number (`WO-000042`): set when a work-order
   * step wrote it, or when its text quotes a number (see `workOrderNumberIn`); null otherwise.
   */
  workOrder: z.string().nullable()
})

/** A tag as the renderer sees it: its position in every sample batch is `index`. */
export const TagInfoSchema = TagSchema.extend({ index: z.number().int().nonnegative() })

/**
 * Why a tag shows what it shows. `pending`: not subscribed yet (no session); `good`: values
 * flow as the server sends them; `warning`: values are shown and alarmed, with a caveat
 * (precision lost, text converted, source timestamp not usable); `error`: a configuration
 * error, the tag gets no values until it is fixed, and the other tags carry on.
 */
export const TagHealthStateSchema = z.enum(['pending', 'good', 'warning', 'error'])

export const TagHealthSchema = z.object({
  /** Position of the tag in `tags:list` and in every sample batch. */
  index: z.number().int().nonnegative(),
  tag: z.string(),
  /** The NodeId as the tag map writes it (`nsu=…` kept as written). */
  nodeId: z.string(),
  state: TagHealthStateSchema,
  /**
   * An OPC UA StatusCode name (`BadNodeIdUnknown`, `BadTypeMismatch`…) or one of Plantwatch's
   * reasons (`UnknownNamespaceUri`, `UnsupportedDataType`, `PrecisionLost`, `TextConverted`,
   * `NonFiniteValue`, `SourceTimestampMissing`, `SourceTimestampFrozen`, `SourceTimestampAhead`,
   * `SourceTimestampBackwards`).
   */
  code: z.string().optional(),
  /** One sentence for the engineer, naming what is wrong and what to change. */
  message: z.string().optional(),
  /** Epoch ms of the last change of `state` or `code`. */
  since: z.number()
})

/**
 * The OPC UA StatusCodes Plantwatch stamps itself, by their spec names (Part 4 §7.39,
 * Part 8 §6.3.2), taken from {@link VALUE_STATUS_CODES}. Severity bits (top two): 00 Good,
 * 01 Uncertain, 10 Bad.
 */
export const OPC_STATUS = {
  Good: VALUE_STATUS_CODES.Good,
  /** Part 8: "whatever was updating this value has stopped doing so": the last value, link lost. */
  UncertainLastUsableValue: VALUE_STATUS_CODES.UncertainLastUsableValue,
  /** Part 8: communication is defined but not established, and there is no last known value. */
  BadNoCommunication: VALUE_STATUS_CODES.BadNoCommunication
} as const satisfies Record<string, number>

export const STATUS_GOOD = OPC_STATUS.Good
/** Marks a tag's last value when the link to its server is lost or data stopped flowing: never Good. */
export const STATUS_STALE = OPC_STATUS.UncertainLastUsableValue
/** Marks a tag that has no last value to show while the link is down. */
export const STATUS_NO_COMMUNICATION = OPC_STATUS.BadNoCommunication
export const isGoodStatus = (status: number): boolean => status >>> 30 === 0

export type ConnectionState = z.infer<typeof ConnectionStateSchema>
export type ConnectionInfo = z.infer<typeof ConnectionInfoSchema>
export type SubscriptionInfo = z.infer<typeof SubscriptionInfoSchema>
export type MaintenanceEntry = z.infer<typeof MaintenanceEntrySchema>
export type TagInfo = z.infer<typeof TagInfoSchema>
export type TagHealth = z.infer<typeof TagHealthSchema>

/**
 * One machine of the tag map, as displays and work-order rules see it: its name (the
 * `equipment` of its tags) and its descriptive settings; the engine's detector settings stay in the core.
 */
export const EquipmentInfoSchema = EquipmentSettingsSchema.pick({ type: true, area: true, description: true, upstream: true }).extend({
  name: z.string().min(1)
})
export type EquipmentInfo = z.infer<typeof EquipmentInfoSchema>
