import { z } from 'zod'
import {
  AuditRecordSchema,
  PASSWORD_MAX_LENGTH,
  PasswordSchema,
  RoleSchema,
  SessionStateSchema,
  UserNameSchema,
  UserSchema,
  type Access,
  type Role
} from './access'
import {
  ALARM_COMMENT_MAX,
  AlarmKpiSchema,
  AlarmListChangeSchema,
  AlarmTransitionSchema,
  JournalEntrySchema,
  JournalQuerySchema,
  SHELVE_MAX_MINUTES,
  SHELVE_REASON_MAX
} from './alarms'
import { LearnedSummarySchema } from './anomaly'
import { CertificateInfoSchema, ConnectionDiagnosticsSchema, TagWriteInputSchema, TagWriteResultSchema, ThumbprintInputSchema } from './commissioning'
import { AlarmSchema, ConnectionInfoSchema, ConnectionStateSchema, EquipmentInfoSchema, MaintenanceEntrySchema, TagHealthSchema, TagInfoSchema } from './domain'
import { RuntimeCountersSchema, WorkOrderSchema, WorkOrderStateSchema } from './workOrders'
import { handoverCommands } from './handoverContract'

/**
 * The one contract between the core (Electron main or the web host) and the renderer.
 * Every channel string lives here; hosts register handlers by iterating over it,
 * the preload exposes only its keys, and the renderer client is typed from it.
 */

const NoInput = z.undefined().or(z.strictObject({}))

export const MAINTENANCE_TEXT_MAX = 2000
/** A trend shows a handful of pens; history for more would be a bulk export, not a screen. */
export const MAX_HISTORY_TAGS = 32

/**
 * Samples as JSON-friendly columns, for answers (events use typed arrays):
 * `value` is null where the value is not a finite number, since JSON cannot carry NaN.
 */
export const SampleColumnsSchema = z.object({
  tagIndex: z.array(z.number().int().nonnegative()),
  sourceTime: z.array(z.number()),
  value: z.array(z.number().nullable()),
  status: z.array(z.number().int().nonnegative())
})

/** Tags in one `tags:latest`: a faceplate or a handful of indicators, not the whole map (that is `samples:snapshot`). */
export const MAX_LATEST_TAGS = 50

/**
 * One tag's newest value with its metadata, as the core holds it: `value` null when not a
 * finite number; `status` the OPC UA StatusCode; `sourceTime` the time the value is placed at
 * (epoch ms; see the tag's health when it is not the source timestamp); `serverTime` the
 * server's timestamp of the newest value it sent, null when it sent none. All but `tag` are
 * null before the tag's first value.
 */
export const LatestValueSchema = z.object({
  tag: z.string(),
  value: z.number().nullable(),
  status: z.number().int().nonnegative().nullable(),
  sourceTime: z.number().nullable(),
  serverTime: z.number().nullable()
})
export type LatestValue = z.infer<typeof LatestValueSchema>

/**
 * One command: who may call it (see {@link Access}), its input and output, and whether a
 * call is written to the audit trail (every change is; reads are not, refusals always are).
 */
const command = <I extends z.ZodType, O extends z.ZodType>(access: Access, input: I, output: O, audited = false) =>
  ({ access, input, output, audited }) as const

const AlarmIdSchema = z.string().min(1).max(300)
const AlarmCommentTextSchema = z.string().trim().min(1, 'write a comment').max(ALARM_COMMENT_MAX)
/** A required reason: blank or whitespace-only is refused. */
const ReasonSchema = (max: number) => z.string().trim().min(1, 'a reason is required').max(max)

/** The most audit records one query returns; export covers longer spans. */
export const AUDIT_QUERY_MAX = 1000

/** Longest range of one `history:query`: the 1 h tier's default retention. */
export const MAX_HISTORY_RANGE_MS = 10 * 366 * 86_400_000
/** Longest range of a raw `history:query`: a day (an export takes longer ranges a day at a time). */
export const MAX_HISTORY_RAW_RANGE_MS = 86_400_000
/** Most buckets (or raw samples) per tag in one answer: a few screens' worth of pixels. */
export const MAX_HISTORY_POINTS = 100_000

