import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { ContractClient } from '../../../../shared/contract'
import type { Alarm, TagInfo } from '../../../../shared/domain'
import type { ReadableStore } from '../../lib/store'
import { useStore } from '../../lib/useStore'
import { needsAcknowledge } from './alarmOrder'
import { AlarmRow } from './AlarmRow'

interface AlarmBannerProps {
  alarms: ReadableStore<Alarm[]>
  client: ContractClient
  tags: ReadableStore<TagInfo[]>
  /** Whether the signed-in user may acknowledge (operator or higher). */
  canAcknowledge: boolean
}

/**
 * Active alarms, most urgent first. There is deliberately no "acknowledge all":
 * ISA-18.2 wants each alarm read before it is acknowledged.
 */
export function AlarmBanner({ alarms, client, tags, canAcknowledge }: AlarmBannerProps) {
  const list = useStore(alarms)
  const tagList = useStore(tags)
  const units = useMemo(() => new Map(tagList.map((tag) => [tag.name, tag.unit])), [tagList])
  const unitOf = useCallback((tag: string) => units.get(tag), [units])
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set())
  const sectionRef = useRef<HTMLElement>(null)
  /** Set by an acknowledge; cleared once focus has a new home. */
  const keepFocus = useRef(false)
  const unacknowledged = list.filter(needsAcknowledge).length

  // The acknowledged row loses its button (when the host's update arrives, which
  // may be before or after the command's answer); keep the keyboard user in the banner.
  useLayoutEffect(() => {
    const section = sectionRef.current
    if (!keepFocus.current || !section) return
    const active = document.activeElement
    if (active && active !== document.body && section.contains(active)) return
    keepFocus.current = false
    if (active && active !== document.body) return
    const next = section.querySelector<HTMLElement>('[data-shortcut="acknowledge"]')
    ;(next ?? section).focus()
  })

  async function acknowledge(id: string): Promise<void> {
    keepFocus.current = true
    setBusy((ids) => new Set(ids).add(id))
    const result = await client.invoke('alarms:acknowledge', { ids: [id] })
    setBusy((ids) => {
      const next = new Set(ids)
      next.delete(id)
      return next
    })
    setError(result.ok ? null : `Could not acknowledge: ${result.error.message}`)
  }

  return (
    <section
      ref={sectionRef}
      className={`alarm-banner${unacknowledged > 0 ? ' has-unacknowledged' : ''}`}
      aria-label="Alarms"
      tabIndex={-1}
      data-shortcut="alarms"
    >
      <h2 className="banner-title">
        Alarms
        <span className="banner-count">
          {list.length} active · {unacknowledged} unacknowledged
        </span>
      </h2>
      {error ? (
        <p role="alert" className="inline-error">
          {error}
        </p>
      ) : null}
      {list.length === 0 ? (
        <p className="alarm-empty">No active alarms</p>
      ) : (
        <div className="alarm-scroll">
          <table className="alarm-table">
            <thead>
              <tr>
                <th scope="col">Priority</th>
                <th scope="col">Type</th>
                <th scope="col">Time</th>
                <th scope="col">Tag</th>
                <th scope="col">Message</th>
                <th scope="col">Detail</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span className="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((alarm) => (
                <AlarmRow
                  key={alarm.id}
                  alarm={alarm}
                  busy={busy.has(alarm.id)}
                  canAcknowledge={canAcknowledge}
                  onAcknowledge={(id) => void acknowledge(id)}
                  unitOf={unitOf}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
