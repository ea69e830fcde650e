import { z } from 'zod'
import { EquipmentDetectorsSchema, TagDetectorsSchema } from './anomaly'
import { MaintenanceRulesSchema } from './workOrders'

/**
 * OPC UA NodeId in its string form: `ns=2;s=DemoMine.CV-101.MotorTemp`, `i=2258`,
 * `nsu=urn:plantwatch:demo-mine;s=...`. Checked here without node-opcua so the
 * renderer can validate a tag map an engineer is editing.
 */
const NODE_ID_PATTERN = /^(?:(?:ns=\d+|nsu=[^;]+);)?(?:i=\d+|s=.+|g=[0-9a-fA-F-]{36}|b=[A-Za-z0-9+/=]+)$/

/** Signal families; detectors and default deadbands are chosen by them. */
export const SignalKindSchema = z.enum([
  'temperature',
  'vibration',
  'level',
  'pressure',
  'power',
  'energy',
  'speed',
  'current',
  'flow',
  'voltage',
  'ratio',
  'state',
  'other'
])

/**
 * What a tag tells: `health` signals are judged; `context` signals (running state, load,
 * throughput, speed, setpoint, ambient) say how the machine is operated, condition the
 * judgement of its health signals and never raise an anomaly themselves.
 */
export const TagRoleSchema = z.enum(['health', 'context'])

/**
 * Signal kinds that describe how a machine is operated, not its health: their default
 * role is `context` (issue 9). Every other kind is `health`.
 */
export const CONTEXT_KINDS: readonly z.infer<typeof SignalKindSchema>[] = ['state', 'speed', 'flow', 'ratio']

/** The tag's role: the tag map's `role`, else context for {@link CONTEXT_KINDS}, else health. */
export const roleOf = (tag: { signal: z.infer<typeof SignalKindSchema>; role?: z.infer<typeof TagRoleSchema> | undefined }): z.infer<typeof TagRoleSchema> =>
  tag.role ?? (CONTEXT_KINDS.includes(tag.signal) ? 'context' : 'health')

/**
 * ISO 10816-3 machine groups with their foundation: group 1 is 300 kW–50 MW, group 2 is
 * 15–300 kW; `rigid` or `flexible` support. Selects the vibration zone boundaries.
 */
export const VibrationClassSchema = z.enum(['group1-rigid', 'group1-flexible', 'group2-rigid', 'group2-flexible'])

/** Limit names in ISA-18.2 order of severity, highest first. */
export const LIMIT_NAMES = ['HH', 'H', 'L', 'LL'] as const
export type LimitName = (typeof LIMIT_NAMES)[number]

export const LimitsSchema = z.strictObject({
  HH: z.number().finite().optional(),
  H: z.number().finite().optional(),
  L: z.number().finite().optional(),
  LL: z.number().finite().optional()
})

/**
 * Bounds of an operator write, in engineering units: `low`/`high` inside the EU range (a
 * setpoint's safe band), `maxStep` the largest change from the current value in one write.
 */
export const WriteLimitsSchema = z
  .strictObject({
    low: z.number().finite().optional(),
    high: z.number().finite().optional(),
    maxStep: z.number().finite().positive().optional()
  })
  .refine((w) => w.low === undefined || w.high === undefined || w.low < w.high, { message: 'low must be below high' })

