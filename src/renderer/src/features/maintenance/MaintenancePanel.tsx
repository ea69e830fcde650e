import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import type { ContractClient } from '../../../../shared/contract'
import type { MaintenanceEntry } from '../../../../shared/domain'
import { formatDateTime } from '../../lib/format'
import type { ReadableStore } from '../../lib/store'
import { useNow } from '../../lib/useNow'
import { useStore } from '../../lib/useStore'
import { WorkOrderLink } from '../workorders/workOrderLinks'
import { dueOf, operatorMessage, sourceLabel } from './maintenanceLog'

/** Due times are shown to the minute; a half-minute refresh keeps "in 12 min" honest. */
const DUE_REFRESH_MS = 30_000

interface MaintenancePanelProps {
  client: ContractClient
  entries: ReadableStore<MaintenanceEntry[]>
  /** Shows the saved entry before its `maintenance:added` event arrives. */
  onAdded(entries: MaintenanceEntry[]): void
  equipment: readonly string[]
  /** Whether the signed-in user may add entries and complete work (operator or higher). */
  canWrite: boolean
  /** Shows only this machine's entries, and files new ones under it (an equipment display). */
  only?: string | undefined
  /** An entry to scroll to, mark and focus (a work order's link to it). */
  focusEntry?: number | undefined
}

/** The maintenance log: an entry form (Ctrl+Enter adds) and the entries, newest first. */
export function MaintenancePanel({ client, entries, onAdded, equipment, canWrite, only, focusEntry }: MaintenancePanelProps) {
  const all = useStore(entries)
  const list = useMemo(() => (only === undefined ? all : all.filter((entry) => entry.equipment === only)), [all, only])
  const [text, setText] = useState('')
  const [unit, setUnit] = useState(only ?? '')
  const [error, setError] = useState<string | null>(null)
  const busy = useRef(false)
  const formRef = useRef<HTMLFormElement>(null)
  const id = useId()

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    if (busy.current) return
    busy.current = true
    // The contract, not this form, decides what a valid entry is, so its message is shown as is.
    const result = await client.invoke('maintenance:add', { text, equipment: unit || null })
    busy.current = false
    if (result.ok) {
      onAdded([result.data])
      setText('')
      setError(null)
    } else {
      setError(operatorMessage(result.error.message))
    }
  }

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault()
      formRef.current?.requestSubmit()
    }
  }

  return (
    <section className="panel maintenance-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="panel-title">
        Maintenance log
      </h2>
      {canWrite ? (
      <form ref={formRef} className="log-form" onSubmit={(event) => void submit(event)} noValidate>
        <label htmlFor={`${id}-text`}>Log entry</label>
        <textarea
          id={`${id}-text`}
          rows={3}
          value={text}
          data-shortcut="log-entry"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          title="Ctrl+Enter adds the entry"
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <div className="log-form-row">
          <label htmlFor={`${id}-equipment`}>Equipment</label>
          <select id={`${id}-equipment`} value={unit} onChange={(event) => setUnit(event.target.value)}>
            <option value="">— none —</option>
            {equipment.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
          <button type="submit">Add entry</button>
        </div>
        {error ? (
          <p id={`${id}-error`} role="alert" className="inline-error">
            {error}
          </p>
        ) : null}
      </form>
      ) : (
        <p className="muted log-readonly">Sign in as an operator to add log entries.</p>
      )}
      <LogEntries list={list} client={client} onChanged={onAdded} canWrite={canWrite} focusEntry={focusEntry} />
    </section>
  )
}

interface LogEntriesProps {
  list: readonly MaintenanceEntry[]
  client: ContractClient
  onChanged(entries: MaintenanceEntry[]): void
  canWrite: boolean
  focusEntry?: number | undefined
}

/** Only the list re-renders as due times age, not the form someone may be typing in. */
function LogEntries({ list, client, onChanged, canWrite, focusEntry }: LogEntriesProps) {
  const focused = useRef<HTMLLIElement>(null)
  const present = focusEntry !== undefined && list.some((entry) => entry.id === focusEntry)
  useEffect(() => {
    // Once per link followed, when the entry is there (the log may still be loading).
    if (!present) return
    focused.current?.scrollIntoView({ block: 'nearest' })
    focused.current?.focus()
  }, [focusEntry, present])
  const complete = async (id: number): Promise<void> => {
    const result = await client.invoke('maintenance:complete', { id })
    if (result.ok) onChanged([result.data])
  }
  const now = useNow(list.some((entry) => entry.dueAt !== null), DUE_REFRESH_MS)
  if (list.length === 0) return <p className="muted log-empty">No log entries yet</p>
  return (
    <ol className="log-list" aria-label="Log entries, newest first">
      {list.map((entry) => {
        const due = dueOf(entry, now)
        const label = sourceLabel(entry)
        return (
          <li
            key={entry.id}
            ref={entry.id === focusEntry ? focused : undefined}
            tabIndex={entry.id === focusEntry ? -1 : undefined}
            aria-current={entry.id === focusEntry ? 'true' : undefined}
            className={`log-entry log-${entry.source}${due?.overdue ? ' log-overdue' : ''}${due?.done ? ' log-done' : ''}${entry.id === focusEntry ? ' log-focused' : ''}`}
          >
            <div className="log-meta">
              <time dateTime={new Date(entry.createdAt).toISOString()}>{formatDateTime(entry.createdAt)}</time>
              <span>{entry.equipment ?? 'general'}</span>
              {entry.author ? <span>by {entry.author}</span> : null}
              {entry.source === 'engine' ? (
                <span className="log-tag" title={due ? 'Booked automatically by the anomaly engine' : 'Written by the anomaly engine'}>
                  {label}
                </span>
              ) : (
                <span>{label}</span>
              )}
              {entry.workOrder ? <WorkOrderLink number={entry.workOrder} equipment={entry.equipment} /> : null}
            </div>
            {due ? (
              <p className="log-due">
                <time dateTime={new Date(due.at).toISOString()}>{due.text}</time>
                {due.done || !canWrite ? null : (
                  <button type="button" className="log-done-button" aria-describedby={`log-text-${entry.id}`} onClick={() => void complete(entry.id)}>
                    Mark done
                  </button>
                )}
              </p>
            ) : null}
            <p id={`log-text-${entry.id}`} className="log-text">
              {entry.text}
            </p>
          </li>
        )
      })}
    </ol>
  )
}
