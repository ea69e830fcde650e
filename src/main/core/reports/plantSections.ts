import type { LearnedSummary } from '../../../shared/anomaly'
import type { Alarm, TagInfo } from '../../../shared/domain'
import type { HandoverContent, Shift, TableSection, TrendSnapshot } from '../../../shared/handover'
import type { ReportSources } from './reportSources'
import { inWords, localTime, round } from './tableText'

/**
 * The alarm list, the engine's modes and shelving states describe the plant *now*: they
 * stand for the handover only when the report is made within this long of the shift's
 * end (or of the preview's time). A report of an older shift says they are not kept.
 */
export const LIVE_TOLERANCE_MS = 20 * 60_000
/** Points per pen of a trend snapshot: enough for a 17 cm wide line on paper. */
const SNAPSHOT_POINTS = 240
const SNAPSHOT_PENS_MAX = 3
/** How far back the status at handover looks for a machine's last running-state value. */
const STATUS_LOOKBACK_MS = 6 * 3_600_000

export interface LiveView {
  alarms: readonly Alarm[] | undefined
  /** Why the live sources are not used, when they are not. */
  why: string
}

/** The live alarm list if it describes `asOf` (see {@link LIVE_TOLERANCE_MS}). */
export function liveAlarms(sources: ReportSources, asOf: number, now: number): LiveView {
  if (!sources.alarms) return { alarms: undefined, why: 'no alarm list in this process (the report was made offline; the alarm journal is not connected yet)' }
  if (Math.abs(now - asOf) > LIVE_TOLERANCE_MS) return { alarms: undefined, why: 'the alarm list of that time is not kept (the alarm journal is not connected yet)' }
  return { alarms: sources.alarms(), why: '' }
}

const isRunningTag = (t: TagInfo): boolean => t.signal === 'state' && /run/i.test(`${t.name} ${t.description ?? ''}`)

/** Each machine at handover: running, stopped or tripped (its running-state tag), mode (engine), health verdict (alarms). */
export function statusSection(sources: ReportSources, live: LiveView, learnedNow: readonly LearnedSummary[] | undefined, asOf: number, now: number): TableSection {
  const columns = ['Equipment', 'Area', 'State', 'Mode', 'Health']
  const h = sources.historian()
  const learned = learnedNow && Math.abs(now - asOf) <= LIVE_TOLERANCE_MS ? new Map(learnedNow.map((l) => [l.equipment, l])) : undefined
  const rows = sources.equipment().map((eq) => {
    const own = sources.tags().filter((t) => t.equipment === eq.name)
    const runTag = own.find(isRunningTag)
    let state = runTag ? 'no value' : 'no running tag'
    if (runTag && h?.has(runTag.name)) {
      const raw = h.queryRaw(runTag.name, asOf - STATUS_LOOKBACK_MS, asOf + 1)
      const i = raw.t.length - 1
      if (i >= 0) state = stateText(runTag, raw.v[i]!, raw.s[i]!)
    }
    const alarms = live.alarms?.filter((a) => a.equipment === eq.name) ?? []
    if (alarms.some((a) => /trip/i.test(a.message) && a.kind !== 'predictive')) state = 'tripped'
    const l = learned?.get(eq.name)
    const mode = l ? l.mode : learned ? 'not judged by the engine' : 'not known'
    return [eq.name, eq.area ?? '', state, mode, health(alarms, live, l?.regimes.some((r) => r.familiar))]
  })
  const notes = [!h ? 'the historian is not running: running states unknown' : undefined, !live.alarms ? `health: ${live.why}` : undefined].filter(Boolean)
  return { available: true, ...(notes.length ? { note: notes.join('. ') } : {}), columns, rows }
}

function stateText(tag: TagInfo, value: number, status: number): string {
  if (status >>> 30 === 2 || !Number.isFinite(value)) return 'no value (bad quality)'
  const named = Object.entries(tag.states ?? {}).find(([, v]) => v === value)?.[0]
  const text = named ? named.toLowerCase() : value >= 0.5 ? 'running' : 'stopped'
  return status >>> 30 === 1 ? `${text} (uncertain)` : text
}

function health(alarms: readonly Alarm[], live: LiveView, familiar: boolean | undefined): string {
  if (!live.alarms) return 'not known'
  const standing = alarms.filter((a) => a.kind !== 'predictive').sort((a, b) => a.priority - b.priority)
  const top = standing[0]
  if (top) return `${top.kind === 'anomaly' ? 'anomaly' : 'alarm'} P${top.priority}: ${top.message}`
  const predicted = alarms.find((a) => a.kind === 'predictive')
  if (predicted) return `watch: ${predicted.message}`
  return familiar === false ? 'normal (engine still learning)' : 'normal'
}