/** One mapped tag: which OPC UA node it is, what it measures and where it must stay. */
export const TagSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]+$/, 'use letters, digits and . _ : - only')
    .max(120),
  nodeId: z.string().regex(NODE_ID_PATTERN, 'malformed NodeId (expected e.g. ns=2;s=Plant.Tag or i=1234)'),
  equipment: z.string().min(1).max(60),
  description: z.string().max(200).optional(),
  signal: SignalKindSchema.default('other'),
  unit: z.string().max(20).default(''),
  euRange: z
    .strictObject({ low: z.number().finite(), high: z.number().finite() })
    .refine((r) => r.low < r.high, { message: 'low must be below high' }),
  limits: LimitsSchema.default({}),
  /** Hysteresis in engineering units: an alarm clears only once the value is this far back inside. */
  deadband: z.number().finite().nonnegative().optional(),
  /** Limit alarms of this tag latch: they stay listed after returning, until an operator resets them (ISA-18.2 §11.6). */
  latch: z.boolean().optional(),
  /** Shown with an alarm on this tag, e.g. "inspect bearing". */
  action: z.string().max(200).optional(),
  /** Overrides of the anomaly engine's defaults for this tag's signal kind. */
  detectors: TagDetectorsSchema.optional(),
  /** Health (judged) or context (conditions the judgement); by default from the signal kind. */
  role: TagRoleSchema.optional(),
  /** Text states of this tag in CSV input, e.g. `{ "RUNNING": 1, "TRIPPED": 0 }`. */
  states: z.record(z.string().min(1), z.number().finite()).optional(),
  /** Operators (role operator and up) may write this tag's value; every other tag is read-only to Plantwatch. */
  writable: z.boolean().optional(),
  /** Narrower bounds for operator writes than the EU range, and the largest change in one write (see `tagWrite.ts`). */
  writeLimits: WriteLimitsSchema.optional(),
  /** The connection (`connections[].name`) that serves this tag; default: the server in the settings. */
  connection: z.string().min(1).max(60).optional(),
  /**
   * Publishing interval of the subscription that carries this tag (ms); default: its
   * connection's, else the map's. Tags of one connection are grouped by this rate, one
   * subscription per rate.
   */
  publishingIntervalMs: z.number().int().min(10).max(60_000).optional(),
  /** How often the server samples the node (ms, OPC UA samplingInterval); default: 0, every change the server makes. */
  samplingIntervalMs: z.number().int().min(0).max(3_600_000).optional(),
  /** Values the server queues for this tag between publishes; default 16. */
  queueSize: z.number().int().min(1).max(10_000).optional(),
  /**
   * The server reports a change only when the value moved this much (OPC UA DataChangeFilter,
   * Part 4 §7.22.2): `absolute` in engineering units, `percent` of the node's EURange (the
   * server needs an EURange property). Not the alarm hysteresis: that is `deadband`.
   */
  dataChangeDeadband: z.strictObject({ type: z.enum(['absolute', 'percent']), value: z.number().finite().nonnegative() }).optional()
})

/** How Plantwatch reaches one OPC UA server of the tag map (several servers: issue 10, item 7). */
export const ConnectionSchema = z.strictObject({
  /** Tags name it in their `connection`; shown in the status bar and the diagnostics. */
  name: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]+$/, 'use letters, digits and . _ : - only')
    .max(60),
  endpoint: z.string().regex(/^opc\.tcp:\/\/[^\s/]+(:\d+)?(\/.*)?$/, 'expected opc.tcp://host:port[/path]'),
  securityMode: z.enum(['None', 'Sign', 'SignAndEncrypt']).default('None'),
  securityPolicy: z.enum(['None', 'Basic256Sha256', 'Aes128_Sha256_RsaOaep', 'Aes256_Sha256_RsaPss', 'Basic256', 'Basic128Rsa15']).default('None'),
  /** Basic256 and Basic128Rsa15 (SHA-1, deprecated) are refused unless this is true. */
  allowDeprecatedPolicies: z.boolean().optional(),
  /** The password is never written in the tag map: it is read from `passwordFile` (first line) at connect. */
  user: z.strictObject({ username: z.string().min(1).max(120), passwordFile: z.string().min(1) }).optional(),
  /** Default publishing interval of this connection's tags (ms); default: the map's. */
  publishingIntervalMs: z.number().int().min(10).max(60_000).optional()
})

/** The connection a tag without `connection` belongs to: the server named in the settings. */
export const DEFAULT_CONNECTION = 'plant'

