import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { ContractClient } from '../../../../shared/contract'
import type { Alarm, TagInfo } from '../../../../shared/domain'
import type { ReadableStore } from '../../lib/store'
import { useStore } from '../../lib/useStore'
import { bannerAlarms, isHidden, needsAcknowledge } from './alarmOrder'
import { AlarmRow } from './AlarmRow'
import type { Annunciator } from './annunciator'
import { TableHead } from '../../lib/TableHead'

interface AlarmBannerProps {
  alarms: ReadableStore<Alarm[]>
  client: ContractClient
  tags: ReadableStore<TagInfo[]>
  /** Whether the signed-in user may acknowledge (operator or higher). */
  canAcknowledge: boolean
  annunciator: Annunciator
  onOpenEquipment(equipment: string): void
  onOpenSummary(): void
}

/**
 * The newest, most urgent alarms in a fixed height, with a count of the rest; the alarm
 * summary has them all. There is deliberately no "acknowledge all" here: ISA-18.2 wants each
 * alarm read before it is acknowledged (the summary acknowledges one equipment's after a
 * confirmation). A row opens its equipment.
 */
export function AlarmBanner({ alarms, client, tags, canAcknowledge, annunciator, onOpenEquipment, onOpenSummary }: AlarmBannerProps) {
  const all = useStore(alarms)
  const sounding = useStore(annunciator.sounding)
  const { shown: list, rest } = useMemo(() => bannerAlarms(all), [all])
  const hidden = all.filter(isHidden).length
  const tagList = useStore(tags)
  const units = useMemo(() => new Map(tagList.map((tag) => [tag.name, tag.unit])), [tagList])
  const unitOf = useCallback((tag: string) => units.get(tag), [units])
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set())
  const sectionRef = useRef<HTMLElement>(null)
  /** Set by an acknowledge; cleared once focus has a new home. */
  const keepFocus = useRef(false)
  const unacknowledged = all.filter(needsAcknowledge).length

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
      <div className="banner-head">
        <h2 className="banner-title">
          Alarms
          <span className="banner-count">
            {all.length - hidden} listed · {unacknowledged} unacknowledged{hidden > 0 ? ` · ${hidden} shelved, suppressed or out of service` : ''}
          </span>
        </h2>
        <button type="button" data-shortcut="silence" aria-pressed={sounding === null} className={sounding !== null ? 'sounding' : ''} onClick={annunciator.silence}>
          Silence
        </button>
      </div>
      {error ? (
        <p role="alert" className="inline-error">
          {error}
        </p>
      ) : null}
      {list.length === 0 ? (
        <p className="alarm-empty">No active alarms{hidden > 0 ? ` (${hidden} hidden: see the alarm summary)` : ''}</p>
      ) : (
        <div className="alarm-scroll">
          <table className="alarm-table">
            <TableHead columns={['Priority', 'Type', 'Time', 'Equipment', 'Tag', 'Message', 'Detail', 'State']} action />
            <tbody>
              {list.map((alarm) => (
                <AlarmRow
                  key={alarm.id}
                  alarm={alarm}
                  busy={busy.has(alarm.id)}
                  canAcknowledge={canAcknowledge}
                  onAcknowledge={(id) => void acknowledge(id)}
                  unitOf={unitOf}
                  onOpenEquipment={onOpenEquipment}
                />
              ))}
            </tbody>
          </table>
          {rest > 0 ? (
            <button type="button" className="banner-more link-button" onClick={onOpenSummary}>
              {rest} more in the alarm summary
            </button>
          ) : null}
        </div>
      )}
    </section>
  )
}
