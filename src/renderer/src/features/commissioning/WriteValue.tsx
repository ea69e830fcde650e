import { useMemo, useState } from 'react'
import type { ContractClient } from '../../../../shared/contract'
import type { TagInfo } from '../../../../shared/domain'
import { writeRefusal } from '../../../../shared/tagWrite'
import { formatValue } from '../../lib/format'
import { latestReading } from '../../lib/latestReading'
import type { SampleStore } from '../../lib/sampleStore'

type Step = { kind: 'edit' } | { kind: 'confirm'; tag: TagInfo; value: number; old: number | undefined } | { kind: 'sending' }

const shown = (tag: TagInfo, value: number | null | undefined): string =>
  value === null || value === undefined ? 'no value' : formatValue(value, tag.euRange, tag.unit)

/**
 * An operator's write to a tag the tag map flags writable: pick the tag (when `tags` holds
 * more than one writable tag; a faceplate passes only its own), type the value, then confirm
 * it with the old value, the new value and the unit side by side. The host checks again (EU
 * range, write limits) and writes; a server rejection is shown with its StatusCode.
 */
export function WriteValue({ client, tags, samples }: { client: ContractClient; tags: readonly TagInfo[]; samples: SampleStore }) {
  const writable = useMemo(() => tags.filter((t) => t.writable === true), [tags])
  const [name, setName] = useState('')
  const [text, setText] = useState('')
  const [step, setStep] = useState<Step>({ kind: 'edit' })
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null)
  const tag = writable.find((t) => t.name === name) ?? writable[0]

  if (!tag) return <p className="muted">No tag of the tag map is writable ("writable": true).</p>

  function review(): void {
    if (!tag) return
    const value = text.trim() === '' ? Number.NaN : Number(text)
    const refusal = writeRefusal(tag, value)
    if (refusal) return setMessage({ text: refusal, error: true })
    setMessage(null)
    setStep({ kind: 'confirm', tag, value, old: latestReading(samples.series(tag.index)).value })
  }

  async function send(target: TagInfo, value: number): Promise<void> {
    setStep({ kind: 'sending' })
    const result = await client.invoke('tags:write', { tag: target.name, value })
    setStep({ kind: 'edit' })
    if (result.ok) {
      const d = result.data
      setMessage({ text: `Written: ${d.tag} ${shown(target, d.oldValue)} → ${shown(target, d.newValue)} (${d.statusCode}).`, error: false })
    } else setMessage({ text: `Not written: ${result.error.message}`, error: true })
  }

  return (
    <div className="write-value">
      {step.kind === 'confirm' ? (
        <div role="group" aria-label="Confirm the write">
          <p>
            Write <strong>{step.tag.name}</strong>?
          </p>
          <dl className="write-confirm">
            <dt>Old value</dt>
            <dd>{shown(step.tag, step.old)}</dd>
            <dt>New value</dt>
            <dd>{shown(step.tag, step.value)}</dd>
            <dt>Unit</dt>
            <dd>{step.tag.unit || '—'}</dd>
          </dl>
          <button type="button" onClick={() => void send(step.tag, step.value)}>
            Confirm write
          </button>{' '}
          <button type="button" onClick={() => setStep({ kind: 'edit' })}>
            Back
          </button>
        </div>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault()
            review()
          }}
        >
          {writable.length > 1 ? (
            <>
              <label>
                Tag{' '}
                <select value={tag.name} onChange={(event) => setName(event.target.value)}>
                  {writable.map((t) => (
                    <option key={t.name} value={t.name}>
                      {t.name}
                    </option>
                  ))}
                </select>
              </label>{' '}
            </>
          ) : null}
          <label>
            New value ({tag.unit || 'no unit'}, {tag.euRange.low} to {tag.euRange.high}){' '}
            <input type="number" step="any" value={text} onChange={(event) => setText(event.target.value)} required />
          </label>{' '}
          <button type="submit" disabled={step.kind === 'sending'}>
            Review write
          </button>
        </form>
      )}
      {message ? (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'inline-error' : 'muted'}>
          {message.text}
        </p>
      ) : null}
    </div>
  )
}
