import type { AnomalyEvent } from '../../../shared/anomaly'
import { STATUS_GOOD } from '../../../shared/domain'
import type { Limits, SignalKind, Tag, TagMap } from '../../../shared/tagMap'
import type { DetectionOptions, DetectionTag } from './config'
import { DEFAULT_MIN_RUNNING_S } from './config'
import { roleOf } from '../../../shared/tagMap'
import type { LearnedSummary } from './modes'
import { learnedSummary } from './modes'
import type { TagTable } from './csv'
import { CsvError } from './csv'
import { createEngineState, groupEvents, stepEquipment, stepSample } from './engine'
import { newStreamScore, stepStreamScore } from './streamScore'

/** `--limits "Vibration:H=7.1,HH=11;MotorTemp:H=90,HH=105"` → limits per tag; errors point at the character. */
export function parseLimits(spec: string): Map<string, Limits> {
  const out = new Map<string, Limits>()
  let pos = 0
  for (const part of spec.split(';')) {
    const col = pos + 1
    pos += part.length + 1
    if (part.trim() === '') continue
    const colon = part.indexOf(':')
    if (colon <= 0) throw new CsvError(1, col, `expected TAG:NAME=VALUE[,NAME=VALUE] in "${part}"`, '--limits')
    const tag = part.slice(0, colon).trim()
    const limits: Limits = {}
    let p = col + colon + 1
    for (const kv of part.slice(colon + 1).split(',')) {
      const m = /^\s*(HH|H|L|LL)\s*=\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*$/.exec(kv)
      if (!m) throw new CsvError(1, p, `expected HH, H, L or LL = a number, found "${kv}"`, '--limits')
      limits[m[1] as keyof Limits] = Number(m[2])
      p += kv.length + 1
    }
    const order = (['HH', 'H', 'L', 'LL'] as const).filter((k) => limits[k] !== undefined)
    for (let i = 1; i < order.length; i++) {
      if (!(limits[order[i - 1]!]! > limits[order[i]!]!)) throw new CsvError(1, col, `${tag}: ${order[i]} must be below ${order[i - 1]}`, '--limits')
    }
    out.set(tag, limits)
  }
  return out
}

// Column names as historians and PLC exports write them; the first match wins.
const GUESS: [RegExp, SignalKind][] = [
  [/temp/i, 'temperature'],
  [/throughput|tph|feed|flow/i, 'flow'],
  [/vib|accel/i, 'vibration'],
  [/level/i, 'level'],
  [/press/i, 'pressure'],
  [/power|kw\b/i, 'power'],
  [/current|amp/i, 'current'],
  [/speed|rpm/i, 'speed'],
  [/volt/i, 'voltage']
]

// Without a tag map the instrument range is unknown: assume a generous one around the
// learning rows, so only absurd values count as out of range.
function guessRange(values: Float64Array, rows: number): { low: number; high: number; span: number } {
  let lo = Infinity
  let hi = -Infinity
  for (let i = 0; i < Math.min(rows, values.length); i++) {
    const v = values[i]!
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v)
      hi = Math.max(hi, v)
    }
  }
  if (!Number.isFinite(lo)) return { low: -1e12, high: 1e12, span: 1 }
  const span = Math.max(hi - lo, Math.abs(hi) * 0.1, 1e-6)
  return { low: lo - 10 * span, high: hi + 10 * span, span }
}

/** Equipment name of CSV columns that the tag map does not describe. */
export const GUESSED_EQUIPMENT = 'csv'

// Ambient conditions and setpoints say how a machine is operated, not its health.
const CONTEXT_NAMES = /ambient|outdoor|setpoint|(^|[._-])sp($|[._-])/i
// Rows whose range the guessed instrument range is built on.
const RANGE_ROWS = 600

/**
 * Tags for the columns of a CSV: from the tag map where it names the column, else guessed
 * (a column written as text states is a running state). Throws {@link CsvError} when the
 * tag map's `loadTag` names a tag that is no column of the input.
 */
export function tagsForTable(table: TagTable, mapped: ReadonlyMap<string, Tag>, limits: ReadonlyMap<string, Limits>, map?: TagMap): DetectionTag[] {
  for (const name of limits.keys()) {
    if (!table.names.includes(name)) throw new CsvError(1, 1, `no column "${name}" in the input (columns: ${table.names.join(', ')})`, '--limits')
  }
  const missing = (tag: string | undefined): boolean => tag !== undefined && !table.names.includes(tag)
  for (const [eq, e] of Object.entries(map?.equipment ?? {})) {
    if (missing(e.loadTag)) throw new CsvError(1, 1, `tag map equipment.${eq}.loadTag names "${e.loadTag}", which is no column of the input (columns: ${table.names.join(', ')})`)
  }
  for (const t of map?.tags ?? []) {
    if (table.names.includes(t.name) && missing(t.detectors?.loadTag)) {
      throw new CsvError(1, table.names.indexOf(t.name) + 2, `tag map ${t.name}.detectors.loadTag names "${t.detectors!.loadTag}", which is no column of the input`)
    }
  }
  return table.names.map((name, index): DetectionTag => {
    const m = mapped.get(name)
    const range = guessRange(table.columns[index]!, RANGE_ROWS)
    const state = table.stateColumns.includes(name)
    const base: DetectionTag = m
      ? { ...m, index }
      : {
          name,
          nodeId: `s=${name}`,
          equipment: GUESSED_EQUIPMENT,
          signal: state ? 'state' : (GUESS.find(([re]) => re.test(name))?.[1] ?? 'other'),
          role: CONTEXT_NAMES.test(name) ? 'context' : undefined,
          unit: '',
          euRange: { low: range.low, high: range.high },
          // The guessed range is wide on purpose; the deadband follows the values actually seen.
          deadband: range.span * 0.01,
          limits: {},
          index
        }
    const extra = limits.get(name)
    return extra ? { ...base, limits: { ...base.limits, ...extra } } : base
  })
}

