import { useId, useState } from 'react'
import { limitAlarmId } from '../../../../shared/alarms'
import type { ContractClient } from '../../../../shared/contract'
import type { Alarm, TagInfo } from '../../../../shared/domain'
import { LIMIT_NAMES, type LimitName } from '../../../../shared/tagMap'
import { AlarmActionSlot, type AlarmAction } from '../alarms/AlarmActionForm'
import { hiddenText } from '../alarms/alarmDetail'
import { needsAcknowledge } from '../alarms/alarmOrder'
import { STATE_TEXT } from '../alarms/AlarmRow'
import { AlarmShape } from './AlarmShape'

/** The tag's configured limits whose alarm is not listed: what an engineer may take out of service before it fires. */
export function unlistedLimits(tag: Pick<TagInfo, 'name' | 'limits'>, alarms: readonly Pick<Alarm, 'id'>[]): LimitName[] {
  return LIMIT_NAMES.filter((limit) => tag.limits[limit] !== undefined && !alarms.some((a) => a.id === limitAlarmId(tag.name, limit)))
}

/**
 * A faceplate's alarms with what an operator does to them there: Acknowledge (optional
 * comment), Shelve (duration and reason), Unshelve and Comment, through the alarm feature's
 * form and commands; an engineer also takes them out of service (with a reason) and back,
 * including a configured limit alarm that is not listed (a sensor off for calibration).
 * The host checks the role again on every call; its refusal is shown as it is.
 */
export function FaceplateAlarms({ tag, alarms, client, canAct, canService }: { tag: TagInfo; alarms: readonly Alarm[]; client: ContractClient; canAct: boolean; canService: boolean }) {
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
  async function returnToService(alarm: Alarm): Promise<void> {
    setAction(null)
    const result = await client.invoke('alarms:returnToService', { id: alarm.id })
    setError(result.ok ? null : `Could not return to service: ${result.error.message}`)
  }
  const unlisted = canService ? unlistedLimits(tag, alarms) : []

  return (
    <>
      <h3 className="faceplate-heading">Alarms</h3>
      {alarms.length === 0 ? (
        <p className="muted">No active alarms on this tag</p>
      ) : (
        <ul className="faceplate-alarms" aria-label={`Alarms of ${tag.name}`}>
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
                    {canService && alarm.outOfService ? (
                      <button type="button" aria-describedby={textId} onClick={() => void returnToService(alarm)}>
                        Return to service
                      </button>
                    ) : null}
                  </span>
                ) : null}
              </li>
            )
          })}
        </ul>
      )}
      {unlisted.length > 0 ? (
        <div className="faceplate-service" role="group" aria-label={`Limit alarms of ${tag.name} not listed`}>
          {unlisted.map((limit) => (
            <button
              key={limit}
              type="button"
              onClick={() =>
                open({
                  kind: 'out-of-service',
                  alarm: { id: limitAlarmId(tag.name, limit), equipment: tag.equipment, tag: tag.name, message: `${limit} limit ${tag.limits[limit]} ${tag.unit}, not active` }
                })
              }
            >
              Take {limit} alarm out of service
            </button>
          ))}
        </div>
      ) : null}
      <AlarmActionSlot action={action} error={error} client={client} onDone={() => setAction(null)} />
    </>
  )
}
