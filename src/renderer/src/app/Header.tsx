import { useRef, useState } from 'react'
import type { SessionState } from '../../../shared/access'
import type { ContractClient } from '../../../shared/contract'
import type { Alarm, TagInfo } from '../../../shared/domain'
import { AuditTrail } from '../features/audit/AuditTrail'
import { CommissioningButtons } from '../features/commissioning/CommissioningButtons'
import { EngineLearning } from '../features/detection/EngineLearning'
import { HandoverView } from '../features/handover/HandoverView'
import { ShiftBadge } from '../features/handover/ShiftBadge'
import { may } from '../features/session/access'
import { UserBar } from '../features/session/UserBar'
import { UserAccounts } from '../features/users/UserAccounts'
import { WorkOrdersButton } from '../features/workorders/WorkOrdersButton'
import { Dialog } from '../lib/Dialog'
import type { ReadableStore } from '../lib/store'
import type { SampleStore } from '../lib/sampleStore'
import { SHORTCUT_HELP, SHORTCUT_HELP_ITEMS } from './shortcuts'

interface HeaderProps {
  equipment: readonly string[]
  selected: string | null
  onSelect(equipment: string): void
  client: ContractClient
  session: SessionState
  onSession(state: SessionState): void
  /** Active alarms: work orders mark the evidence whose alarm still stands. */
  alarms: ReadableStore<Alarm[]>
  /** Every tag (writes pick from the writable ones) and their live values. */
  tags: readonly TagInfo[]
  samples: SampleStore
}

/** Title, the unit in view, who is signed in, the supervisor's and admin's views, and the keyboard help. */
export function Header({ equipment, selected, onSelect, client, session, onSession, alarms, tags, samples }: HeaderProps) {
  const audit = useRef<HTMLDialogElement>(null)
  const keys = useRef<HTMLDialogElement>(null)
  const users = useRef<HTMLDialogElement>(null)
  const learning = useRef<HTMLDialogElement>(null)
  const [learningOpen, setLearningOpen] = useState(false)
  const handover = useRef<HTMLDialogElement>(null)
  const [handoverOpen, setHandoverOpen] = useState(false)
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
      <ShiftBadge client={client} />
      {/* One line, cut to the width there is: a narrow screen keeps its controls on screen. Its name is
          "Keys" alone: the line repeats other buttons' names, and the dialog reads the whole list out. */}
      <button type="button" className="shortcut-help" data-shortcut="keys" title={SHORTCUT_HELP} onClick={() => keys.current?.showModal()}>
        Keys<span aria-hidden="true">: {SHORTCUT_HELP}</span>
      </button>
      <button
        type="button"
        onClick={() => {
          setHandoverOpen(true)
          handover.current?.showModal()
        }}
      >
        Handover
      </button>
      <button
        type="button"
        onClick={() => {
          setLearningOpen(true)
          learning.current?.showModal()
        }}
      >
        Engine learning
      </button>
      <WorkOrdersButton client={client} equipment={equipment} session={session} alarms={alarms} />
      <CommissioningButtons client={client} session={session} tags={tags} samples={samples} />
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
      <Dialog ref={keys} title="Keyboard shortcuts">
        <ul className="key-list">
          {SHORTCUT_HELP_ITEMS.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      </Dialog>
      <Dialog ref={handover} title="Shift handover" wide onClose={() => setHandoverOpen(false)}>
        <HandoverView client={client} session={session} open={handoverOpen} />
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
