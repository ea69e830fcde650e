import { memo, type MouseEvent } from 'react'
import type { LearnedSummary } from '../../../../shared/anomaly'
import type { EquipmentInfo, TagHealth, TagInfo } from '../../../../shared/domain'
import { formatDuration } from '../../lib/format'
import { latestReading } from '../../lib/latestReading'
import { useNearViewport } from '../../lib/useNearViewport'
import type { SampleStore } from '../../lib/sampleStore'
import { useNow } from '../../lib/useNow'
import { useTagSeries } from '../../lib/useTagSeries'
import { AlarmShape } from './AlarmShape'
import { RUN_STATE_TEXT, runState, secondsLeft, VERDICT_TEXT, type EquipmentAlarmStatus } from './equipmentStatus'
import { MiniIndicator, shortTagName } from './MiniIndicator'
import { formatRoute } from './route'
import { Sparkline } from './Sparkline'
import type { Spark } from './sparklines'

export interface EquipmentTileProps {
  info: EquipmentInfo
  keyTags: readonly TagInfo[]
  running: TagInfo | undefined
  samples: SampleStore
  status: EquipmentAlarmStatus
  learned: LearnedSummary | undefined
  health: readonly TagHealth[]
  spark: Spark | undefined
  /** Open work orders; the slot stays empty until they were read. */
  workOrders?: number | undefined
  onOpen(equipment: string): void
  /** The tile is in the display's first screenful: it draws its values in the first frame. */
  eager?: boolean | undefined
}

/**
 * One machine on the overview, as a link to its equipment display: run state, its most
 * important alarm as a priority shape, the health verdict and a predicted time to a limit,
 * two to four key values against their normal band, and a sparkline of the shift.
 * Grey unless something is abnormal. Beyond a screen from view a tile keeps its name and alarm
 * shape and leaves out the rest, which it draws as it comes near; it follows live values
 * while on screen: a 500-machine site draws and updates what can be seen.
 */
export const EquipmentTile = memo(function EquipmentTile(props: EquipmentTileProps) {
  const { info, keyTags, samples, status, health, spark, workOrders, onOpen } = props
  const top = status.top
  const abnormal = top && top.state !== 'returned-unacknowledged' ? ` tile-alarm alarm-p${top.priority}` : ''
  const sparkTag = keyTags[0]
  const [ref, near, visible] = useNearViewport<HTMLAnchorElement>(props.eager ?? true)
  const onClick = (event: MouseEvent<HTMLAnchorElement>): void => {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    onOpen(info.name)
  }
  return (
    <a ref={ref} className={`tile${abnormal}`} href={formatRoute({ display: 'equipment', equipment: info.name })} aria-label={info.name} onClick={onClick}>
      <span className="tile-head">
        <span className="tile-name">{info.name}</span>
        {near ? <RunBadge learned={props.learned} running={props.running} samples={samples} live={visible} /> : null}
        <span className="tile-alarm-slot">{top ? <AlarmShape alarm={top} /> : null}</span>
      </span>
      {near ? (
        <>
          <span className="tile-description" title={info.description}>
            {info.description ?? info.type ?? '\u00a0'}
          </span>
          <span className="tile-verdict">
            <span className={`verdict verdict-${status.verdict}`}>{VERDICT_TEXT[status.verdict]}</span>
            {status.eta ? <EtaText eta={status.eta} /> : null}
            {status.active > 0 ? (
              <span className="tile-alarm-count">
                {status.active} alarm{status.active === 1 ? '' : 's'}
                {status.unacknowledged > 0 ? `, ${status.unacknowledged} unack.` : ''}
              </span>
            ) : null}
          </span>
          <span className="tile-values">
            {keyTags.map((tag) => (
              <MiniIndicator key={tag.name} tag={tag} samples={samples} alarmPriority={status.priorities.get(tag.name)} health={health[tag.index]} live={visible} />
            ))}
          </span>
          {sparkTag ? (
            <span className="tile-spark">
              <Sparkline tag={sparkTag} spark={spark} label={`${sparkTag.name}, last 12 h`} />
              <span className="tile-spark-label">
                {shortTagName(sparkTag)} · 12 h
              </span>
            </span>
          ) : null}
          <span className="tile-foot">{workOrders !== undefined ? <WorkOrderCount equipment={info.name} count={workOrders} /> : null}</span>
        </>
      ) : null}
    </a>
  )
})

/** The machine's run state as text; re-renders with the running feedback tag only. */
export function RunBadge({ learned, running, samples, live = true }: Pick<EquipmentTileProps, 'learned' | 'running' | 'samples'> & { live?: boolean }) {
  const series = useTagSeries(samples, running?.index, live)
  const state = runState(learned, running ? latestReading(series) : undefined)
  return <span className={`run-state run-${state}`}>{RUN_STATE_TEXT[state]}</span>
}

/**
 * A machine's open work orders as calm grey text: a count is information, not an alarm, so it
 * takes no colour (ISA-101). Named for assistive technology, since a tile's link name is only
 * the machine's.
 */
export function WorkOrderCount({ equipment, count }: { equipment: string; count: number }) {
  return (
    <span className="wo-count" role="status" aria-label={`Open work orders of ${equipment}`}>
      {count} open work order{count === 1 ? '' : 's'}
    </span>
  )
}

/** Only this text re-renders as the prediction counts down. */
function EtaText({ eta }: { eta: NonNullable<EquipmentAlarmStatus['eta']> }) {
  const now = useNow(true, 5000)
  return (
    <span className="tile-eta" title={`${eta.tag} predicted to reach ${eta.limit}`}>
      {eta.limit} in {formatDuration(secondsLeft(eta, now))}
    </span>
  )
}
