import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import type { ContractClient } from '../../../../shared/contract'
import type { MaintenanceEntry } from '../../../../shared/domain'
import { WORK_ORDER_STATES, type RuntimeCounters, type WorkOrder, type WorkOrderState } from '../../../../shared/workOrders'
import { formatDateTime } from '../../lib/format'
import { useNow } from '../../lib/useNow'
import { OrderEvidence, OrderLog } from './OrderLinks'
import type { OrderRequest } from './workOrderLinks'
import { dueText, logEntriesOf, mergeOrder, stepForKey, stepsFrom, type Step } from './workOrderView'
import { TableHead } from '../../lib/TableHead'

/** Due times are shown to the minute; a half-minute refresh keeps "due in 12 min" honest. */
const DUE_REFRESH_MS = 30_000

interface WorkOrdersProps {
  client: ContractClient
  equipment: readonly string[]
  /** Whether the signed-in user may move orders (operator or higher). */
  canTransition: boolean
  /** Whether closing may also reset the machine's learned baseline (engineer or higher). */
  canResetBaseline: boolean
  /** Loads while open; the dialog's `open`. */
  open: boolean
  /** The active alarm ids, to mark evidence whose alarm still stands. */
  activeAlarmIds: ReadonlySet<string>
  /** The maintenance log, for each order's own entries. */
  logEntries: readonly MaintenanceEntry[]
  /** One order to show alone and focus (a link from an alarm or a log entry); remount (key) for another. */
  focus?: OrderRequest | null | undefined
  /** Opens the alarm summary on an evidence alarm, last seen at `at` (epoch ms). */
  onOpenAlarm(alarmId: string, at: number): void
  /** Opens a log entry of an order in its machine's log. */
  onOpenLogEntry(entry: MaintenanceEntry): void
}

type Filter = { state: WorkOrderState | 'active' | 'all'; equipment: string; order?: string | undefined }

/**
 * The work-order list: due first, filtered by state and equipment, with each order's evidence
 * (alarm ids, explanations, trend window) and its lifecycle steps. On a focused row the keys
 * S, I, D and C schedule, start, finish and cancel it; each step asks for a note first.
 */