export const HistoryQueryInputSchema = z
  .strictObject({
    tags: z.array(z.string().min(1).max(200)).min(1).max(MAX_HISTORY_TAGS),
    /** Epoch ms, inclusive. */
    from: z.number().int().nonnegative(),
    /** Epoch ms, exclusive. */
    to: z.number().int().nonnegative(),
    maxPoints: z.number().int().min(1, 'maxPoints must be at least 1').max(MAX_HISTORY_POINTS, `maxPoints must be at most ${MAX_HISTORY_POINTS}`),
    mode: z.enum(['decimated', 'raw']).optional()
  })
  .refine((q) => q.to > q.from, { message: 'the end (to) must be after the start (from)', path: ['to'] })
  .refine((q) => q.to - q.from <= (q.mode === 'raw' ? MAX_HISTORY_RAW_RANGE_MS : MAX_HISTORY_RANGE_MS), {
    message: `range too long: at most ${MAX_HISTORY_RAW_RANGE_MS / 3_600_000} h raw, ${MAX_HISTORY_RANGE_MS / 86_400_000} days decimated`,
    path: ['to']
  })

/** A stretch the historian did not record (link lost, Plantwatch not running, tag added later). */
export const HistoryGapSchema = z.object({ start: z.number(), end: z.number().nullable(), reason: z.string() })

/** The historian's tiers: raw samples, and the rollups built from them. */
export const HistoryTierSchema = z.enum(['raw', '1m', '5m', '10m', '1h'])

/**
 * Per-sample or per-bucket numbers, NaN where there is none (a stale mark, a bucket with no
 * usable sample); readers treat any value that is not finite as no value. Typed arrays, not
 * JSON: over IPC they go by structured clone, over WebSocket in one binary frame (`historyAnswerCodec`).
 */
const values = () => z.instanceof(Float64Array)
const counts = () => z.instanceof(Uint32Array)

/**
 * One tag's answer to `history:query`, columnar: every column of a series has the same
 * length. Times are epoch ms; `status` is the OPC UA StatusCode.
 */
export const HistorySeriesSchema = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('raw'),
    tag: z.string(),
    t: values(),
    value: values(),
    status: counts(),
    gaps: z.array(HistoryGapSchema)
  }),
  z.object({
    mode: z.literal('decimated'),
    tag: z.string(),
    /** The tier the buckets were built from. */
    source: HistoryTierSchema,
    bucketMs: z.number().positive(),
    /** Bucket start times; buckets with no samples and no held value are left out. */
    t: values(),
    /** Samples per bucket, and how many of them had Good status. */
    n: counts(),
    good: counts(),
    min: values(),
    max: values(),
    first: values(),
    last: values(),
    /** Time-weighted average; values hold until the next sample and never across a gap. */
    avg: values(),
    gaps: z.array(HistoryGapSchema)
  })
])
export type HistorySeries = z.infer<typeof HistorySeriesSchema>

/** The historian's disk use: the file, its pages in use, the budget, and chunk bytes per tier (bytes). */
export const HistorianDiskSchema = z.object({
  fileBytes: z.number().nonnegative(),
  usedBytes: z.number().nonnegative(),
  budgetBytes: z.number().positive(),
  tiers: z.array(z.object({ tier: HistoryTierSchema, bytes: z.number().nonnegative(), retentionMs: z.number().positive() }))
})
export type HistorianDisk = z.infer<typeof HistorianDiskSchema>

/** Most pens in one saved set: what a trend can draw. */
export const PEN_SET_MAX_TAGS = 16

/** A named set of trend pens that one user saved (tag names, in pen order). */
export const PenSetSchema = z.object({
  name: z.string().trim().min(1, 'a pen set needs a name').max(80),
  tags: z.array(z.string().min(1).max(200)).min(1, 'a pen set needs at least one pen').max(PEN_SET_MAX_TAGS),
  /** Epoch ms of the last save. */
  savedAt: z.number()
})
export type PenSet = z.infer<typeof PenSetSchema>

