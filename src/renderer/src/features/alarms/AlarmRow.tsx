import type { Alarm } from '../../../../shared/domain'
import { formatTime } from '../../lib/format'
import { useNow } from '../../lib/useNow'
import {
  KIND_DESCRIPTION,
  KIND_LABEL,
  actionSuffix,
  anomalyDetail,
  countdownText,
  limitText,
  messageText,
  predictionBasisText
} from './alarmDetail'
import { needsAcknowledge } from './alarmOrder'

const STATE_TEXT: Record<Alarm['state'], string> = {
  unacknowledged: 'Unacknowledged',
  acknowledged: 'Acknowledged',
  'returned-unacknowledged': 'Returned, unacknowledged'
}

/** The countdown shows minutes until its last minute; a few seconds of lag is invisible. */
const COUNTDOWN_REFRESH_MS = 5000

interface AlarmRowProps {
  alarm: Alarm
  busy: boolean
  /** False for a viewer or a locked console: the row shows no Acknowledge button. */
  canAcknowledge: boolean
  onAcknowledge(id: string): void
  /** Engineering unit of a tag, for the contributors of a multivariate anomaly. */
  unitOf(tag: string): string | undefined
}

/** One banner row; colour and blinking come from the theme's priority and state classes. */
export function AlarmRow({ alarm, busy, canAcknowledge, onAcknowledge, unitOf }: AlarmRowProps) {
  const messageId = `alarm-msg-${alarm.id}`
  const action = actionSuffix(alarm)
  return (
    <tr className={`alarm-row alarm-p${alarm.priority} alarm-${alarm.state} alarm-kind-${alarm.kind}`}>
      <td>
        <span className="priority-badge" title={`Priority ${alarm.priority}`}>
          <span className="visually-hidden">Priority </span>
          {alarm.priority}
        </span>
      </td>
      <td>
        <span className={`kind-tag kind-${alarm.kind}`} title={KIND_DESCRIPTION[alarm.kind]}>
          {KIND_LABEL[alarm.kind]}
        </span>
      </td>
      <td>
        <time dateTime={new Date(alarm.raisedAt).toISOString()}>{formatTime(alarm.raisedAt)}</time>
      </td>
      <td className="alarm-tag">{alarm.tag}</td>
      <td id={messageId} className="alarm-message">
        {messageText(alarm)}
        {action ? <span className="alarm-action"> — {action}</span> : null}
      </td>
      <td className="alarm-detail">
        <AlarmDetail alarm={alarm} unitOf={unitOf} />
      </td>
      <td className="alarm-state">
        {STATE_TEXT[alarm.state]}
        {alarm.acknowledgedBy ? <span className="detail-sub">by {alarm.acknowledgedBy}</span> : null}
      </td>
      <td>
        {canAcknowledge && needsAcknowledge(alarm) ? (
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

function AlarmDetail({ alarm, unitOf }: Pick<AlarmRowProps, 'alarm' | 'unitOf'>) {
  switch (alarm.kind) {
    case 'limit':
      return <span className="detail-main numeric">{limitText(alarm)}</span>
    case 'predictive':
      return <PredictiveDetail alarm={alarm} />
    case 'system':
      return null
    case 'anomaly': {
      const detail = anomalyDetail(alarm, unitOf)
      return (
        <>
          <span className="detail-main numeric">{detail.numbers}</span>
          <span className="detail-sub">{detail.source}</span>
        </>
      )
    }
  }
}

/** Only this cell re-renders as the countdown runs; a returned prediction stops counting. */
function PredictiveDetail({ alarm }: { alarm: Alarm }) {
  const counting = alarm.eta !== undefined && alarm.state !== 'returned-unacknowledged'
  const now = useNow(counting, COUNTDOWN_REFRESH_MS)
  const limit = alarm.limit ?? 'Limit'
  const main = (counting ? countdownText(alarm, now) : null) ?? (alarm.state === 'returned-unacknowledged' ? `${limit} no longer predicted` : `${limit} predicted`)
  return (
    <>
      <span className="detail-main numeric">{main}</span>
      <span className="detail-sub">{predictionBasisText(alarm)}</span>
    </>
  )
}
