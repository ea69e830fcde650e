import { useEffect, useId, useState, type FormEvent } from 'react'
import { ROLES, type Role, type User } from '../../../../shared/access'
import type { ContractClient } from '../../../../shared/contract'
import { formatDateTime } from '../../lib/format'
import { TableHead } from '../../lib/TableHead'

/** Accounts: list, add, disable (admin). Nothing is ever deleted, so the audit trail keeps its names. */
export function UserAccounts({ client, self }: { client: ContractClient; self: string }) {
  const [users, setUsers] = useState<User[]>([])
  const [draft, setDraft] = useState<{ name: string; role: Role; password: string }>({ name: '', role: 'operator', password: '' })
  const [message, setMessage] = useState<string | null>(null)
  const id = useId()

  const load = async (): Promise<void> => {
    const result = await client.invoke('users:list', undefined)
    if (result.ok) setUsers(result.data)
    else setMessage(result.error.message)
  }
  useEffect(() => void load(), [client])

  async function add(event: FormEvent): Promise<void> {
    event.preventDefault()
    const result = await client.invoke('users:add', draft)
    setMessage(result.ok ? `Added ${result.data.name} (${result.data.role}).` : result.error.message)
    if (result.ok) setDraft({ name: '', role: draft.role, password: '' })
    await load()
  }

  async function disable(name: string): Promise<void> {
    if (!window.confirm(`Disable ${name}? They can no longer sign in; their records stay.`)) return
    const result = await client.invoke('users:disable', { name })
    setMessage(result.ok ? `Disabled ${name}.` : result.error.message)
    await load()
  }

  return (
    <div className="user-accounts">
      <table className="audit-table" aria-label="User accounts">
        <TableHead columns={['User', 'Role', 'State', 'Since']} action />
        <tbody>
          {users.map((user) => (
            <tr key={user.name}>
              <td>{user.name}</td>
              <td>{user.role}</td>
              <td>{user.disabled ? 'Disabled' : 'Active'}</td>
              <td>{formatDateTime(user.createdAt)}</td>
              <td>
                {user.disabled || user.name === self ? null : (
                  <button type="button" aria-label={`Disable ${user.name}`} onClick={() => void disable(user.name)}>
                    Disable
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="audit-filter" onSubmit={(event) => void add(event)} noValidate>
        <label htmlFor={`${id}-name`}>
          New user
          <input id={`${id}-name`} value={draft.name} autoComplete="off" onChange={(event) => setDraft({ ...draft, name: event.target.value })} />
        </label>
        <label htmlFor={`${id}-role`}>
          Role
          <select id={`${id}-role`} value={draft.role} onChange={(event) => setDraft({ ...draft, role: event.target.value as Role })}>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={`${id}-password`}>
          Initial password
          <input id={`${id}-password`} type="password" autoComplete="new-password" value={draft.password} onChange={(event) => setDraft({ ...draft, password: event.target.value })} />
        </label>
        <button type="submit">Add user</button>
      </form>
      {message ? (
        <p role="status" className="muted">
          {message}
        </p>
      ) : null}
    </div>
  )
}
