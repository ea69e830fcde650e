import { useEffect, useId, useState, type FormEvent, type KeyboardEvent } from 'react'
import type { ContractClient } from '../../../../shared/contract'
import { WORK_ORDER_STATES, type RuntimeCounters, type WorkOrder, type WorkOrderState } from '../../../../shared/workOrders'
import { formatDateTime } from '../../lib/format'
import { useNow } from '../../lib/useNow'
import { alarmIdsOf, dueText, mergeOrder, stepForKey, stepsFrom, type Step } from './workOrderView'

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
}

/**
 * The work-order list: due first, filtered by state and equipment, with each order's evidence
 * (alarm ids, explanations, trend window) and its lifecycle steps. On a focused row the keys
 * S, I, D and C schedule, start, finish and cancel it; each step asks for a note first.
 */
export function WorkOrders({ client, equipment, canTransition, canResetBaseline, open, activeAlarmIds }: WorkOrdersProps) {
  const [orders, setOrders] = useState<WorkOrder[] | null>(null)
  const [filter, setFilter] = useState<{ state: WorkOrderState | 'active' | 'all'; equipment: string }>({ state: 'active', equipment: '' })
  const [counters, setCounters] = useState<RuntimeCounters | null>(null)
  const [pending, setPending] = useState<{ order: WorkOrder; step: Step } | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const now = useNow(open, DUE_REFRESH_MS)
  const id = useId()

  const matches = (order: WorkOrder): boolean =>
    (filter.state === 'all' || (filter.state === 'active' ? order.state !== 'done' && order.state !== 'cancelled' : order.state === filter.state)) &&
    (!filter.equipment || order.equipment === filter.equipment)
  const show = (order: WorkOrder): void => setOrders((list) => (list === null ? list : matches(order) ? mergeOrder(list, order) : list.filter((o) => o.id !== order.id)))

  useEffect(() => {
    if (!open) return
    let live = true
    const input = { state: filter.state, ...(filter.equipment ? { equipment: filter.equipment } : {}) }
    void client.invoke('workorders:list', input).then((result) => {
      if (!live) return
      if (result.ok) setOrders(result.data)
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
  }, [open, filter.state, filter.equipment])

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
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Equipment</th>
                <th scope="col">Failure mode</th>
                <th scope="col">Action</th>
                <th scope="col">Priority</th>
                <th scope="col">Craft</th>
                <th scope="col">Due</th>
                <th scope="col">State</th>
                <th scope="col">Evidence</th>
                <th scope="col">
                  <span className="visually-hidden">Steps</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {orders.map((order) => {
                const due = dueText(order, now)
                return (
                  <tr
                    key={order.id}
                    tabIndex={0}
                    aria-label={`${order.number} ${order.equipment} ${order.failureMode}, ${order.state}, ${due.text}`}
                    className={`workorder-row workorder-${order.state}${due.overdue ? ' workorder-overdue' : ''}`}
                    onKeyDown={onRowKey(order)}
                  >
                    <td>{order.number}</td>
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
                      <Evidence order={order} activeAlarmIds={activeAlarmIds} />
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

/** The alarm ids (marked while the alarm stands) and, on demand, every piece of evidence with its trend window. */
function Evidence({ order, activeAlarmIds }: { order: WorkOrder; activeAlarmIds: ReadonlySet<string> }) {
  return (
    <details>
      <summary aria-label={`Evidence of ${order.number}: ${order.evidence.length} items`}>
        {alarmIdsOf(order).map((alarmId) => (
          <span key={alarmId} className={`workorder-alarm${activeAlarmIds.has(alarmId) ? ' workorder-alarm-active' : ''}`} title={activeAlarmIds.has(alarmId) ? 'alarm active' : 'alarm cleared'}>
            {alarmId}
          </span>
        ))}
        {order.evidence.some((e) => e.alarmId === null) ? <span className="workorder-alarm">runtime</span> : null}
      </summary>
      <ol className="workorder-evidence">
        {order.evidence.map((e, i) => (
          <li key={i}>
            <time dateTime={new Date(e.at).toISOString()}>{formatDateTime(e.at)}</time> {e.kind}: {e.explanation}
            {e.trend ? (
              <span className="muted">
                {' '}
                (trend {e.trend.tags.join(', ')} {formatDateTime(e.trend.from)}–{formatDateTime(e.trend.to)})
              </span>
            ) : null}
          </li>
        ))}
      </ol>
    </details>
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
