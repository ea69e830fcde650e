import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { ContractClient } from '../../../../shared/contract'
import type { Alarm, TagInfo } from '../../../../shared/domain'
import type { ReadableStore } from '../../lib/store'
import { useStore } from '../../lib/useStore'
import { BANNER_ROWS, BANNER_ROWS_SHORT, bannerAlarms, heldRows, isHidden, needsAcknowledge, SHORT_SCREEN_QUERY } from './alarmOrder'
import { useMediaQuery } from '../../lib/useMediaQuery'
import { AlarmRow } from './AlarmRow'
import type { Annunciator } from './annunciator'
import { TableHead } from '../../lib/TableHead'

/** How long rows stay held under a pointer that does not move. */
const HOLD_IDLE_MS = 5_000

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
  const rows = useMediaQuery(SHORT_SCREEN_QUERY) ? BANNER_ROWS_SHORT : BANNER_ROWS
  const { shown, rest } = useMemo(() => bannerAlarms(all, rows), [all, rows])
  // The rows' order while the pointer is on them (see heldRows).
  const [held, setHeld] = useState<readonly string[] | null>(null)
  const engaged = useRef({ pointer: false, focus: false })
  const release = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  // Held while the pointer moves on the rows or the keyboard works in them (a moved row also
  // loses the focus), and let go after HOLD_IDLE_MS idle: new alarms must not wait behind a
  // resting pointer.
  const engage = (how: 'pointer' | 'focus', on: boolean): void => {
    engaged.current[how] = on
    clearTimeout(release.current)
    if (!engaged.current.pointer && !engaged.current.focus) return setHeld(null)
    setHeld((ids) => ids ?? shown.map((a) => a.id))
    release.current = setTimeout(() => setHeld(null), HOLD_IDLE_MS)
  }
  useEffect(() => () => clearTimeout(release.current), [])
  const { rows: list, waiting } = useMemo(() => heldRows(shown, all, held), [shown, all, held])
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
          {waiting > 0 ? <span className="banner-held"> · {waiting} new held while the pointer is on the rows</span> : null}
        </h2>
        {rest > 0 ? (
          <button type="button" className="banner-more link-button" onClick={onOpenSummary}>
            {rest} more in the alarm summary
          </button>
        ) : null}
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
            <tbody
              onPointerMove={() => engage('pointer', true)}
              onPointerLeave={() => engage('pointer', false)}
              onFocus={() => engage('focus', true)}
              onKeyDown={() => engage('focus', true)}
              onBlur={(event) => event.currentTarget.contains(event.relatedTarget) || engage('focus', false)}
            >
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
        </div>
      )}
    </section>
  )
}