/** Request → response channels (renderer asks, core answers). */
export const commands = {
  'tags:list': command('viewer', NoInput, z.array(TagInfoSchema)),
  /** Every equipment of the tag map, in the map's order, with its type, area and upstream machines. */
  'equipment:list': command('viewer', NoInput, z.array(EquipmentInfoSchema)),
  /** The link to the plant as one state: the worst of all connections, naming the connection in trouble. */
  'connection:get': command('viewer', NoInput, ConnectionStateSchema),
  /** Every OPC UA connection with its own state, subscriptions, reconnects and last error. */
  'connections:list': command('viewer', NoInput, z.array(ConnectionInfoSchema)),
  /** Each tag's health (good, or why it has no or doubtful values), index i for tag i. */
  'tags:health': command('viewer', NoInput, z.array(TagHealthSchema)),
  'alarms:list': command('viewer', NoInput, z.array(AlarmSchema)),
  /**
   * Acknowledges alarms, with an optional comment: the listed `ids`, or every annunciated
   * unacknowledged alarm of one `equipment` (the UI confirms first). An id not in the
   * list fails with `not-found` and acknowledges nothing.
   */
  'alarms:acknowledge': command(
    'operator',
    z
      .strictObject({
        ids: z.array(AlarmIdSchema).min(1).max(1000).optional(),
        equipment: z.string().min(1).max(60).optional(),
        comment: AlarmCommentTextSchema.optional()
      })
      .refine((i) => (i.ids === undefined) !== (i.equipment === undefined), { message: 'give either ids or equipment' }),
    z.object({ acknowledged: z.number().int() }),
    true
  ),
  /** Resets latched alarms (returned and acknowledged); any other state fails with `conflict`. */
  'alarms:reset': command('operator', z.strictObject({ ids: z.array(AlarmIdSchema).min(1).max(1000), comment: AlarmCommentTextSchema.optional() }), z.object({ reset: z.number().int() }), true),
  /** Shelves one alarm for `minutes` (at most a shift) with a reason; it unshelves itself at expiry. */
  'alarms:shelve': command(
    'operator',
    z.strictObject({ id: AlarmIdSchema, minutes: z.number().int().min(1).max(SHELVE_MAX_MINUTES), reason: ReasonSchema(SHELVE_REASON_MAX) }),
    AlarmSchema,
    true
  ),
  'alarms:unshelve': command('operator', z.strictObject({ id: AlarmIdSchema }), z.object({ id: z.string() }), true),
  'alarms:comment': command('operator', z.strictObject({ id: AlarmIdSchema, text: AlarmCommentTextSchema }), AlarmSchema, true),
  /** Takes an alarm out of service (a failed instrument, maintenance) until returned: an engineer's decision (ISA-18.2 §16.6). */
  'alarms:outOfService': command('engineer', z.strictObject({ id: AlarmIdSchema, reason: ReasonSchema(SHELVE_REASON_MAX) }), AlarmSchema, true),
  'alarms:returnToService': command('engineer', z.strictObject({ id: AlarmIdSchema, comment: AlarmCommentTextSchema.optional() }), z.object({ id: z.string() }), true),
  /** The journal of transitions, filtered, oldest first. */
  'alarms:journal': command('viewer', JournalQuerySchema, z.array(JournalEntrySchema)),
  /** Alarm KPIs over [from, to) against EEMUA 191 / ISA-18.2 targets. */
  'alarms:kpi': command(
    'viewer',
    z.strictObject({ from: z.number().int().nonnegative(), to: z.number().int().positive() }).refine((r) => r.from < r.to, { message: 'from must be before to' }),
    AlarmKpiSchema
  ),
  'maintenance:list': command(
    'viewer',
    z.strictObject({ limit: z.number().int().min(1).max(1000).optional() }).optional(),
    z.array(MaintenanceEntrySchema)
  ),
  /** The last value of every tag that has one, for a screen that opens after the values arrived. */
  'samples:snapshot': command('viewer', NoInput, SampleColumnsSchema),
  /**
   * A few tags' newest values with their source and server timestamps, from the core's cache
   * (no call to the server); in the order asked. An unknown tag fails with `not-found`.
   */
  'tags:latest': command('viewer', z.strictObject({ tags: z.array(z.string().min(1).max(200)).min(1).max(MAX_LATEST_TAGS) }), z.array(LatestValueSchema)),
  /** Marks scheduled maintenance as done. */
  'maintenance:complete': command('operator', z.strictObject({ id: z.number().int().positive() }), MaintenanceEntrySchema, true),
  /**
   * The historian's record of a few tags over [from, to) (epoch ms): per tag, decimated
   * to at most `maxPoints` buckets (min/max/first/last, M4) from the coarsest fitting
   * tier, or `mode: 'raw'` for every stored sample (at most `maxPoints` of them per tag,
   * over at most {@link MAX_HISTORY_RAW_RANGE_MS}). Gaps come as facts, never filled in.
   * The columns are typed arrays; the web host answers it with a binary frame.
   */
  'history:query': command('viewer', HistoryQueryInputSchema, z.array(HistorySeriesSchema)),
  /** How much disk the historian takes, per tier and in total, against its budget. */
  'history:disk': command('viewer', NoInput, HistorianDiskSchema),
  /** The signed-in user's saved trend pen sets, by name. */
  'pensets:list': command('viewer', NoInput, z.array(PenSetSchema)),
  /** Saves (or replaces, by name) one of the signed-in user's trend pen sets. */
  'pensets:save': command('viewer', PenSetSchema.omit({ savedAt: true }).strict(), PenSetSchema, true),
  'diagnostics:get': command(
    'viewer',
    NoInput,
    z.object({
      /** Values streamed since the core started: plant values, plus stale marks when the link drops. */
      valuesReceived: z.number().int().nonnegative(),
      /** Sample batches handed to the transports. */
      batchesEmitted: z.number().int().nonnegative(),
      startedAt: z.number(),
      /** Each OPC UA connection: state, security, peer certificate, session, subscriptions, items, rates, errors. */
      connections: z.array(ConnectionDiagnosticsSchema).optional()
    })
  ),
  /**
   * Writes one value to a tag the tag map flags `writable`, after checking it against the EU
   * range and the write limits (nothing is written otherwise); a server rejection answers
   * `conflict` naming the StatusCode. Audited with the old value, the new one and the result.
   */
  'tags:write': command('operator', TagWriteInputSchema, TagWriteResultSchema, true),
  /** The client PKI's trusted and rejected certificates (subject, thumbprint, validity, issuer). */
  'pki:list': command('viewer', NoInput, z.array(CertificateInfoSchema)),
  /** Trusts a rejected certificate (moves it to trusted/certs); the connection uses it at its next retry. */
  'pki:trust': command('engineer', ThumbprintInputSchema, CertificateInfoSchema, true),
  /** Withdraws trust from a certificate (moves it to rejected/). */
  'pki:reject': command('engineer', ThumbprintInputSchema, CertificateInfoSchema, true),
  'maintenance:add': command(
    'operator',
    z.strictObject({
      text: z.string().trim().min(1, 'a log entry needs text').max(MAINTENANCE_TEXT_MAX),
      equipment: z.string().min(1).max(60).nullable().optional()
    }),
    MaintenanceEntrySchema,
    true
  ),
  /** What the anomaly engine has learned about each machine (regimes, hours); empty without an engine. */
  'detection:learned': command('viewer', NoInput, z.array(LearnedSummarySchema)),
  /**
   * Forgets what the engine learned about one machine, after a repair changed how it behaves:
   * it learns again from now, judged by limits and absolute rules meanwhile.
   */
  'detection:resetLearning': command('engineer', z.strictObject({ equipment: z.string().min(1).max(60) }), z.object({ equipment: z.string(), resetAt: z.number() }), true),
  /** Work orders, due first; `state` filters (`active`: open, scheduled or in progress), as does `equipment`. */
  'workorders:list': command(
    'viewer',
    z
      .strictObject({
        state: z.union([WorkOrderStateSchema, z.enum(['active', 'all'])]).optional(),
        equipment: z.string().min(1).max(60).optional(),
        limit: z.number().int().min(1).max(1000).optional()
      })
      .optional(),
    z.array(WorkOrderSchema)
  ),
  /**
   * One lifecycle step (open → scheduled → in-progress → done, or cancelled with a reason in
   * `note`); backwards is refused. `resetBaseline` on `done` confirms the repair: the engine
   * forgets what it learned of the machine (engineer and above, as `detection:resetLearning`).
   */
  'workorders:transition': command(
    'operator',
    z.strictObject({
      id: z.number().int().positive(),
      to: WorkOrderStateSchema,
      note: z.string().trim().max(MAINTENANCE_TEXT_MAX).default(''),
      resetBaseline: z.boolean().optional()
    }),
    WorkOrderSchema,
    true
  ),
  /** Runtime counters (run hours, starts, kWh) per machine from the historian, since `from` (default: all recorded). */
  'workorders:counters': command(
    'viewer',
    z.strictObject({ equipment: z.string().min(1).max(60).optional(), from: z.number().int().nonnegative().optional() }).optional(),
    z.array(RuntimeCountersSchema)
  ),
  /** Who is signed in on this console or browser session, and what it may see. */
  'session:get': command('public', NoInput, SessionStateSchema),
  /** Signs in on this session; failures are throttled per user and per peer, and audited. */
  'session:signIn': command(
    'public',
    z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(PASSWORD_MAX_LENGTH) }),
    SessionStateSchema,
    true
  ),
  /** Locks the console ("Switch user"): plant data and alarms stay visible, actions need a new sign-in. */
  'session:lock': command('public', NoInput, SessionStateSchema, true),
  /** Ends the session: a browser sees only the sign-in screen again; a desktop console is locked. */
  'session:signOut': command('public', NoInput, SessionStateSchema, true),
  'users:list': command('admin', NoInput, z.array(UserSchema)),
  'users:add': command('admin', z.strictObject({ name: UserNameSchema, role: RoleSchema, password: PasswordSchema }), UserSchema, true),
  /** Accounts are disabled, never deleted, so audit records keep naming a real account. */
  'users:disable': command('admin', z.strictObject({ name: UserNameSchema }), UserSchema, true),
  'users:setPassword': command('admin', z.strictObject({ name: UserNameSchema, password: PasswordSchema }), UserSchema, true),
  /** Audit records, newest first, filtered; at most {@link AUDIT_QUERY_MAX}. */
  'audit:query': command(
    'supervisor',
    z
      .strictObject({
        from: z.number().optional(),
        to: z.number().optional(),
        user: z.string().max(64).optional(),
        command: z.string().max(64).optional(),
        limit: z.number().int().min(1).max(AUDIT_QUERY_MAX).optional()
      })
      .optional(),
    z.array(AuditRecordSchema)
  ),
  /** Shift calendar and handover reports (issue 13). */
  ...handoverCommands
} as const

