import { useEffect, useState } from 'react'
import { AlarmTransitionKindSchema, type AlarmTransitionKind, type JournalEntry } from '../../../../shared/alarms'
import type { ContractClient } from '../../../../shared/contract'
import { formatDateTime, formatTime } from '../../lib/format'
import type { AlarmFocus } from './AlarmSummary'
import { SpanSelect, type Span } from './SpanSelect'
import { TableHead } from '../../lib/TableHead'

const SPANS: readonly Span[] = [
  { ms: 3_600_000, label: 'Last hour' },
  { ms: 8 * 3_600_000, label: 'Last 8 h' },
  { ms: 24 * 3_600_000, label: 'Last 24 h' },
  { ms: 7 * 86_400_000, label: 'Last 7 days' }
]

/** One alarm's journal is shown this far either side of the time it was seen at (a trend marker's). */
const FOCUS_SPAN_MS = 12 * 3_600_000

/**
 * The journal of alarm transitions, newest last, filtered by span, equipment and transition
 * kind; or one alarm's transitions around the time it was seen (`focus`) until the operator
 * asks for the whole journal.
 */
export function AlarmJournal({ client, equipment, focus }: { client: ContractClient; equipment: readonly string[]; focus?: AlarmFocus | undefined }) {
  const [spanMs, setSpanMs] = useState(SPANS[1]!.ms)
  const [name, setName] = useState('')
  const [kind, setKind] = useState<AlarmTransitionKind | ''>('')
  const [only, setOnly] = useState(focus)
  const [rows, setRows] = useState<JournalEntry[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let stale = false
    const now = Date.now() + 1
    const around = only?.at ?? now
    const query = only
      ? { from: Math.max(0, around - FOCUS_SPAN_MS), to: around + FOCUS_SPAN_MS, alarmId: only.alarmId }
      : { from: now - spanMs, to: now, ...(name ? { equipment: name } : {}), ...(kind ? { kinds: [kind] } : {}) }
    void client
      .invoke('alarms:journal', query)
      .then((r) => {
        if (stale) return
        setRows(r.ok ? r.data : null)
        setError(r.ok ? null : r.error.message)
      })
    return () => {
      stale = true
    }
  }, [client, spanMs, name, kind, only])
  return (
    <section aria-label="Alarm journal">
      {only ? (
        <p className="journal-focus">
          Transitions of alarm <strong>{only.alarmId}</strong> within 12 h of {formatDateTime(only.at ?? Date.now())}{' '}
          <button type="button" onClick={() => setOnly(undefined)}>
            Show the whole journal
          </button>
        </p>
      ) : null}
      <div className="filters" role="group" aria-label="Journal filters" hidden={only !== undefined}>
        <SpanSelect spans={SPANS} value={spanMs} onChange={setSpanMs} />
        <label>
          Equipment
          <select value={name} onChange={(e) => setName(e.target.value)}>
            <option value="">All</option>
            {equipment.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
        <label>
          Transition
          <select value={kind} onChange={(e) => setKind(e.target.value as AlarmTransitionKind | '')}>
            <option value="">All</option>
            {AlarmTransitionKindSchema.options.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
      </div>
      {error ? (
        <p role="alert" className="inline-error">
          {error}
        </p>
      ) : null}
      <table className="audit-table" aria-label="Journal entries">
        <TableHead columns={['Time', 'Transition', 'Priority', 'Equipment', 'Tag', 'Value', 'State after', 'User', 'Comment']} />
        <tbody>
          {(rows ?? []).map((r) => (
            <tr key={r.seq}>
              <td>{formatTime(r.at)}</td>
              <td>{r.kind}</td>
              <td className="numeric">{r.priority}</td>
              <td>{r.equipment}</td>
              <td>{r.tag}</td>
              <td className="numeric">{r.value ?? '—'}</td>
              <td>{r.state}</td>
              <td>{r.user ?? 'plant'}</td>
              <td>{r.comment ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows?.length === 0 ? <p className="muted">No transitions in this span.</p> : null}
    </section>
  )
}
