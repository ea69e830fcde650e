import { useCallback, useMemo, useState, type ReactNode } from 'react'
import type { LearnedSummary } from '../../../../shared/anomaly'
import type { ContractClient } from '../../../../shared/contract'
import type { Alarm, MaintenanceEntry, TagHealth, TagInfo } from '../../../../shared/domain'
import { formatDuration, formatTime } from '../../lib/format'
import type { SampleStore } from '../../lib/sampleStore'
import { useNow } from '../../lib/useNow'
import type { ReadableStore } from '../../lib/store'
import { useStore } from '../../lib/useStore'
import { needsAcknowledge } from '../alarms/alarmOrder'
import { createJournalMarkers } from '../alarms/journalMarkers'
import { MaintenancePanel } from '../maintenance/MaintenancePanel'
import { AlarmWorkOrders } from '../workorders/workOrderLinks'
import { TrendPanel } from '../trend/TrendPanel'
import { AlarmShape } from './AlarmShape'
import { RunBadge, WorkOrderCount } from './EquipmentTile'
import type { DisplayData } from './displayData'
import { alarmStatusByEquipment, noAlarms, secondsLeft, VERDICT_TEXT } from './equipmentStatus'
import { Faceplate } from './Faceplate'
import { runningTag } from './plantLayout'
import { TagTable } from './TagTable'
import { learnedHours, regimesText } from '../detection/learnedText'

export interface EquipmentDisplayProps {
  name: string
  /** The tag whose faceplate is open, if any. */
  tag: string | undefined
  /** The log entry to show in the machine's log (a work order's link), if any. */
  logEntry?: number | undefined
  tags: ReadableStore<TagInfo[]>
  alarms: ReadableStore<Alarm[]>
  health: ReadableStore<TagHealth[]>
  maintenance: ReadableStore<MaintenanceEntry[]>
  samples: SampleStore
  data: DisplayData
  client: ContractClient
  canAcknowledge: boolean
  canWrite: boolean
  /** Out of service and back, on the faceplate (engineer and above). */
  canService: boolean
  onAddedEntries(entries: MaintenanceEntry[]): void
  onPensChange(tagIndexes: number[]): void
  onOpenEquipment(name: string): void
  onOpenTag(tag: string | undefined): void
  /** Opens an alarm in the alarm summary (an alarm marker on the trend, at its time). */
  onOpenAlarm(alarmId: string, at: number): void
  /** The machine's work orders (wired by the work-order feature); nothing without it. */
  workOrders?: ReactNode
}

/**
 * ISA-101 level 2: one machine. All its tags with indicators and quality, the trend of its
 * pens, its alarms, its log, and what the engine learned about it; a tag opens its faceplate.
 */
export function EquipmentDisplay(props: EquipmentDisplayProps) {
  const { name, samples, data, client } = props
  const tags = useStore(props.tags)
  const alarms = useStore(props.alarms)
  const health = useStore(props.health)
  const equipment = useStore(data.equipment)
  const learned = useStore(data.learned).get(name)
  const openOrders = useStore(data.openWorkOrders)
  // One per display: the trend's pens and range say what of the journal to load.
  const journal = useMemo(() => createJournalMarkers(client), [client])
  const info = equipment.find((e) => e.name === name)
  const own = useMemo(() => tags.filter((tag) => tag.equipment === name), [tags, name])
  const ownAlarms = useMemo(() => alarms.filter((a) => a.equipment === name), [alarms, name])
  const status = useMemo(() => alarmStatusByEquipment(ownAlarms).get(name) ?? noAlarms(), [ownAlarms, name])
  const priorityOf = useCallback((tag: string) => status.priorities.get(tag), [status])
  const fedBy = info?.upstream ?? []
  const feeds = equipment.filter((e) => e.upstream?.includes(name)).map((e) => e.name)
  const faceplateTag = props.tag === undefined ? undefined : own.find((t) => t.name === props.tag)

  if (tags.length > 0 && own.length === 0) {
    return (
      <section className="equipment-display" aria-label={`Equipment ${name}`}>
        <p role="alert" className="inline-error">
          No equipment named {name} in the tag map.
        </p>
      </section>
    )
  }
  return (
    <section className="equipment-display" aria-label={`Equipment ${name}`}>
      <header className="eq-head">
        <h2 className="eq-title">{name}</h2>
        <span className="eq-description">{[info?.description, info?.type, info?.area].filter(Boolean).join(' · ')}</span>
        <RunBadge learned={learned} running={runningTag(own)} samples={samples} />
        <span className={`verdict verdict-${status.verdict}`}>Health: {VERDICT_TEXT[status.verdict]}</span>
        {status.eta ? <EqEta eta={status.eta} /> : null}
        {openOrders ? <WorkOrderCount equipment={name} count={openOrders.get(name) ?? 0} /> : null}
        {fedBy.length > 0 ? <Related label="Fed by" names={fedBy} onOpen={props.onOpenEquipment} /> : null}
        {feeds.length > 0 ? <Related label="Feeds" names={feeds} onOpen={props.onOpenEquipment} /> : null}
      </header>
      <div className="eq-body">
        <TagTable equipment={name} tags={own} samples={samples} health={health} priorityOf={priorityOf} onOpenTag={props.onOpenTag} />
        <TrendPanel
          key={name}
          equipment={name}
          tags={own}
          allTags={tags}
          samples={samples}
          client={client}
          onPensChange={props.onPensChange}
          maintenance={props.maintenance}
          extraMarkers={journal.markers}
          onShownChange={journal.show}
          onOpenAlarm={props.onOpenAlarm}
        />
      </div>
      <div className="eq-bottom">
        <EqAlarms name={name} alarms={ownAlarms} client={client} canAcknowledge={props.canAcknowledge} onOpenTag={props.onOpenTag} />
        <MaintenancePanel client={client} entries={props.maintenance} onAdded={props.onAddedEntries} equipment={[name]} only={name} canWrite={props.canWrite} focusEntry={props.logEntry} />
        <EqLearned name={name} learned={learned} />
        {props.workOrders ?? null}
      </div>
      {faceplateTag ? (
        <Faceplate
          key={faceplateTag.name}
          tag={faceplateTag}
          samples={samples}
          health={health[faceplateTag.index]}
          alarms={ownAlarms.filter((a) => a.tag === faceplateTag.name)}
          client={client}
          canAcknowledge={props.canAcknowledge}
          canWrite={props.canWrite}
          canService={props.canService}
          onClose={() => props.onOpenTag(undefined)}
        />
      ) : null}
    </section>
  )
}

