import { useId, useState, type FormEvent } from 'react'
import type { AuditRecord } from '../../../../shared/access'
import { AUDIT_QUERY_MAX, type ContractClient } from '../../../../shared/contract'
import { formatDateTime } from '../../lib/format'
import { TableHead } from '../../lib/TableHead'

/** A local `datetime-local` value as epoch ms; empty gives undefined. */
const localTime = (value: string): number | undefined => (value ? new Date(value).getTime() : undefined)

/** The audit trail, newest first, filtered by user, command and time (supervisor and admin). */
export function AuditTrail({ client }: { client: ContractClient }) {
  const [records, setRecords] = useState<AuditRecord[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [filter, setFilter] = useState({ user: '', command: '', from: '', to: '' })
  const id = useId()

  async function search(event?: FormEvent): Promise<void> {
    event?.preventDefault()
    const from = localTime(filter.from)
    const to = localTime(filter.to)
    const result = await client.invoke('audit:query', {
      ...(filter.user ? { user: filter.user } : {}),
      ...(filter.command ? { command: filter.command } : {}),
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
      limit: AUDIT_QUERY_MAX
    })
    if (result.ok) {
      setRecords(result.data)
      setError(null)
    } else setError(result.error.message)
  }

  const field = (key: keyof typeof filter, label: string, type = 'text') => (
    <label htmlFor={`${id}-${key}`}>
      {label}
      <input id={`${id}-${key}`} type={type} value={filter[key]} onChange={(event) => setFilter({ ...filter, [key]: event.target.value })} />
    </label>
  )

  return (
    <div className="audit-trail">
      <form className="audit-filter" onSubmit={(event) => void search(event)}>
        {field('user', 'User')}
        {field('command', 'Command')}
        {field('from', 'From', 'datetime-local')}
        {field('to', 'To', 'datetime-local')}
        <button type="submit">Search</button>
      </form>
      {error ? (
        <p role="alert" className="inline-error">
          {error}
        </p>
      ) : null}
      {records === null ? (
        <p className="muted">Search to list records (newest first, at most {AUDIT_QUERY_MAX}).</p>
      ) : records.length === 0 ? (
        <p className="muted">No records match.</p>
      ) : (
        <div className="audit-scroll">
          <table className="audit-table" aria-label="Audit records">
            <TableHead columns={['#', 'Time', 'User', 'Origin', 'Command', 'Input', 'Result']} />
            <tbody>
              {records.map((record) => (
                <tr key={record.seq} className={record.result === 'ok' ? undefined : 'audit-refused'}>
                  <td className="numeric">{record.seq}</td>
                  <td>{formatDateTime(record.at)}</td>
                  <td>{record.user ?? '—'}</td>
                  <td>{record.origin}</td>
                  <td>{record.command}</td>
                  <td className="audit-summary">{record.summary}</td>
                  <td>{record.result}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}
