import { useState } from 'react'
import { ALARM_COMMENT_MAX, SHELVE_MAX_MINUTES, SHELVE_REASON_MAX, type Alarm } from '../../../../shared/alarms'
import type { ContractClient } from '../../../../shared/contract'

/** What an operator does to one alarm (or to one equipment's alarms) through a small form. */
export type AlarmAction =
  | { kind: 'acknowledge'; alarm: Alarm }
  | { kind: 'acknowledge-equipment'; equipment: string; count: number }
  | { kind: 'shelve'; alarm: Alarm }
  | { kind: 'comment'; alarm: Alarm }
  | { kind: 'out-of-service'; alarm: AlarmTarget }

/** What the form needs of an alarm: a configured limit that is not listed has no more to show. */
export type AlarmTarget = Pick<Alarm, 'id' | 'equipment' | 'tag' | 'message'>

/** Shelve durations offered, in minutes: up to one shift (ISA-18.2 §16.3 wants a time limit). */
export const SHELVE_CHOICES_MIN = [15, 30, 60, 120, 240, 480, SHELVE_MAX_MINUTES] as const

const TITLE: Record<AlarmAction['kind'], string> = {
  acknowledge: 'Acknowledge',
  'acknowledge-equipment': 'Acknowledge',
  shelve: 'Shelve',
  comment: 'Comment',
  'out-of-service': 'Take out of service'
}

/** A React key for the form of `action`: another action or alarm remounts it empty. */
const actionKey = (action: AlarmAction): string => `${action.kind}:${'alarm' in action ? action.alarm.id : action.equipment}`

/**
 * Where the alarm summary and a faceplate put an action: the open action's form, if any, and
 * the last refusal of a command sent without a form (Unshelve, Reset), as the host worded it.
 */
export function AlarmActionSlot({ action, error, client, onDone }: { action: AlarmAction | null; error: string | null; client: ContractClient; onDone(): void }) {
  return (
    <>
      {action ? <AlarmActionForm key={actionKey(action)} action={action} client={client} onDone={onDone} /> : null}
      {error ? (
        <p role="alert" className="inline-error">
          {error}
        </p>
      ) : null}
    </>
  )
}

const minutesText = (m: number): string => (m < 60 ? `${m} min` : `${m / 60} h`)

/**
 * The form of one alarm action. Shelving and taking out of service need a reason (and a
 * duration for shelving); a comment needs text; an acknowledgement takes an optional
 * comment. The host's answer is shown as it is, e.g. an alarm that left the list meanwhile.
 * Focus lands on the first field to fill, or on the button of an acknowledgement, so Enter
 * acknowledges at once. {@link AlarmActionSlot} keys it by action and alarm, so another one
 * starts afresh.
 */
export function AlarmActionForm({ action, client, onDone }: { action: AlarmAction; client: ContractClient; onDone(): void }) {
  const [text, setText] = useState('')
  const [minutes, setMinutes] = useState<number>(60)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const needsText = action.kind === 'shelve' || action.kind === 'comment' || action.kind === 'out-of-service'
  const label = action.kind === 'shelve' || action.kind === 'out-of-service' ? 'Reason' : action.kind === 'comment' ? 'Comment' : 'Comment (optional)'

  async function submit(): Promise<void> {
    if (needsText && text.trim() === '') {
      setError(`${label} is required`)
      return
    }
    setBusy(true)
    const comment = text.trim() === '' ? {} : { comment: text.trim() }
    const result =
      action.kind === 'acknowledge'
        ? await client.invoke('alarms:acknowledge', { ids: [action.alarm.id], ...comment })
        : action.kind === 'acknowledge-equipment'
          ? await client.invoke('alarms:acknowledge', { equipment: action.equipment, ...comment })
          : action.kind === 'shelve'
            ? await client.invoke('alarms:shelve', { id: action.alarm.id, minutes, reason: text.trim() })
            : action.kind === 'comment'
              ? await client.invoke('alarms:comment', { id: action.alarm.id, text: text.trim() })
              : await client.invoke('alarms:outOfService', { id: action.alarm.id, reason: text.trim() })
    setBusy(false)
    if (result.ok) onDone()
    else setError(result.error.message)
  }

  return (
    <form
      className="alarm-action-form"
      aria-label={TITLE[action.kind]}
      onSubmit={(event) => {
        event.preventDefault()
        void submit()
      }}
    >
      <p>
        {action.kind === 'acknowledge-equipment'
          ? `Acknowledge all ${action.count} unacknowledged alarms of ${action.equipment} shown in the banner and summary?`
          : `${action.alarm.equipment} · ${action.alarm.tag}: ${action.alarm.message}`}
      </p>
      {action.kind === 'shelve' ? (
        <label>
          Duration
          <select value={minutes} autoFocus onChange={(event) => setMinutes(Number(event.target.value))}>
            {SHELVE_CHOICES_MIN.map((m) => (
              <option key={m} value={m}>
                {minutesText(m)}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label>
        {label}
        <textarea
          value={text}
          autoFocus={needsText && action.kind !== 'shelve'}
          aria-required={needsText}
          maxLength={action.kind === 'shelve' || action.kind === 'out-of-service' ? SHELVE_REASON_MAX : ALARM_COMMENT_MAX}
          rows={2}
          onChange={(event) => setText(event.target.value)}
        />
      </label>
      {error ? (
        <p role="alert" className="inline-error">
          {error}
        </p>
      ) : null}
      <div className="form-buttons">
        <button type="submit" autoFocus={!needsText} aria-disabled={busy || undefined}>
          {action.kind === 'acknowledge-equipment' ? `Acknowledge ${action.count}` : TITLE[action.kind]}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  )
}