/**
 * One publish cycle of plant values, columnar. `tagIndex[i]` refers to `tags:list`;
 * times are epoch ms (`sourceTime` from the plant, `serverTime` when core received it).
 * Batches are validated as a whole in tests, never per sample at run time.
 */
export const SampleBatchSchema = z.object({
  seq: z.number().int().nonnegative(),
  tagIndex: z.instanceof(Uint32Array),
  sourceTime: z.instanceof(Float64Array),
  value: z.instanceof(Float64Array),
  status: z.instanceof(Uint32Array)
})

/** Core → renderer pushes. */
export const events = {
  'samples:batch': SampleBatchSchema,
  /** The alarm list's changes since the last send, at most every 250 ms; `alarms:list` is the whole list. */
  'alarms:changed': AlarmListChangeSchema,
  /** Each batch of typed transitions (raise, acknowledge, shelve, …), as journaled: the annunciator sounds on annunciated raises. */
  'alarms:transitions': z.array(AlarmTransitionSchema),
  'connection:changed': ConnectionStateSchema,
  /** One connection's state changed (`connection` names it). */
  'connections:changed': ConnectionStateSchema,
  /**
   * Values of a gap were read back from the servers' history and stored: trends showing
   * [from, to] of these tags should query the historian again.
   */
  'history:backfilled': z.object({ tags: z.array(z.string()), from: z.number(), to: z.number() }),
  'maintenance:added': MaintenanceEntrySchema,
  /** An existing entry changed (e.g. marked done); replaces the entry with the same id. */
  'maintenance:updated': MaintenanceEntrySchema,
  'tags:changed': z.array(TagInfoSchema),
  /** A work order was raised or changed (evidence, due date, state); replaces the one with the same id. */
  'workorders:changed': WorkOrderSchema,
  /** Every tag's health, whenever one of them changes. */
  'tags:health': z.array(TagHealthSchema),
  /** This session's sign-in state changed (sent only to the clients of that session). */
  'session:changed': SessionStateSchema
} as const

