import { useMemo, useRef, useState } from 'react'
import type { SessionState } from '../../../../shared/access'
import type { ContractClient } from '../../../../shared/contract'
import type { Alarm } from '../../../../shared/domain'
import { Dialog } from '../../lib/Dialog'
import type { ReadableStore } from '../../lib/store'
import { useStore } from '../../lib/useStore'
import { may } from '../session/access'
import { WorkOrders } from './WorkOrders'

/** The header's "Work orders" button and its dialog; the list loads only while it is open. */
export function WorkOrdersButton({ client, equipment, session, alarms }: { client: ContractClient; equipment: readonly string[]; session: SessionState; alarms: ReadableStore<Alarm[]> }) {
  const active = useStore(alarms)
  const activeAlarmIds = useMemo(() => new Set(active.map((a) => a.id)), [active])
  const dialog = useRef<HTMLDialogElement>(null)
  const [open, setOpen] = useState(false)
  return (
    <>
      <button
        type="button"
        data-shortcut="workorders"
        onClick={() => {
          setOpen(true)
          dialog.current?.showModal()
        }}
      >
        Work orders
      </button>
      <Dialog ref={dialog} title="Work orders" wide onClose={() => setOpen(false)}>
        <WorkOrders client={client} equipment={equipment} canTransition={may(session, 'operator')} canResetBaseline={may(session, 'engineer')} open={open} activeAlarmIds={activeAlarmIds} />
      </Dialog>
    </>
  )
}
