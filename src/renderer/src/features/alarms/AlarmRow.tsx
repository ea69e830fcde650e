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
import { PriorityIcon } from './PriorityIcon'

export const STATE_TEXT: Record<Alarm['state'], string> = {
  normal: 'Normal',
  unacknowledged: 'Unacknowledged',
  acknowledged: 'Acknowledged',
  'returned-unacknowledged': 'Returned, unacknowledged',
  latched: 'Latched, reset needed'
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
  /** Opens the alarm's equipment display. */
  onOpenEquipment(equipment: string): void
}

/** One banner row; colour and blinking come from the theme's priority and state classes. */
export function AlarmRow({ alarm, busy, canAcknowledge, onAcknowledge, unitOf, onOpenEquipment }: AlarmRowProps) {
  const messageId = `alarm-msg-${alarm.id}`
  const action = actionSuffix(alarm)
  return (
    <tr
      className={`alarm-row alarm-p${alarm.priority} alarm-${alarm.state} alarm-kind-${alarm.kind}`}
      onClick={(event) => {
        // The row opens its equipment; its buttons do their own thing.
        if (!(event.target as HTMLElement).closest('button')) onOpenEquipment(alarm.equipment)
      }}
    >
      <td>
        <PriorityIcon priority={alarm.priority} className="priority-badge" />
      </td>
      <td>
        <span className={`kind-tag kind-${alarm.kind}`} title={KIND_DESCRIPTION[alarm.kind]}>
          {KIND_LABEL[alarm.kind]}
        </span>
      </td>
      <td>
        <time dateTime={new Date(alarm.raisedAt).toISOString()}>{formatTime(alarm.raisedAt)}</time>
      </td>
      <td>
        <button type="button" className="link-button" aria-label={`Open ${alarm.equipment}`} onClick={() => onOpenEquipment(alarm.equipment)}>
          {alarm.equipment}
        </button>
      </td>
      <td className="alarm-tag">{alarm.tag}</td>
      <td id={messageId} className="alarm-message">
        {alarm.flood?.firstOut ? <span className="flag flag-first-out">FIRST OUT</span> : null}
        {alarm.chattering ? <span className="flag">CHATTERING</span> : null}
        {messageText(alarm)}
        {action ? <span className="alarm-action"> — {action}</span> : null}
      </td>
      <td className="alarm-detail">
        <AlarmDetail alarm={alarm} unitOf={unitOf} />
      </td>
      <td className="alarm-state">
        {STATE_TEXT[alarm.state]}
        {alarm.acknowledgedBy ? <span className="detail-sub"> by {alarm.acknowledgedBy}</span> : null}
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
    case 'sensor-health':
    case 'server-condition':
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