function EqEta({ eta }: { eta: { tag: string; limit: string; seconds: number; at: number } }) {
  const now = useNow(true, 5000)
  return (
    <span className="tile-eta">
      {eta.tag} reaches {eta.limit} in {formatDuration(secondsLeft(eta, now))}
    </span>
  )
}

function Related({ label, names, onOpen }: { label: string; names: readonly string[]; onOpen(name: string): void }) {
  return (
    <span className="eq-related">
      {label}:{' '}
      {names.map((n) => (
        <button key={n} type="button" className="link-button" onClick={() => onOpen(n)}>
          {n}
        </button>
      ))}
    </span>
  )
}

function EqAlarms({
  name,
  alarms,
  client,
  canAcknowledge,
  onOpenTag
}: {
  name: string
  alarms: readonly Alarm[]
  client: ContractClient
  canAcknowledge: boolean
  onOpenTag(tag: string): void
}) {
  const [error, setError] = useState<string | null>(null)
  async function acknowledge(id: string): Promise<void> {
    const result = await client.invoke('alarms:acknowledge', { ids: [id] })
    setError(result.ok ? null : `Could not acknowledge: ${result.error.message}`)
  }
  return (
    <section className="panel eq-alarms" aria-label={`Alarms of ${name}`}>
      <h3 className="panel-title">Alarms</h3>
      {error ? (
        <p role="alert" className="inline-error">
          {error}
        </p>
      ) : null}
      {alarms.length === 0 ? (
        <p className="muted">No active alarms</p>
      ) : (
        <ul className="eq-alarm-list">
          {alarms.map((alarm) => (
            <li key={alarm.id} className={`eq-alarm alarm-${alarm.state}`}>
              <AlarmShape alarm={alarm} />
              <time className="numeric" dateTime={new Date(alarm.raisedAt).toISOString()}>
                {formatTime(alarm.raisedAt)}
              </time>
              <button type="button" className="link-button" onClick={() => onOpenTag(alarm.tag)} aria-haspopup="dialog">
                {alarm.tag}
              </button>
              <span className="eq-alarm-message">{alarm.message}</span>
              <AlarmWorkOrders alarmId={alarm.id} />
              {canAcknowledge && needsAcknowledge(alarm) ? (
                <button type="button" onClick={() => void acknowledge(alarm.id)}>
                  Acknowledge
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}


function EqLearned({ name, learned }: { name: string; learned: LearnedSummary | undefined }) {
  return (
    <section className="panel eq-learned" aria-label={`What the engine learned about ${name}`}>
      <h3 className="panel-title">Engine learning</h3>
      {!learned ? (
        <p className="muted">The anomaly engine has nothing on this machine (not running, or no tags it judges).</p>
      ) : (
        <dl className="eq-learned-facts">
          <dt>Mode</dt>
          <dd>
            {learned.mode}
            {learned.learning ? ' (learning)' : ''}
          </dd>
          <dt>Running hours learned</dt>
          <dd className="numeric">{learnedHours(learned.runningHours)} h</dd>
          <dt>Settle after start</dt>
          <dd className="numeric">{formatDuration(learned.settleS)}</dd>
          <dt>Load regimes</dt>
          <dd>{regimesText(learned.regimes)}</dd>
        </dl>
      )}
    </section>
  )
}
