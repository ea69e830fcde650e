import { useId, useState } from 'react'
import type { ContractClient } from '../../../../shared/contract'
import type { Alarm } from '../../../../shared/domain'
import { AlarmActionSlot, type AlarmAction } from '../alarms/AlarmActionForm'
import { hiddenText } from '../alarms/alarmDetail'
import { needsAcknowledge } from '../alarms/alarmOrder'
import { STATE_TEXT } from '../alarms/AlarmRow'
import { AlarmShape } from './AlarmShape'

/**
 * A faceplate's alarms with what an operator does to them there: Acknowledge (optional
 * comment), Shelve (duration and reason), Unshelve and Comment, through the alarm feature's
 * form and commands. The host checks the role again on every call; its refusal is shown as it is.
 */
export function FaceplateAlarms({ tag, alarms, client, canAct }: { tag: string; alarms: readonly Alarm[]; client: ContractClient; canAct: boolean }) {
  const [action, setAction] = useState<AlarmAction | null>(null)
  const [error, setError] = useState<string | null>(null)
  // Alarm ids may hold spaces (server conditions), which an IDREF cannot.
  const idBase = useId()
  const open = (next: AlarmAction): void => {
    setError(null)
    setAction(next)
  }
  async function unshelve(alarm: Alarm): Promise<void> {
    setAction(null)
    const result = await client.invoke('alarms:unshelve', { id: alarm.id })
    setError(result.ok ? null : `Could not unshelve: ${result.error.message}`)
  }

  return (
    <>
      <h3 className="faceplate-heading">Alarms</h3>
      {alarms.length === 0 ? (
        <p className="muted">No active alarms on this tag</p>
      ) : (
        <ul className="faceplate-alarms" aria-label={`Alarms of ${tag}`}>
          {alarms.map((alarm, i) => {
            const textId = `${idBase}-${i}`
            const hidden = hiddenText(alarm)
            const comment = alarm.comments?.at(-1)
            return (
              <li key={alarm.id}>
                <AlarmShape alarm={alarm} />
                <span id={textId} className="faceplate-alarm-text">
                  {alarm.message}
                  <span className="detail-sub">
                    {STATE_TEXT[alarm.state]}
                    {alarm.acknowledgedBy ? ` by ${alarm.acknowledgedBy}` : ''}
                  </span>
                  {hidden ? <span className="detail-sub">{hidden}</span> : null}
                  {comment ? (
                    <span className="detail-sub">
                      Last comment by {comment.by}: {comment.text}
                    </span>
                  ) : null}
                </span>
                {canAct ? (
                  <span className="faceplate-alarm-actions">
                    {needsAcknowledge(alarm) ? (
                      <button type="button" aria-describedby={textId} onClick={() => open({ kind: 'acknowledge', alarm })}>
                        Acknowledge
                      </button>
                    ) : null}
                    {alarm.outOfService ? null : alarm.shelved ? (
                      <button type="button" aria-describedby={textId} onClick={() => void unshelve(alarm)}>
                        Unshelve
                      </button>
                    ) : (
                      <button type="button" aria-describedby={textId} onClick={() => open({ kind: 'shelve', alarm })}>
                        Shelve
                      </button>
                    )}
                    <button type="button" aria-describedby={textId} onClick={() => open({ kind: 'comment', alarm })}>
                      Comment
                    </button>
                  </span>
                ) : null}
              </li>
            )
          })}
        </ul>
      )}
      <AlarmActionSlot action={action} error={error} client={client} onDone={() => setAction(null)} />
    </>
  )
}
