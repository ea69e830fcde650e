import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { Alarm } from '../../../../shared/alarms'
import type { ContractClient } from '../../../../shared/contract'
import type { EquipmentInfo } from '../../../../shared/domain'
import { formatDuration, formatTime } from '../../lib/format'
import type { ReadableStore } from '../../lib/store'
import { useNow } from '../../lib/useNow'
import { useStore } from '../../lib/useStore'
import { AlarmActionSlot, type AlarmAction } from './AlarmActionForm'
import { AlarmJournal } from './AlarmJournal'
import { AlarmKpis } from './AlarmKpis'
import { hiddenText } from './alarmDetail'
import { NO_FILTER, groupByFlood, isHidden, needsAcknowledge, passes, sortBy, type SortKey, type StateFilter, type SummaryFilter } from './alarmOrder'
import { STATE_TEXT } from './AlarmRow'
import { PriorityIcon } from './PriorityIcon'
import { AlarmWorkOrders } from '../workorders/workOrderLinks'

interface AlarmSummaryProps {
  alarms: ReadableStore<Alarm[]>
  client: ContractClient
  canAct: boolean
  canService: boolean
  open: boolean
  onOpenEquipment(equipment: string): void
  /**
   * One alarm to show (a trend's alarm marker): its row among its machine's alarms while it is
   * listed, else its journal around `at`. Remount (key) for another.
   */
  focus?: AlarmFocus | undefined
}

/** An alarm the summary opens on, and when it was seen (epoch ms). */
export interface AlarmFocus {
  alarmId: string
  at?: number | undefined
}

const STATES: { value: StateFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'unacknowledged', label: 'Unacknowledged' },
  { value: 'acknowledged', label: 'Acknowledged' },
  { value: 'returned-unacknowledged', label: 'Returned, unacknowledged' },
  { value: 'latched', label: 'Latched' },
  { value: 'shelved', label: 'Shelved' },
  { value: 'suppressed', label: 'Suppressed by design' },
  { value: 'out-of-service', label: 'Out of service' }
]
const AGES = [
  { ms: 0, label: 'Any age' },
  { ms: 3_600_000, label: 'Older than 1 h' },
  { ms: 8 * 3_600_000, label: 'Older than 8 h' },
  { ms: 24 * 3_600_000, label: 'Older than 24 h (standing)' }
]
type Tab = 'active' | 'journal' | 'kpi'
/** Rows drawn at once: in a flood, a thousand rows redrawn every update would stall the console. */
const SUMMARY_ROWS_MAX = 200

/**
 * The alarm summary (ISA-18.2 active alarm list): every listed alarm, sortable and
 * filterable by priority, area, equipment, state and age, with its actions; the journal
 * of transitions; and the KPIs against EEMUA 191 / ISA-18.2 targets.
 */
