import { z } from 'zod'

/**
 * Work orders: what the maintenance team is asked to do, why (evidence from the engine's
 * alarms or a runtime counter), by when, and where the job stands. The tag map's
 * `maintenanceRules` say, per equipment type and failure mode, what the job is.
 */

/**
 * How a machine is failing, as the maintenance team files it. The engine's detections map to
 * one of these by signal kind (see the core's `failureModes.ts`); runtime rules name one too.
 */
export const FAILURE_MODES = ['bearing-wear', 'lubrication', 'overheating', 'overload', 'pressure', 'electrical', 'process', 'machine'] as const
export const FailureModeSchema = z.enum(FAILURE_MODES)
export type FailureMode = z.infer<typeof FailureModeSchema>

/** Who does the job. */
export const CRAFTS = ['mechanical', 'electrical', 'lubrication', 'instrument'] as const
export const CraftSchema = z.enum(CRAFTS)
export type Craft = z.infer<typeof CraftSchema>

/** Work-order priorities, most urgent first (a CMMS maps them to its own 1–4). */
export const WORK_ORDER_PRIORITIES = ['urgent', 'high', 'medium', 'low'] as const
export const WorkOrderPrioritySchema = z.enum(WORK_ORDER_PRIORITIES)
export type WorkOrderPriority = z.infer<typeof WorkOrderPrioritySchema>

/** What a runtime rule counts: running hours, starts (stopped → running), energy in kWh. */
export const RUNTIME_COUNTERS = ['runHours', 'starts', 'energyKWh'] as const
export const RuntimeCounterSchema = z.enum(RUNTIME_COUNTERS)
export type RuntimeCounter = z.infer<typeof RuntimeCounterSchema>

/**
 * One maintenance rule of the tag map (`maintenanceRules.<equipment type>[i]`). Times are
 * plant hours. A rule with `runtime` is a runtime rule ("lube every 500 run hours"); without
 * it, the rule says what to do when the engine detects `failureMode` on a machine of the type.
 */
export const MaintenanceRuleSchema = z.strictObject({
  failureMode: FailureModeSchema,
  /** The job, e.g. "Inspect and replace drive-end bearing". */
  action: z.string().trim().min(1, 'a rule needs an action text').max(200),
  priority: WorkOrderPrioritySchema,
  craft: CraftSchema,
  /** Hours before a predicted failure (ETA) the job must be done by. */
  leadMarginH: z.number().finite().nonnegative().max(24 * 365).default(0),
  /** Estimated duration of the job, hours. */
  durationH: z.number().finite().positive('durationH must be above 0').max(24 * 30),
  /** Due this many hours after detection when nothing is predicted (or after a runtime rule fires). */
  dueWithinH: z.number().finite().positive('dueWithinH must be above 0').max(24 * 365).default(8),
  /** Runtime rule: a job every `every` units of `counter` (since the last such job was done). */
  runtime: z.strictObject({ counter: RuntimeCounterSchema, every: z.number().finite().positive('every must be above 0') }).optional()
})
export type MaintenanceRule = z.infer<typeof MaintenanceRuleSchema>

/** `maintenanceRules` of the tag map: rules by equipment type (`equipment.<name>.type`). */
export const MaintenanceRulesSchema = z.record(z.string().min(1).max(40), z.array(MaintenanceRuleSchema).max(100))
export type MaintenanceRules = z.infer<typeof MaintenanceRulesSchema>

/** The lifecycle, in order; `cancelled` ends it from any state before `done`. */
export const WORK_ORDER_STATES = ['open', 'scheduled', 'in-progress', 'done', 'cancelled'] as const
export const WorkOrderStateSchema = z.enum(WORK_ORDER_STATES)
export type WorkOrderState = z.infer<typeof WorkOrderStateSchema>
/** States a work order is still to be done in. */
export const ACTIVE_WORK_ORDER_STATES: readonly WorkOrderState[] = ['open', 'scheduled', 'in-progress']

