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
  /** Why there is no alarm list, when there is none. */
  why: string
  /** The list was rebuilt from the alarm journal: it has no ETAs (see `ReportSources.alarmsAt`). */
  rebuilt: boolean
}

/**
 * The alarm list at `asOf`: the live one if it describes `asOf` (see {@link LIVE_TOLERANCE_MS}),
 * else the one rebuilt from the alarm journal, else none and why.
 */
export function liveAlarms(sources: ReportSources, asOf: number, now: number): LiveView {
  if (sources.alarms && Math.abs(now - asOf) <= LIVE_TOLERANCE_MS) return { alarms: sources.alarms(), why: '', rebuilt: false }
  if (sources.alarmsAt) return { alarms: sources.alarmsAt(asOf), why: '', rebuilt: true }
  return { alarms: undefined, why: sources.alarms ? 'the alarm list of that time is not kept' : 'no alarm list: the report was made offline without an alarm journal', rebuilt: false }
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

/** Shelved, and suppressed or out-of-service alarms at handover, with who, why, since when and until when. */
export function outOfServiceSections(live: LiveView, shift: Shift): { shelved: TableSection; suppressed: TableSection } {
  const columns = ['Equipment', 'Tag', 'By', 'Reason', 'Since', 'Expires']
  if (!live.alarms) {
    const none: TableSection = { available: false, note: live.why, columns, rows: [] }
    return { shelved: none, suppressed: none }
  }
  const at = (t: number): string => localTime(t, shift.timeZone, shift.start)
  const shelved = live.alarms.flatMap((a) =>
    a.shelved ? [[a.equipment, a.tag, a.shelved.by, a.shelved.reason, at(a.shelved.at), Number.isFinite(a.shelved.until) ? at(a.shelved.until) : 'not recorded']] : []
  )
  const suppressed = live.alarms.flatMap((a) => [
    ...(a.outOfService ? [[a.equipment, a.tag, a.outOfService.by, `out of service: ${a.outOfService.reason}`, at(a.outOfService.at), 'until returned to service']] : []),
    ...(a.suppressed ? [[a.equipment, a.tag, 'by design', a.suppressed.reason, at(a.suppressed.at), 'while the plant state holds']] : [])
  ])
  return { shelved: { available: true, columns, rows: shelved }, suppressed: { available: true, columns, rows: suppressed } }
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
  // A list rebuilt from the journal has no ETAs: its predictions are listed as standing.
  const undated = live.alarms.filter((a) => a.kind === 'predictive' && !a.eta).sort((a, b) => a.priority - b.priority)
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
    ...undated.map((a) => ['not recorded', 'standing', a.equipment, a.tag, a.message, a.action ?? '']),
    ...anomalies.map((a) => ['now', 'standing', a.equipment, a.tag, a.message, a.action ?? ''])
  ]
  return { available: true, ...(live.rebuilt ? { note: 'rebuilt from the alarm journal, which keeps no predicted times' } : {}), columns, rows }
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