/**
 * Engine options for a backtest that learns from the first `hours` of data: learned
 * detectors raise only after them, and only once the machine ran half of them (at most
 * the 24 h a live engine needs), so a short learning period still sees a running machine.
 */
export function learnOptions(hours: number): DetectionOptions {
  return { learnedAfterS: hours * 3600, minRunningS: Math.min(DEFAULT_MIN_RUNNING_S, (hours * 3600) / 2) }
}

/** One line per equipment: which tags are health and context, and what sets its mode. */
export function describeInputs(tags: readonly DetectionTag[], options: DetectionOptions): string[] {
  const lines: string[] = []
  for (const eq of new Set(tags.map((t) => t.equipment))) {
    const own = tags.filter((t) => t.equipment === eq)
    const list = (role: string): string => own.filter((t) => roleOf(t) === role).map((t) => `${t.name} (${t.signal})`).join(', ') || 'none'
    const state = own.find((t) => t.signal === 'state' && roleOf(t) === 'context')
    const loadName = options.equipment?.[eq]?.loadTag ?? own.find((t) => roleOf(t) === 'context' && (t.signal === 'flow' || t.signal === 'speed' || t.signal === 'ratio'))?.name
    const mode = state ? `running state from ${state.name}` : loadName ? `running from ${loadName} above 5 % of its top regime` : 'always running (no state or load tag)'
    lines.push(`${eq}: health ${list('health')}; context ${list('context')}; mode: ${mode}${loadName ? `; load regimes by ${loadName}` : ''}`)
  }
  return lines
}

/** One output row of the backtest. */
export interface BacktestRow {
  score: number
  isAnomaly: boolean
  etaS: number | null
  reason: string
}

/**
 * Replays a table through the engine row by row (all tags of a row share its time),
 * calling `onRow` with what the engine holds after that row. Causal by construction:
 * row i is scored before row i+1 is read.
 */
export function backtest(
  table: TagTable,
  tags: DetectionTag[],
  options: DetectionOptions,
  onRow: (i: number, row: BacktestRow) => void
): { events: AnomalyEvent[]; learned: LearnedSummary[] } {
  const st = createEngineState(tags, options)
  // A guessed instrument range is no range: only a tag map can say what is out of range.
  tags.forEach((t, j) => {
    if (t.equipment === GUESSED_EQUIPMENT) {
      st.tags[j]!.cfg.euLow = -Infinity
      st.tags[j]!.cfg.euHigh = Infinity
    }
  })
  const streams = tags.map(() => newStreamScore())
  const open = new Map<string, AnomalyEvent>()
  const all: AnomalyEvent[] = []
  const x = { t: 0, v: 0, status: STATUS_GOOD }
  const events: AnomalyEvent[] = []
  for (let i = 0; i < table.times.length; i++) {
    events.length = 0
    x.t = table.times[i]!
    let stream = 0
    for (let j = 0; j < tags.length; j++) {
      x.v = table.columns[j]![i]!
      stepSample(st, j, x, events)
      stream = Math.max(stream, stepStreamScore(streams[j]!, x.v, x.t))
    }
    stepEquipment(st, x.t, events)
    groupEvents(st, events, 0)
    for (const e of events) {
      all.push(e)
      if (e.kind === 'data-quality' || e.kind === 'info') continue
      if (e.active) open.set(e.id, e)
      else open.delete(e.id)
    }
    let score = stream
    let eta: number | null = null
    for (const r of st.tags) {
      score = Math.max(score, r.score)
      const e = r.trend.etaS
      if (Number.isFinite(e) && e < 10 * r.cfg.predictHorizonS && (eta === null || e < eta)) eta = e
    }
    for (const eq of st.equipment) score = Math.max(score, Math.min(1, eq.ratio / 2))
    const first = open.values().next().value
    onRow(i, { score, isAnomaly: st.activeAnomalies > 0, etaS: eta, reason: first ? `${first.detector}: ${first.message}` : '' })
  }
  return { events: all, learned: st.modes.map((m) => learnedSummary(m, st.modeCfg)) }
}
