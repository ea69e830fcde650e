import type { MaintenanceEntry } from '../../../../shared/domain'
import type { WorkOrder } from '../../../../shared/workOrders'
import { formatDateTime } from '../../lib/format'
import { alarmLinksOf } from './workOrderView'

/**
 * An order's evidence: each alarm it names as a link to the alarm summary on that alarm
 * (marked while it stands), then, on demand, every piece of evidence with its trend window.
 */
export function OrderEvidence({ order, activeAlarmIds, onOpenAlarm }: { order: WorkOrder; activeAlarmIds: ReadonlySet<string>; onOpenAlarm(alarmId: string, at: number): void }) {
  return (
    <>
      <span className="workorder-alarms">
        {alarmLinksOf(order).map(({ alarmId, at }) => {
          const active = activeAlarmIds.has(alarmId)
          return (
            <button
              key={alarmId}
              type="button"
              className={`link-button workorder-alarm${active ? ' workorder-alarm-active' : ''}`}
              aria-label={`Open alarm ${alarmId} (${active ? 'active' : 'cleared'})`}
              title={active ? 'alarm active: open it in the alarm summary' : 'alarm cleared: open its journal'}
              onClick={() => onOpenAlarm(alarmId, at)}
            >
              {alarmId}
            </button>
          )
        })}
        {order.evidence.some((e) => e.alarmId === null) ? <span className="workorder-alarm">runtime</span> : null}
      </span>
      <details>
        <summary aria-label={`Evidence of ${order.number}: ${order.evidence.length} items`}>{order.evidence.length} items</summary>
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
    </>
  )
}

/** The log entries written for an order, each a link to it in its machine's log. */
export function OrderLog({ order, entries, onOpenEntry }: { order: WorkOrder; entries: readonly MaintenanceEntry[]; onOpenEntry(entry: MaintenanceEntry): void }) {
  if (entries.length === 0) return <span className="muted">none</span>
  return (
    <ul className="workorder-log">
      {entries.map((entry) => (
        <li key={entry.id}>
          <button type="button" className="link-button" aria-label={`Open log entry of ${formatDateTime(entry.createdAt)} for ${order.number}`} title={entry.text} onClick={() => onOpenEntry(entry)}>
            {formatDateTime(entry.createdAt)}
          </button>
        </li>
      ))}
    </ul>
  )
}