export function AlarmSummary({ alarms, client, canAct, canService, open, onOpenEquipment, focus }: AlarmSummaryProps) {
  const list = useStore(alarms)
  const now = useNow(open, 10_000)
  const [focusListed] = useState(() => (focus ? alarms.get().find((a) => a.id === focus.alarmId) : undefined))
  const [tab, setTab] = useState<Tab>(focus && !focusListed ? 'journal' : 'active')
  const [filter, setFilter] = useState<SummaryFilter>(focusListed ? { ...NO_FILTER, equipment: focusListed.equipment } : NO_FILTER)
  const scrolled = useRef(false)
  const showFocused = useCallback((row: HTMLTableRowElement | null) => {
    if (!row || scrolled.current) return
    scrolled.current = true
    row.scrollIntoView({ block: 'nearest' })
  }, [])
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'priority', descending: false })
  const [action, setAction] = useState<AlarmAction | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [equipment, setEquipment] = useState<EquipmentInfo[]>([])
  useEffect(() => {
    if (!open) return
    void client.invoke('equipment:list', undefined).then((r) => r.ok && setEquipment(r.data))
  }, [client, open])
  const areaOf = useMemo(() => {
    const areas = new Map(equipment.map((e) => [e.name, e.area]))
    return (name: string) => areas.get(name)
  }, [equipment])
  const areas = [...new Set(equipment.flatMap((e) => (e.area ? [e.area] : [])))]
  const names = [...new Set([...equipment.map((e) => e.name), ...list.map((a) => a.equipment)])]
  const matching = groupByFlood(sortBy(list.filter((a) => passes(a, filter, areaOf, now)), sort.key, sort.descending))
  const rows = matching.slice(0, SUMMARY_ROWS_MAX)
  const equipmentUnacked = filter.equipment ? list.filter((a) => a.equipment === filter.equipment && needsAcknowledge(a)).length : 0

  const set = (patch: Partial<SummaryFilter>) => setFilter((f) => ({ ...f, ...patch }))
  const header = (key: SortKey, label: string) => (
    <th scope="col" aria-sort={sort.key === key ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="link-button" onClick={() => setSort((s) => ({ key, descending: s.key === key ? !s.descending : key === 'time' }))}>
        {label}
      </button>
    </th>
  )
  async function run(invoke: () => Promise<{ ok: boolean; error?: { message: string } }>): Promise<void> {
    const result = await invoke()
    setError(result.ok ? null : (result.error?.message ?? 'failed'))
  }

  return (
    <div className="alarm-summary">
      <div role="tablist" aria-label="Alarm views" className="tabs">
        {(
          [
            ['active', 'Active alarms'],
            ['journal', 'Journal'],
            ['kpi', 'KPIs']
          ] as const
        ).map(([value, label]) => (
          <button key={value} type="button" role="tab" aria-selected={tab === value} onClick={() => setTab(value)}>
            {label}
          </button>
        ))}
      </div>
      {tab === 'journal' ? <AlarmJournal client={client} equipment={names} focus={focusListed ? undefined : focus} /> : null}
      {tab === 'kpi' ? <AlarmKpis client={client} /> : null}
      {tab === 'active' ? (
        <>
          <div className="filters" role="group" aria-label="Filters">
            <label>
              Priority
              <select value={filter.priority ?? ''} onChange={(e) => set({ priority: e.target.value === '' ? null : (Number(e.target.value) as Alarm['priority']) })}>
                <option value="">All</option>
                {[1, 2, 3, 4].map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Area
              <select value={filter.area ?? ''} onChange={(e) => set({ area: e.target.value || null })}>
                <option value="">All</option>
                {areas.map((a) => (
                  <option key={a}>{a}</option>
                ))}
              </select>
            </label>
            <label>
              Equipment
              <select value={filter.equipment ?? ''} onChange={(e) => set({ equipment: e.target.value || null })}>
                <option value="">All</option>
                {names.map((n) => (
                  <option key={n}>{n}</option>
                ))}
              </select>
            </label>
            <label>
              State
              <select value={filter.state} onChange={(e) => set({ state: e.target.value as StateFilter })}>
                {STATES.map((s) => (
                  <option key={s.value} value={s.value}>
                    {s.label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Age
              <select value={filter.minAgeMs} onChange={(e) => set({ minAgeMs: Number(e.target.value) })}>
                {AGES.map((a) => (
                  <option key={a.ms} value={a.ms}>
                    {a.label}
                  </option>
                ))}
              </select>
            </label>
            {canAct && filter.equipment && equipmentUnacked > 0 ? (
              <button type="button" onClick={() => setAction({ kind: 'acknowledge-equipment', equipment: filter.equipment!, count: equipmentUnacked })}>
                Acknowledge all of {filter.equipment}
              </button>
            ) : null}
          </div>
          <AlarmActionSlot action={action} error={error} client={client} onDone={() => setAction(null)} />
          <table className="alarm-table summary-table" aria-label="Alarm summary">
            <thead>
              <tr>
                {header('priority', 'Priority')}
                {header('time', 'Raised')}
                <th scope="col">Age</th>
                {header('equipment', 'Equipment')}
                <th scope="col">Tag</th>
                <th scope="col">Message</th>
                {header('state', 'State')}
                <th scope="col">Work order</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ alarm: a, depth }) => (
                <tr
                  key={a.id}
                  ref={a.id === focus?.alarmId ? showFocused : undefined}
                  aria-current={a.id === focus?.alarmId ? 'true' : undefined}
                  className={`alarm-row alarm-p${a.priority} alarm-${a.state}${isHidden(a) ? ' alarm-hidden' : ''}${depth ? ' consequential' : ''}${a.id === focus?.alarmId ? ' alarm-focused' : ''}`}
                >
                  <td>
                    <PriorityIcon priority={a.priority} className="priority-badge" />
                  </td>
                  <td>{formatTime(a.raisedAt)}</td>
                  <td className="numeric">{formatDuration(Math.max(0, now - a.raisedAt) / 1000)}</td>
                  <td>
                    <button type="button" className="link-button" aria-label={`Open ${a.equipment}`} onClick={() => onOpenEquipment(a.equipment)}>
                      {a.equipment}
                    </button>
                  </td>
                  <td className="alarm-tag">{a.tag}</td>
                  <td className="alarm-message">
                    {a.flood?.firstOut ? <span className="flag flag-first-out">FIRST OUT</span> : null}
                    {depth ? <span className="flag">CONSEQUENTIAL</span> : null}
                    {a.chattering ? <span className="flag">CHATTERING</span> : null}
                    {a.message}
                    {hiddenText(a) ? <span className="detail-sub">{hiddenText(a)}</span> : null}
                    {a.comments?.length ? <span className="detail-sub">Last comment by {a.comments.at(-1)!.by}: {a.comments.at(-1)!.text}</span> : null}
                  </td>
                  <td className="alarm-state">{STATE_TEXT[a.state]}</td>
                  <td>
                    <AlarmWorkOrders alarmId={a.id} />
                  </td>
                  <td className="row-actions">
                    {canAct && needsAcknowledge(a) ? (
                      <button type="button" onClick={() => setAction({ kind: 'acknowledge', alarm: a })}>
                        Acknowledge
                      </button>
                    ) : null}
                    {canAct && a.state === 'latched' ? (
                      <button type="button" onClick={() => void run(() => client.invoke('alarms:reset', { ids: [a.id] }))}>
                        Reset
                      </button>
                    ) : null}
                    {canAct && !a.outOfService ? (
                      a.shelved ? (
                        <button type="button" onClick={() => void run(() => client.invoke('alarms:unshelve', { id: a.id }))}>
                          Unshelve
                        </button>
                      ) : (
                        <button type="button" onClick={() => setAction({ kind: 'shelve', alarm: a })}>
                          Shelve
                        </button>
                      )
                    ) : null}
                    {canAct ? (
                      <button type="button" onClick={() => setAction({ kind: 'comment', alarm: a })}>
                        Comment
                      </button>
                    ) : null}
                    {canService ? (
                      a.outOfService ? (
                        <button type="button" onClick={() => void run(() => client.invoke('alarms:returnToService', { id: a.id }))}>
                          Return to service
                        </button>
                      ) : (
                        <button type="button" onClick={() => setAction({ kind: 'out-of-service', alarm: a })}>
                          Out of service
                        </button>
                      )
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length === 0 ? <p className="muted">No alarms match these filters.</p> : null}
          {matching.length > rows.length ? (
            <p className="muted">
              {matching.length - rows.length} more alarms match: narrow the filters (priority, area, equipment) to see them.
            </p>
          ) : null}
        </>
      ) : null}
    </div>
  )
}