/**
 * `unauthenticated`: nobody is signed in (or the session expired); `forbidden`: the
 * signed-in role is too low, or the sender is not ours; `throttled`: too many failed sign-ins.
 */
export const ERROR_CODES = [
  'invalid-input',
  'unknown-channel',
  'unauthenticated',
  'forbidden',
  'throttled',
  'not-found',
  'conflict',
  'unavailable',
  /** The caller withdrew the request (its AbortSignal) before the answer. */
  'cancelled',
  'internal'
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]
export interface ContractError {
  code: ErrorCode
  message: string
}

/** Commands answer with data, never by throwing across the boundary. */
export type Result<T> = { ok: true; data: T } | { ok: false; error: ContractError }

export type Commands = typeof commands
export type CommandName = keyof Commands
export type Input<K extends CommandName> = z.input<Commands[K]['input']>
export type ParsedInput<K extends CommandName> = z.output<Commands[K]['input']>
export type Output<K extends CommandName> = z.infer<Commands[K]['output']>

export type Events = typeof events
export type EventName = keyof Events
export type EventPayload<K extends EventName> = z.infer<Events[K]>
export type SampleBatch = EventPayload<'samples:batch'>

export const commandNames = Object.keys(commands) as CommandName[]
export const eventNames = Object.keys(events) as EventName[]

