import { useEffect, useMemo, useRef, useState } from 'react'
import type { SessionState } from '../../../../shared/access'
import type { ContractClient } from '../../../../shared/contract'
import type { Alarm, MaintenanceEntry } from '../../../../shared/domain'
import { Dialog } from '../../lib/Dialog'
import { createStore, type ReadableStore } from '../../lib/store'
import { useStore } from '../../lib/useStore'
import { useDisplayNavigation } from '../displays/navigation'
import { may } from '../session/access'
import { useWorkOrderLinks, type OrderRequest } from './workOrderLinks'
import { WorkOrders } from './WorkOrders'

const NO_REQUEST = createStore<OrderRequest | null>(null)
const NO_ENTRIES = createStore<readonly MaintenanceEntry[]>([])

/**
 * The header's "Work orders" button and its dialog; the list loads only while it is open.
 * A work-order link elsewhere (an alarm, a log entry) opens it on that order; the list's own
 * links to an alarm or a log entry close it and open that display.
 */
export function WorkOrdersButton({ client, equipment, session, alarms }: { client: ContractClient; equipment: readonly string[]; session: SessionState; alarms: ReadableStore<Alarm[]> }) {
  const active = useStore(alarms)
  const activeAlarmIds = useMemo(() => new Set(active.map((a) => a.id)), [active])
  const links = useWorkOrderLinks()
  const request = useStore(links?.requested ?? NO_REQUEST)
  const logEntries = useStore(links?.logEntries ?? NO_ENTRIES)
  const navigation = useDisplayNavigation()
  const dialog = useRef<HTMLDialogElement>(null)
  const [open, setOpen] = useState(false)
  const [focus, setFocus] = useState<OrderRequest | null>(null)
  const show = (): void => {
    setOpen(true)
    if (!dialog.current?.open) dialog.current?.showModal()
  }
  useEffect(() => {
    if (!request) return
    setFocus(request)
    show()
  }, [request])
  const leave = (go: () => void): void => {
    dialog.current?.close()
    go()
  }
  return (
    <>
      <button
        type="button"
        data-shortcut="workorders"
        onClick={() => {
          setFocus(null)
          show()
        }}
      >
        Work orders
      </button>
      <Dialog ref={dialog} title="Work orders" wide onClose={() => setOpen(false)}>
        <WorkOrders
          key={focus?.seq ?? 0}
          client={client}
          equipment={equipment}
          canTransition={may(session, 'operator')}
          canResetBaseline={may(session, 'engineer')}
          open={open}
          activeAlarmIds={activeAlarmIds}
          logEntries={logEntries}
          focus={focus}
          onOpenAlarm={(alarmId, at) => leave(() => navigation.openAlarm(alarmId, at))}
          onOpenLogEntry={(entry) => leave(() => (entry.equipment === null ? navigation.openOverview() : navigation.openLogEntry(entry.equipment, entry.id)))}
        />
      </Dialog>
    </>
  )
}