/** Standing alarms (everything on the list but predictions), most urgent first. */
export function standingSection(live: LiveView, shift: Shift): TableSection {
  const columns = ['P', 'Equipment', 'Tag', 'Alarm', 'Since', 'State']
  if (!live.alarms) return { available: false, note: live.why, columns, rows: [] }
  const rows = live.alarms
    .filter((a) => a.kind !== 'predictive')
    .sort((a, b) => a.priority - b.priority || a.raisedAt - b.raisedAt)
    .map((a) => [a.priority, a.equipment, a.tag, a.message, localTime(a.raisedAt, shift.timeZone, shift.start), a.state + (a.acknowledgedBy ? ` (${a.acknowledgedBy})` : '')])
  return { available: true, columns, rows }
}

/** Shelved and suppressed/out-of-service alarms, from the alarm model when it is connected. */
export function outOfServiceSections(sources: ReportSources, live: LiveView, shift: Shift): { shelved: TableSection; suppressed: TableSection } {
  const columns = ['Equipment', 'Tag', 'By', 'Reason', 'Since', 'Expires']
  const none = (what: string): TableSection => ({
    available: false,
    note: sources.alarmStates ? live.why : `${what}: the source is not connected yet (the alarm model's shelving and suppression)`,
    columns,
    rows: []
  })
  if (!sources.alarmStates || !live.alarms) return { shelved: none('shelved alarms'), suppressed: none('suppressed alarms') }
  const all = sources.alarmStates()
  const table = (rows: typeof all): TableSection => ({
    available: true,
    columns,
    rows: rows.map((r) => [r.equipment, r.tag, r.by ?? '', r.reason ?? '', localTime(r.since, shift.timeZone, shift.start), r.expiresAt ? localTime(r.expiresAt, shift.timeZone, shift.start) : 'until restored'])
  })
  return { shelved: table(all.filter((r) => r.state === 'shelved')), suppressed: table(all.filter((r) => r.state !== 'shelved')) }
}

/**
 * What to watch next shift: predictive alarms whose ETA falls before the next shift ends,
 * soonest first, then anomalies already standing (they have no ETA: they are here now).
 */
export function watchSection(live: LiveView, next: Shift, now: number): TableSection {
  const columns = ['Due', 'In', 'Equipment', 'Tag', 'What', 'Action']
  if (!live.alarms) return { available: false, note: live.why, columns, rows: [] }
  const predicted = live.alarms
    .filter((a) => a.kind === 'predictive' && a.eta)
    .map((a) => ({ a, due: a.eta!.at + a.eta!.seconds * 1000, sigma: a.eta!.uncertaintySeconds * 1000 }))
    .filter((p) => p.due < next.end)
    .sort((x, y) => x.due - y.due)
  const anomalies = live.alarms.filter((a) => a.kind === 'anomaly').sort((a, b) => a.priority - b.priority)
  const rows = [
    ...predicted.map(({ a, due, sigma }) => [
      localTime(due, next.timeZone, next.start),
      `${inWords(due - now)} ± ${inWords(sigma)}`,
      a.equipment,
      a.tag,
      a.message,
      a.action ?? ''
    ]),
    ...anomalies.map((a) => ['now', 'standing', a.equipment, a.tag, a.message, a.action ?? ''])
  ]
  return { available: true, columns, rows }
}

/** Trend snapshots over the shift of each machine with an anomaly or predictive alarm: its alarmed tags, min/max per point. */
export function trendSection(sources: ReportSources, live: LiveView, shift: Shift, asOf: number): HandoverContent['trends'] {
  if (!live.alarms) return { available: false, note: live.why, rows: [] }
  const h = sources.historian()
  if (!h) return { available: false, note: 'the historian is not running: no trends', rows: [] }
  const flagged = live.alarms.filter((a) => a.kind === 'anomaly' || a.kind === 'predictive')
  const byEquipment = new Map<string, Alarm[]>()
  for (const a of flagged) byEquipment.set(a.equipment, [...(byEquipment.get(a.equipment) ?? []), a])
  const rows: TrendSnapshot[] = []
  for (const [equipment, alarms] of byEquipment) {
    const tags = [...new Set(alarms.flatMap((a) => [a.tag, ...(a.contributions ?? []).map((c) => c.tag)]))].filter((t) => h.has(t)).slice(0, SNAPSHOT_PENS_MAX)
    if (tags.length === 0) continue
    const units = new Map(sources.tags().map((t) => [t.name, t.unit]))
    const pens = tags.map((tag) => {
      const d = h.queryDecimated(tag, shift.start, asOf, SNAPSHOT_POINTS)
      return { tag, unit: units.get(tag) ?? '', t: d.t, min: d.min.map((v) => round(v, 3)), max: d.max.map((v) => round(v, 3)) }
    })
    const gaps = tags.flatMap((tag) => h.gaps(tag, shift.start, asOf).map((g) => ({ start: g.start, end: g.end, reason: g.reason })))
    rows.push({ equipment, why: alarms.map((a) => `${a.kind}: ${a.message}`).join('; '), pens, gaps })
  }
  return { available: true, rows }
}
