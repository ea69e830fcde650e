import type { Alarm } from '../../../../shared/domain'
import { formatTime } from '../../lib/format'
import { needsAcknowledge } from './alarmOrder'

const STATE_TEXT: Record<Alarm['state'], string> = {
  unacknowledged: 'Unacknowledged',
  acknowledged: 'Acknowledged',
  'returned-unacknowledged': 'Returned, unacknowledged'
}

const LIMIT_PRECISION = 4

interface AlarmRowProps {
  alarm: Alarm
  busy: boolean
  onAcknowledge(id: string): void
}

/** One banner row; colour and blinking come from the theme's priority and state classes. */
export function AlarmRow({ alarm, busy, onAcknowledge }: AlarmRowProps) {
  const messageId = `alarm-msg-${alarm.id}`
  return (
    <tr className={`alarm-row alarm-p${alarm.priority} alarm-${alarm.state}`}>
      <td>
        <span className="priority-badge" title={`Priority ${alarm.priority}`}>
          <span className="visually-hidden">Priority </span>
          {alarm.priority}
        </span>
      </td>
      <td>
        <time dateTime={new Date(alarm.raisedAt).toISOString()}>{formatTime(alarm.raisedAt)}</time>
      </td>
      <td className="alarm-tag">{alarm.tag}</td>
      <td id={messageId} className="alarm-message">
        {alarm.message}
        {alarm.action ? <span className="alarm-action"> — {alarm.action}</span> : null}
      </td>
      <td className="numeric">
        {Number(alarm.value.toPrecision(LIMIT_PRECISION))} {alarm.unit} / {alarm.limit} {alarm.threshold} {alarm.unit}
      </td>
      <td className="alarm-state">{STATE_TEXT[alarm.state]}</td>
      <td>
        {needsAcknowledge(alarm) ? (
          <button
            type="button"
            className="ack-button"
            data-shortcut="acknowledge"
            aria-describedby={messageId}
            aria-disabled={busy || undefined}
            onClick={() => {
              // Not `disabled`: that would throw the keyboard focus out of the banner mid-command.
              if (!busy) onAcknowledge(alarm.id)
            }}
          >
            Acknowledge
          </button>
        ) : null}
      </td>
    </tr>
  )
}
