import type { Alarm } from '../../../shared/domain'
import type { Shift, TableSection } from '../../../shared/handover'
import { EEMUA_191, type ReportSources } from './reportSources'
import { localTime, round } from './tableText'

/** Rows of one audit table in the report; the rest is in `plantwatch audit export`. */
const AUDIT_ROWS_MAX = 150
/** Commands that change how Plantwatch works (accounts, engine, tag map, settings, shelving rules). */
const CONFIG_COMMAND = /^(users|detection|tagmap|settings|shifts|config):|:(configure|setLimits|disable|enable)$/
/** Not plant actions: signing in and out, personal trend pen sets, and the report's own workflow. */
const NOT_A_WRITE = /^(session|pensets|report|history|audit):|:(list|get|query|snapshot|current|learned)$/

/** Alarm KPIs of the shift against EEMUA 191, from the alarm model; never estimated from the alarm list. */
export function kpiSection(sources: ReportSources, shift: Shift, asOf: number, listAtEnd: readonly Alarm[] | undefined): TableSection {
  const columns = ['Measure', 'This shift', 'EEMUA 191 target', 'Verdict']
  if (!sources.alarmKpis) return { available: false, note: 'alarm KPIs: the source is not connected yet (the alarm journal of the alarm model)', columns, rows: [] }
  const k = sources.alarmKpis(shift.start, asOf, listAtEnd)
  const rate = k.alarmsPer10Min <= EEMUA_191.acceptablePer10Min ? 'acceptable' : k.alarmsPer10Min <= EEMUA_191.manageablePer10Min ? 'manageable' : 'over target'
  const rows: (string | number | null)[][] = [
    // Text, not numbers: the column mixes rates, counts and percentages, so no shared decimals.
    ['Alarms per 10 min (average)', String(round(k.alarmsPer10Min, 2)), `≤ ${EEMUA_191.acceptablePer10Min} (≤ ${EEMUA_191.manageablePer10Min} manageable)`, rate],
    ...(k.peakPer10Min === undefined ? [] : [['Peak alarms in 10 min', String(k.peakPer10Min), `< ${EEMUA_191.floodThresholdPer10Min}`, k.peakPer10Min < EEMUA_191.floodThresholdPer10Min ? 'ok' : 'flood']]),
    ['Time in flood', `${round(k.floodPct, 1)} %`, `< ${EEMUA_191.floodPctMax} %`, k.floodPct < EEMUA_191.floodPctMax ? 'ok' : 'over target'],
    ['Shelves in the shift', String(k.shelvedCount), '', ''],
    ['Raised by priority (P1/P2/P3/P4)', [1, 2, 3, 4].map((p) => k.priorityDistribution[p as 1 | 2 | 3 | 4] ?? 0).join(' / '), '≈ 5 % / 15 % / 80 % (P1/P2/P3)', ''],
    ...k.topBadActors.map((b, i) => [`Bad actor ${i + 1}: ${b.alarmId}`, `${b.count} (${round(b.pct, 1)} %)`, '', '']),
    ...k.chattering.map((c) => [`Chattering: ${c.alarmId}`, `${c.raises} raises`, 'none', 'fix deadband or delay']),
    ...k.standing.map((s) => [`Standing > 24 h: ${s.tag}`, localTime(s.since, shift.timeZone, shift.start), 'none', 'review'])
  ]
  return { available: true, columns, rows }
}

/** Work orders opened or closed in the shift, due during the next one, and overdue ones. */
export function workOrderSection(sources: ReportSources, shift: Shift, next: Shift, asOf: number): TableSection {
  const columns = ['Why listed', 'Id', 'Equipment', 'Failure mode', 'State', 'Priority', 'Due']
  if (!sources.workOrders) return { available: false, note: 'work orders: the source is not connected yet (the work-order module)', columns, rows: [] }
  const rows: (string | number | null)[][] = []
  for (const w of sources.workOrders(shift.start, next.end)) {
    const closed = w.closedAt ?? null
    const why = [
      w.openedAt >= shift.start && w.openedAt < asOf ? 'opened' : undefined,
      closed !== null && closed >= shift.start && closed < asOf ? 'closed' : undefined,
      closed === null && w.dueAt !== null && w.dueAt < asOf ? 'overdue' : undefined,
      closed === null && w.dueAt !== null && w.dueAt >= asOf && w.dueAt < next.end ? 'due next shift' : undefined
    ].filter(Boolean)
    if (why.length === 0) continue
    rows.push([why.join(', '), w.id, w.equipment, w.failureMode, w.state, w.priority, w.dueAt === null ? null : localTime(w.dueAt, shift.timeZone, shift.start)])
  }
  const rank = (r: (string | number | null)[]): number => (String(r[0]).includes('overdue') ? 0 : String(r[0]).includes('due') ? 1 : 2)
  rows.sort((a, b) => rank(a) - rank(b))
  return { available: true, columns, rows }
}

/** Maintenance log entries written or completed during the shift, oldest first. */
export function maintenanceSection(sources: ReportSources, shift: Shift, asOf: number): TableSection {
  const columns = ['Time', 'Equipment', 'Entry', 'By', 'Due', 'Done']
  const entries = [...sources.maintenance(shift.start, asOf)].sort((a, b) => a.createdAt - b.createdAt)
  const at = (t: number | null): string | null => (t === null ? null : localTime(t, shift.timeZone, shift.start))
  return {
    available: true,
    columns,
    rows: entries.map((e) => [at(e.createdAt), e.equipment ?? '', e.text, e.author ?? (e.source === 'engine' ? 'engine' : ''), at(e.dueAt), e.completedAt === null ? null : `${at(e.completedAt)} ${e.completedBy ?? ''}`.trim()])
  }
}

/** Operator writes and configuration changes of the shift, from the audit trail (refusals included). */
export function auditSections(sources: ReportSources, shift: Shift, asOf: number): { writes: TableSection; config: TableSection } {
  const columns = ['Time', 'User', 'Action', 'Details', 'Result']
  const writes: (string | number | null)[][] = []
  const config: (string | number | null)[][] = []
  let more = { writes: 0, config: 0 }
  for (const r of sources.audit(shift.start, asOf)) {
    const isConfig = CONFIG_COMMAND.test(r.command)
    if (!isConfig && NOT_A_WRITE.test(r.command)) continue
    const row = [localTime(r.at, shift.timeZone, shift.start), r.user ?? '(nobody)', r.command, r.summary, r.result]
    const [list, key] = isConfig ? ([config, 'config'] as const) : ([writes, 'writes'] as const)
    if (list.length < AUDIT_ROWS_MAX) list.push(row)
    else more = { ...more, [key]: more[key] + 1 }
  }
  const note = (n: number): { note?: string } => (n ? { note: `and ${n} more: plantwatch audit export has them all` } : {})
  return { writes: { available: true, ...note(more.writes), columns, rows: writes }, config: { available: true, ...note(more.config), columns, rows: config } }
}