export const isCommandName = (name: unknown): name is CommandName =>
  typeof name === 'string' && Object.hasOwn(commands, name)
export const isEventName = (name: unknown): name is EventName => typeof name === 'string' && Object.hasOwn(events, name)

/**
 * Who is calling, passed to every handler by the dispatcher (after it checked the
 * contract and the command's access).
 */
export interface CommandContext {
  /** The signed-in user; null on public commands and on a locked console's reads. */
  user: { name: string; role: Role } | null
  /** `ipc`, `ws <peer>` or `cli`. */
  origin: string
  /** The caller's session: one per desktop window or browser session. */
  sessionId: string
  /** Aborted when the caller goes away. */
  signal: AbortSignal
  /**
   * Runs a synchronous change and the call's audit record in one database transaction,
   * so a change is never stored without its record or the other way round.
   */
  transact<T>(change: () => T): T
  /**
   * Adds a fact to this call's audit record that the input does not hold (a write's old
   * value and the server's answer). Set by the dispatcher; absent where nothing is audited.
   */
  note?(text: string): void
}

/** What core implements for each command; both hosts dispatch to the same object. */
export type CommandHandlers = { [K in CommandName]: (input: ParsedInput<K>, ctx: CommandContext) => Promise<Output<K>> }

/** The surface every transport gives the renderer (preload bridge or WebSocket). */
export interface ContractClient {
  invoke<K extends CommandName>(channel: K, ...input: Input<K> extends undefined ? [Input<K>?] : [Input<K>]): Promise<Result<Output<K>>>
  /**
   * Like `invoke`, withdrawn when `signal` aborts: resolves `cancelled` at once and tells the
   * host, which aborts the handler's `ctx.signal`. Transports without it (IPC) leave it out.
   */
  invokeAbortable?<K extends CommandName>(channel: K, input: Input<K>, signal: AbortSignal): Promise<Result<Output<K>>>
  on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void
}

export const fail = (code: ErrorCode, message: string): { ok: false; error: ContractError } => ({
  ok: false,
  error: { code, message }
})

/** Validates a command's input against the contract and words zod's issues for a person. */
export function parseCommandInput<K extends CommandName>(
  channel: K,
  input: unknown
): { ok: true; data: ParsedInput<K> } | { ok: false; error: ContractError } {
  const hostile = hostileKey(input)
  if (hostile) return fail('invalid-input', `${channel}: ${hostile}: this key is never valid input`)
  const parsed = commands[channel].input.safeParse(input)
  if (parsed.success) return { ok: true, data: parsed.data as ParsedInput<K> }
  const detail = parsed.error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'input'}: ${issue.message}`)
    .join('; ')
  return fail('invalid-input', `${channel}: ${detail}`)
}

/**
 * The path of an own `__proto__` key anywhere in a decoded JSON value, which zod's strict
 * objects let through; refused so no handler ever sees a prototype-pollution payload.
 */
function hostileKey(value: unknown, path = 'input', depth = 0): string | undefined {
  if (value === null || typeof value !== 'object' || depth > 32) return undefined
  if (Object.hasOwn(value, '__proto__')) return `${path}.__proto__`
  for (const [key, child] of Object.entries(value)) {
    const found = hostileKey(child, `${path}.${key}`, depth + 1)
    if (found) return found
  }
  return undefined
}
