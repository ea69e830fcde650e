import type { AuditRecord } from '../../../shared/access'
import type { AlarmTransitionKind } from '../../../shared/alarms'
import type { LearnedSummary } from '../../../shared/anomaly'
import type { Alarm, AlarmPriority, EquipmentInfo, MaintenanceEntry, TagInfo } from '../../../shared/domain'
import type { Historian } from '../historian/types'

/**
 * What a handover report reads, as plain functions that `createCore` (or the CLI, offline)
 * fills in. A source that is `undefined` is not connected: its section says so instead of
 * showing an empty table that would read as "nothing happened". Times are epoch ms, ranges [from, to).
 */
export interface ReportSources {
  /** Machines of the tag map, in the map's order. */
  equipment(): readonly EquipmentInfo[]
  tags(): readonly TagInfo[]
  /** The historian's reader (energy, status at handover, trend snapshots); undefined when it is not running. */
  historian(): HistorianReader | undefined
  /** Maintenance log entries created or completed in [from, to). */
  maintenance(from: number, to: number): readonly MaintenanceEntry[]
  /** Audit records in [from, to), oldest first: operator writes and configuration changes. */
  audit(from: number, to: number): Iterable<AuditRecord>
  /**
   * The alarm list now (`alarms:list`): standing alarms, and predictive alarms with their ETA.
   * Undefined offline (the CLI): the live list is the running core's.
   */
  alarms?: () => readonly Alarm[]
  /**
   * The alarm list as it stood at a past time, rebuilt from the alarm journal (see
   * `alarmListAt`): no ETAs or limit values, and a shelve's expiry only when it ran out.
   */
  alarmsAt?: (at: number) => readonly Alarm[]
  /** What the anomaly engine knows now (`detection:learned`): each machine's mode. Undefined offline. */
  learned?: () => Promise<readonly LearnedSummary[]>
  /** The alarm journal (core/alarms): every transition in [from, to). */
  alarmJournal?: (from: number, to: number) => readonly AlarmJournalRow[]
  /** Alarm KPIs of [from, to) against EEMUA 191 (core/alarms). */
  alarmKpis?: (from: number, to: number, listAtTo?: readonly Alarm[]) => AlarmKpis
  /** Work orders opened, closed or due around [from, to) (core/workorders). */
  workOrders?: (from: number, to: number) => readonly WorkOrder[]
}

/** The parts of the historian a report reads. */
export type HistorianReader = Pick<Historian, 'has' | 'queryRaw' | 'queryDecimated' | 'rollups' | 'gaps'>

/**
 * One transition of the alarm journal, as the report expects it from the alarm model.
 * `user` is who acted (acknowledge, shelve…); `comment` what they wrote.
 */
export interface AlarmJournalRow {
  at: number
  alarmId: string
  tag: string
  equipment: string
  priority: AlarmPriority
  kind: AlarmTransitionKind
  user?: string
  comment?: string
}

/**
 * Alarm KPIs of a period, as EEMUA 191 (3rd ed.) and ISA-18.2 measure them: alarms per
 * 10 minutes (average), the percentage of 10-minute periods in flood (> 10 alarms), the
 * most frequent alarms, chattering alarms (≥ 3 raises a minute), alarms standing > 24 h,
 * the number shelved, and how many alarms of each priority were raised.
 */
export interface AlarmKpis {
  alarmsPer10Min: number
  /** Peak alarms in any 10 minutes. */
  peakPer10Min?: number
  floodPct: number
  topBadActors: readonly { alarmId: string; tag: string; count: number; pct: number }[]
  chattering: readonly { alarmId: string; tag: string; raises: number }[]
  standing: readonly { alarmId: string; tag: string; since: number }[]
  /** Shelve actions in the period. */
  shelvedCount: number
  priorityDistribution: Readonly<Record<AlarmPriority, number>>
}

/** A work order as the report expects it from the work-order module. */
export interface WorkOrder {
  id: string
  equipment: string
  failureMode: string
  state: string
  priority: string | number
  dueAt: number | null
  openedAt: number
  closedAt?: number | null
  title?: string
}

/**
 * EEMUA 191 (3rd ed., table 9 and §5.4) targets the KPI table compares with: an average
 * of at most 1 alarm per 10 minutes is "very likely to be acceptable", 2 "manageable";
 * less than 1 % of the time in flood; a flood starts at 10 alarms in 10 minutes.
 */
export const EEMUA_191 = {
  acceptablePer10Min: 1,
  manageablePer10Min: 2,
  floodThresholdPer10Min: 10,
  floodPctMax: 1
} as const
