import { useRef, useState } from 'react'
import type { SessionState } from '../../../shared/access'
import type { ContractClient } from '../../../shared/contract'
import { AuditTrail } from '../features/audit/AuditTrail'
import { EngineLearning } from '../features/detection/EngineLearning'
import { may } from '../features/session/access'
import { UserBar } from '../features/session/UserBar'
import { UserAccounts } from '../features/users/UserAccounts'
import { Dialog } from '../lib/Dialog'
import { SHORTCUT_HELP } from './shortcuts'

interface HeaderProps {
  equipment: readonly string[]
  selected: string | null
  onSelect(equipment: string): void
  client: ContractClient
  session: SessionState
  onSession(state: SessionState): void
}

/** Title, the unit in view, who is signed in, the supervisor's and admin's views, and the keyboard help. */
export function Header({ equipment, selected, onSelect, client, session, onSession }: HeaderProps) {
  const audit = useRef<HTMLDialogElement>(null)
  const users = useRef<HTMLDialogElement>(null)
  const learning = useRef<HTMLDialogElement>(null)
  const [learningOpen, setLearningOpen] = useState(false)
  return (
    <header className="app-header">
      <h1 className="app-title">Plantwatch</h1>
      <label className="unit-picker">
        Unit
        <select value={selected ?? ''} data-shortcut="unit" onChange={(event) => onSelect(event.target.value)}>
          {selected === null || equipment.length === 0 ? <option value="">—</option> : null}
          {equipment.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <p className="shortcut-help">Keys: {SHORTCUT_HELP}</p>
      <button
        type="button"
        onClick={() => {
          setLearningOpen(true)
          learning.current?.showModal()
        }}
      >
        Engine learning
      </button>
      {may(session, 'supervisor') ? (
        <button type="button" onClick={() => audit.current?.showModal()}>
          Audit trail
        </button>
      ) : null}
      {may(session, 'admin') ? (
        <button type="button" onClick={() => users.current?.showModal()}>
          Users
        </button>
      ) : null}
      <UserBar client={client} session={session} onSession={onSession} />
      <Dialog ref={learning} title="Engine learning" wide onClose={() => setLearningOpen(false)}>
        <EngineLearning client={client} canReset={may(session, 'engineer')} open={learningOpen} />
      </Dialog>
      {may(session, 'supervisor') ? (
        <Dialog ref={audit} title="Audit trail" wide>
          <AuditTrail client={client} />
        </Dialog>
      ) : null}
      {may(session, 'admin') && session.user ? (
        <Dialog ref={users} title="Users" wide>
          <UserAccounts client={client} self={session.user.name} />
        </Dialog>
      ) : null}
    </header>
  )
}