export function WorkOrders({ client, equipment, canTransition, canResetBaseline, open, activeAlarmIds, logEntries, focus, onOpenAlarm, onOpenLogEntry }: WorkOrdersProps) {
  const [orders, setOrders] = useState<WorkOrder[] | null>(null)
  const [filter, setFilter] = useState<Filter>(focus ? { state: 'all', equipment: focus.equipment ?? '', order: focus.number } : { state: 'active', equipment: '' })
  const focused = useRef(false)
  const focusRow = useCallback((row: HTMLTableRowElement | null) => {
    if (!row || focused.current) return
    focused.current = true
    row.focus()
  }, [])
  const [counters, setCounters] = useState<RuntimeCounters | null>(null)
  const [pending, setPending] = useState<{ order: WorkOrder; step: Step } | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const now = useNow(open, DUE_REFRESH_MS)
  const id = useId()

  const matches = (order: WorkOrder): boolean =>
    (filter.state === 'all' || (filter.state === 'active' ? order.state !== 'done' && order.state !== 'cancelled' : order.state === filter.state)) &&
    (!filter.equipment || order.equipment === filter.equipment) &&
    (!filter.order || order.number === filter.order)
  const show = (order: WorkOrder): void => setOrders((list) => (list === null ? list : matches(order) ? mergeOrder(list, order) : list.filter((o) => o.id !== order.id)))

  useEffect(() => {
    if (!open) return
    let live = true
    const input = { state: filter.state, ...(filter.equipment ? { equipment: filter.equipment } : {}) }
    void client.invoke('workorders:list', input).then((result) => {
      if (!live) return
      if (result.ok) setOrders(result.data.filter((o) => !filter.order || o.number === filter.order))
      else setMessage(result.error.message)
    })
    if (filter.equipment) {
      void client.invoke('workorders:counters', { equipment: filter.equipment }).then((result) => live && setCounters(result.ok ? (result.data[0] ?? null) : null))
    } else setCounters(null)
    const off = client.on('workorders:changed', show)
    return () => {
      live = false
      off()
    }
  }, [open, filter.state, filter.equipment, filter.order])

  const onRowKey = (order: WorkOrder) => (event: KeyboardEvent<HTMLTableRowElement>) => {
    if (!canTransition || event.target !== event.currentTarget || event.ctrlKey || event.altKey || event.metaKey) return
    const step = stepForKey(order.state, event.key)
    if (!step) return
    event.preventDefault()
    setPending({ order, step })
  }

  return (
    <div className="workorders">
      <form className="audit-filter" onSubmit={(event) => event.preventDefault()}>
        <label htmlFor={`${id}-state`}>
          State
          <select id={`${id}-state`} value={filter.state} onChange={(event) => setFilter({ ...filter, state: event.target.value as typeof filter.state })}>
            <option value="active">Not yet done</option>
            <option value="all">All</option>
            {WORK_ORDER_STATES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={`${id}-equipment`}>
          Equipment
          <select id={`${id}-equipment`} value={filter.equipment} onChange={(event) => setFilter({ ...filter, equipment: event.target.value })}>
            <option value="">All equipment</option>
            {equipment.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        {filter.order ? (
          <p className="workorder-only">
            Showing {filter.order} only{' '}
            <button type="button" onClick={() => setFilter({ state: 'active', equipment: filter.equipment })}>
              Show all work orders
            </button>
          </p>
        ) : null}
        {counters ? (
          <p className="muted workorder-counters" aria-label={`Runtime counters of ${counters.equipment}`}>
            {counters.runHours === null ? '' : `${counters.runHours.toFixed(1)} run hours · ${counters.starts} starts`}
            {counters.energyKWh === null ? '' : ` · ${Math.round(counters.energyKWh)} kWh`}
          </p>
        ) : null}
      </form>
      {message ? (
        <p role="alert" className="inline-error">
          {message}
        </p>
      ) : null}
      {pending ? (
        <StepForm
          key={`${pending.order.id}-${pending.step.to}`}
          client={client}
          order={pending.order}
          step={pending.step}
          canResetBaseline={canResetBaseline}
          onDone={(result) => {
            setPending(null)
            if (typeof result === 'string') setMessage(result)
            else {
              setMessage(null)
              show(result)
            }
          }}
        />
      ) : null}
      {orders === null ? (
        <p className="muted">Loading…</p>
      ) : orders.length === 0 ? (
        <p className="muted">No work orders match.</p>
      ) : (
        <div className="audit-scroll">
          <table className="audit-table workorder-table" aria-label="Work orders, due first">
            <TableHead columns={['Order', 'Equipment', 'Failure mode', 'Action', 'Priority', 'Craft', 'Due', 'State', 'Evidence', 'Log']} action="Steps" />
            <tbody>
              {orders.map((order) => {
                const due = dueText(order, now)
                return (
                  <tr
                    key={order.id}
                    ref={order.number === filter.order ? focusRow : undefined}
                    aria-current={order.number === filter.order ? 'true' : undefined}
                    tabIndex={0}
                    aria-label={`${order.number} ${order.equipment} ${order.failureMode}, ${order.state}, ${due.text}`}
                    className={`workorder-row workorder-${order.state}${due.overdue ? ' workorder-overdue' : ''}`}
                    onKeyDown={onRowKey(order)}
                  >
                    <td className="workorder-number">{order.number}</td>
                    <td>{order.equipment}</td>
                    <td>{order.failureMode}</td>
                    <td>{order.action}</td>
                    <td>{order.priority}</td>
                    <td>{order.craft}</td>
                    <td>
                      <time dateTime={new Date(order.dueAt).toISOString()} title={formatDateTime(order.dueAt)}>
                        {due.overdue ? '⚠ ' : ''}
                        {due.text}
                      </time>
                    </td>
                    <td>{order.state}</td>
                    <td>
                      <OrderEvidence order={order} activeAlarmIds={activeAlarmIds} onOpenAlarm={onOpenAlarm} />
                    </td>
                    <td>
                      <OrderLog order={order} entries={logEntriesOf(logEntries, order.number)} onOpenEntry={onOpenLogEntry} />
                    </td>
                    <td className="workorder-steps">
                      {canTransition
                        ? stepsFrom(order.state).map((step) => (
                            <button key={step.to} type="button" aria-label={`${step.label} ${order.number}`} aria-keyshortcuts={step.key.toUpperCase()} onClick={() => setPending({ order, step })}>
                              {step.label}
                            </button>
                          ))
                        : null}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}

interface StepFormProps {
  client: ContractClient
  order: WorkOrder
  step: Step
  canResetBaseline: boolean
  /** The moved order, or the refusal's message. */
  onDone(result: WorkOrder | string): void
}

/** The note (a reason, to cancel) and, when closing, the repair confirmation that resets the learned baseline. */
function StepForm({ client, order, step, canResetBaseline, onDone }: StepFormProps) {
  const [note, setNote] = useState('')
  const [reset, setReset] = useState(false)
  const id = useId()
  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    const result = await client.invoke('workorders:transition', { id: order.id, to: step.to, note, ...(reset ? { resetBaseline: true } : {}) })
    onDone(result.ok ? result.data : result.error.message)
  }
  return (
    <form className="log-form workorder-step" aria-label={`${step.label} ${order.number}`} onSubmit={(event) => void submit(event)}>
      <label htmlFor={`${id}-note`}>{step.to === 'cancelled' ? `Reason to cancel ${order.number}` : `Note for ${order.number} (${step.label.toLowerCase()})`}</label>
      <input id={`${id}-note`} autoFocus value={note} onChange={(event) => setNote(event.target.value)} required={step.to === 'cancelled'} />
      {step.to === 'done' && canResetBaseline ? (
        <label>
          <input type="checkbox" checked={reset} onChange={(event) => setReset(event.target.checked)} /> Repair confirmed: reset the learned baseline of {order.equipment}
        </label>
      ) : null}
      <div className="log-form-row">
        <button type="submit">Confirm {step.label.toLowerCase()}</button>
        <button type="button" onClick={() => onDone(order)}>
          Back
        </button>
      </div>
    </form>
  )
}