/** A trend window: the tags over [from, to) (epoch ms), what the trend view opens on. */
export const TrendLinkSchema = z.object({ from: z.number(), to: z.number(), tags: z.array(z.string()).min(1) })

/** One reason for a work order: an engine alarm (with its explanation) or a runtime counter. */
export const WorkOrderEvidenceSchema = z.object({
  /** Epoch ms the evidence was seen (source time of the detection). */
  at: z.number(),
  /** The alarm's id in the alarm list (the engine's condition, e.g. `trend:CV-101.Vibration:H`); null for runtime evidence. */
  alarmId: z.string().nullable(),
  /** `detection` (the job's cause), `consequential` (a later symptom of it), or `runtime`. */
  kind: z.enum(['detection', 'consequential', 'runtime']),
  /** The detector's explanation, one line. */
  explanation: z.string(),
  /** The predicted failure time (ETA) this evidence gave, epoch ms. */
  etaAt: z.number().nullable(),
  trend: TrendLinkSchema.nullable()
})
export type WorkOrderEvidence = z.infer<typeof WorkOrderEvidenceSchema>

/** One step of the lifecycle: who, when, why. */
export const WorkOrderTransitionSchema = z.object({
  from: WorkOrderStateSchema.nullable(),
  to: WorkOrderStateSchema,
  at: z.number(),
  /** The signed-in user; null for the engine's creation. */
  user: z.string().nullable(),
  note: z.string()
})
export type WorkOrderTransition = z.infer<typeof WorkOrderTransitionSchema>

/** A work order with its evidence and history (oldest first). */
export const WorkOrderSchema = z.object({
  id: z.number().int().positive(),
  /** What people call it: `WO-000042`. */
  number: z.string(),
  equipment: z.string(),
  failureMode: FailureModeSchema,
  state: WorkOrderStateSchema,
  action: z.string(),
  priority: WorkOrderPrioritySchema,
  craft: CraftSchema,
  /** Estimated duration, plant hours. */
  durationH: z.number(),
  /** Epoch ms the job is due by. */
  dueAt: z.number(),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** What raised it: an engine detection, or a runtime rule. */
  source: z.enum(['detection', 'runtime']),
  /** Why it was cancelled; null otherwise. */
  cancelReason: z.string().nullable(),
  /** When closing it reset the machine's learned baseline (repair confirmed); null otherwise. */
  baselineResetAt: z.number().nullable(),
  evidence: z.array(WorkOrderEvidenceSchema),
  history: z.array(WorkOrderTransitionSchema)
})
export type WorkOrder = z.infer<typeof WorkOrderSchema>

/** `WO-000042`: the number people quote for work order 42. */
export const workOrderNumber = (id: number): string => `WO-${String(id).padStart(6, '0')}`

/** A work-order number as {@link workOrderNumber} writes it, standing alone in a text. */
const QUOTED_NUMBER = /(?<![\w-])WO-\d{6}(?![\w-])/

/**
 * The first work-order number a text quotes ("greased, see WO-000042"), or null: how an
 * operator's log entry is tied to an order. Only the exact form counts (upper case, six
 * digits), so "wo-42" or "WO-0000421" tie nothing.
 */
export const workOrderNumberIn = (text: string): string | null => QUOTED_NUMBER.exec(text)?.[0] ?? null

/** Runtime counters of one machine over [from, to) (epoch ms), from the historian. */
export const RuntimeCountersSchema = z.object({
  equipment: z.string(),
  from: z.number(),
  to: z.number(),
  /** Plant hours the Running tag was on; null without a Running (state) tag. */
  runHours: z.number().nullable(),
  /** Stopped → running transitions seen; null without a Running tag. */
  starts: z.number().int().nullable(),
  /** From the energy counter tag, else the power tag's integral; null without either. */
  energyKWh: z.number().nullable()
})
export type RuntimeCounters = z.infer<typeof RuntimeCountersSchema>