/** Per-equipment settings of the tag map (`equipment.<name>`). */
export const EquipmentSettingsSchema = z.strictObject({
  /** What kind of machine it is (`conveyor`, `pump`, `crusher`, `drill`, …): work-order rules and displays key on it. */
  type: z.string().min(1).max(40).optional(),
  /** The plant area it belongs to (ISA-101 level 1 groups the overview by area). */
  area: z.string().min(1).max(60).optional(),
  /** What the operator calls it, e.g. "Overland conveyor 1". */
  description: z.string().max(120).optional(),
  /**
   * Equipment that feeds this one. When an upstream machine has stopped or tripped, this
   * machine's consequential alarms are suppressed by design (ISA-18.2 §11, designed suppression).
   */
  upstream: z.array(z.string().min(1)).max(20).optional(),
  detectors: EquipmentDetectorsSchema.optional(),
  /** ISO 10816-3 group of the machine: its vibration zones judge even while the engine learns. */
  vibrationClass: VibrationClassSchema.optional(),
  /** Seconds after a start before the machine counts as running (else learned from its starts). */
  settleS: z.number().nonnegative().max(86_400).optional(),
  /** The context tag whose level sets the machine's load regime (else the first flow, speed or ratio tag). */
  loadTag: z.string().optional()
})

const TagMapShape = z.strictObject({
  version: z.literal(1),
  description: z.string().optional(),
  /** Publishing interval of the subscription that carries these tags. */
  publishingIntervalMs: z.number().int().min(10).max(60_000).default(100),
  tags: z.array(TagSchema).min(1),
  /** Settings per equipment (the `equipment` of its tags), e.g. its multivariate model. */
  equipment: z.record(z.string(), EquipmentSettingsSchema).optional(),
  /** Work-order rules by equipment type (see `MaintenanceRuleSchema`). */
  maintenanceRules: MaintenanceRulesSchema.optional(),
  /** Further OPC UA servers; tags name theirs, and the others use the settings' server ({@link DEFAULT_CONNECTION}). */
  connections: z.array(ConnectionSchema).max(32).optional()
})

export const TagMapSchema = TagMapShape.superRefine((map, ctx) => {
  checkMaintenanceRules(map, ctx)
  const connections = new Map<string, number>()
  ;(map.connections ?? []).forEach((c, i) => {
    if (c.name === DEFAULT_CONNECTION) ctx.addIssue({ code: 'custom', path: ['connections', i, 'name'], message: `"${DEFAULT_CONNECTION}" names the server in the settings; choose another name` })
    else if (connections.has(c.name)) ctx.addIssue({ code: 'custom', path: ['connections', i, 'name'], message: `duplicate connection name (first used by connections[${connections.get(c.name)}])` })
    else connections.set(c.name, i)
  })
  map.tags.forEach((tag, i) => {
    if (tag.connection !== undefined && tag.connection !== DEFAULT_CONNECTION && !connections.has(tag.connection)) {
      const known = [DEFAULT_CONNECTION, ...connections.keys()].join(', ')
      ctx.addIssue({ code: 'custom', path: ['tags', i, 'connection'], message: `no connection named "${tag.connection}" (known: ${known})` })
    }
  })
  const equipment = new Set(map.tags.map((t) => t.equipment))
  const names = new Set(map.tags.map((t) => t.name))
  for (const [name, eq] of Object.entries(map.equipment ?? {})) {
    if (!equipment.has(name)) ctx.addIssue({ code: 'custom', path: ['equipment', name], message: `no tag belongs to equipment "${name}"` })
    for (const [i, up] of (eq.upstream ?? []).entries()) {
      if (!equipment.has(up)) ctx.addIssue({ code: 'custom', path: ['equipment', name, 'upstream', i], message: `no equipment named "${up}"` })
      else if (up === name) ctx.addIssue({ code: 'custom', path: ['equipment', name, 'upstream', i], message: 'an equipment cannot feed itself' })
    }
    if (eq.loadTag !== undefined && !names.has(eq.loadTag)) {
      ctx.addIssue({ code: 'custom', path: ['equipment', name, 'loadTag'], message: `no tag named "${eq.loadTag}"` })
    }
  }
  map.tags.forEach((tag, i) => {
    if (tag.writeLimits && tag.writable !== true) {
      ctx.addIssue({ code: 'custom', path: ['tags', i, 'writeLimits'], message: 'writeLimits need "writable": true on the tag' })
    }
    const load = tag.detectors?.loadTag
    if (load !== undefined && !names.has(load)) ctx.addIssue({ code: 'custom', path: ['tags', i, 'detectors', 'loadTag'], message: `no tag named "${load}"` })
  })
  const seen = new Map<string, number>()
  map.tags.forEach((tag, i) => {
    const first = seen.get(tag.name)
    if (first !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['tags', i, 'name'], message: `duplicate tag name (first used by tags[${first}])` })
    } else seen.set(tag.name, i)
    const ordered = LIMIT_NAMES.flatMap((k) => (tag.limits[k] === undefined ? [] : [[k, tag.limits[k]] as const]))
    for (let j = 1; j < ordered.length; j++) {
      const [hiName, hi] = ordered[j - 1]!
      const [loName, lo] = ordered[j]!
      if (!(hi > lo)) {
        ctx.addIssue({
          code: 'custom',
          path: ['tags', i, 'limits', loName],
          message: `${loName} (${lo}) must be below ${hiName} (${hi})`
        })
      }
    }
  })
})

/**
 * Rules must apply to something and say one thing: a type some equipment has, one
 * detection rule per failure mode, and a runtime counter the machines can count.
 */
function checkMaintenanceRules(map: z.output<typeof TagMapShape>, ctx: z.RefinementCtx): void {
  const types = new Map<string, string[]>()
  for (const [name, eq] of Object.entries(map.equipment ?? {})) if (eq.type) types.set(eq.type, [...(types.get(eq.type) ?? []), name])
  for (const [type, rules] of Object.entries(map.maintenanceRules ?? {})) {
    const machines = types.get(type)
    if (!machines) {
      ctx.addIssue({ code: 'custom', path: ['maintenanceRules', type], message: `no equipment has type "${type}" (equipment.<name>.type)` })
      continue
    }
    const firstRule = new Map<string, number>()
    rules.forEach((rule, i) => {
      if (rule.runtime) {
        const needs = rule.runtime.counter === 'energyKWh' ? ['energy', 'power'] : ['state']
        const without = machines.filter((m) => !map.tags.some((t) => t.equipment === m && needs.includes(t.signal)))
        if (without.length) {
          ctx.addIssue({ code: 'custom', path: ['maintenanceRules', type, i, 'runtime', 'counter'], message: `${rule.runtime.counter} needs a ${needs.join(' or ')} tag, which ${without.join(', ')} lack(s)` })
        }
        return
      }
      const first = firstRule.get(rule.failureMode)
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['maintenanceRules', type, i, 'failureMode'], message: `a second detection rule for "${rule.failureMode}" (first: maintenanceRules.${type}[${first}])` })
      } else firstRule.set(rule.failureMode, i)
    })
  }
}

export type SignalKind = z.infer<typeof SignalKindSchema>
export type TagRole = z.infer<typeof TagRoleSchema>
export type VibrationClass = z.infer<typeof VibrationClassSchema>
export type EquipmentSettings = z.infer<typeof EquipmentSettingsSchema>
export type Limits = z.infer<typeof LimitsSchema>
export type WriteLimits = z.infer<typeof WriteLimitsSchema>
export type Tag = z.infer<typeof TagSchema>
export type TagMap = z.infer<typeof TagMapSchema>
export type Connection = z.infer<typeof ConnectionSchema>
