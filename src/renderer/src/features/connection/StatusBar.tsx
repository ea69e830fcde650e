import { useMemo } from 'react'
import type { Alarm, AlarmPriority, ConnectionState, TagHealth, TagInfo } from '../../../../shared/domain'
import type { SampleStore } from '../../lib/sampleStore'
import type { ReadableStore } from '../../lib/store'
import type { LinkState, Transport } from '../../lib/transport'
import { useNow } from '../../lib/useNow'
import { useStore } from '../../lib/useStore'
import { AnalogIndicator } from './AnalogIndicator'
import { describeHostLink, describePlantLink } from './connectionText'

interface StatusBarProps {
  connection: ReadableStore<ConnectionState | null>
  link: ReadableStore<LinkState>
  transport: Pick<Transport, 'kind' | 'endpoint'>
  equipment: string | null
  /** Tags of `equipment`. */
  tags: readonly TagInfo[]
  samples: SampleStore
  alarms: ReadableStore<Alarm[]>
  /** Each tag's health, index i for tag i. */
  health: ReadableStore<TagHealth[]>
}

/**
 * A unit's indicators that fit one row; a load-test unit with thousands of tags
 * must not render (and re-render at 10 Hz) thousands of them.
 */
export const MAX_INDICATORS = 12

/** Bottom bar: the selected unit's values as analog indicators, then both links' status. */
export function StatusBar({ connection, link, transport, equipment, tags, samples, alarms, health }: StatusBarProps) {
  const activeAlarms = useStore(alarms)
  const healthList = useStore(health)
  const priorityByTag = useMemo(() => {
    const map = new Map<string, AlarmPriority>()
    for (const alarm of activeAlarms) {
      // A returned alarm no longer describes the value, so the indicator goes back to grey.
      if (alarm.state === 'returned-unacknowledged') continue
      const current = map.get(alarm.tag)
      if (current === undefined || alarm.priority < current) map.set(alarm.tag, alarm.priority)
    }
    return map
  }, [activeAlarms])

  return (
    <footer className="status-bar">
      <div className="indicators" role="group" aria-label={equipment ? `Values of ${equipment}` : 'Values'}>
        {tags.slice(0, MAX_INDICATORS).map((tag) => (
          <AnalogIndicator key={tag.name} tag={tag} samples={samples} alarmPriority={priorityByTag.get(tag.name)} health={healthList[tag.index]} />
        ))}
        {tags.length > MAX_INDICATORS ? <span className="muted">+{tags.length - MAX_INDICATORS} more tags</span> : null}
      </div>
      <LinkStatus connection={connection} link={link} transport={transport} />
    </footer>
  )
}

function LinkStatus({ connection, link, transport }: Pick<StatusBarProps, 'connection' | 'link' | 'transport'>) {
  const plantState = useStore(connection)
  const hostState = useStore(link)
  const counting = plantState?.status === 'reconnecting' || hostState.status === 'reconnecting'
  const now = useNow(counting)
  // Without the host, the last plant status we heard is history, not news.
  const plant =
    hostState.status === 'open' ? describePlantLink(plantState, now) : { text: 'Unknown (no link to the host)', abnormal: true }
  const host = describeHostLink(hostState, now)
  return (
    <div className="status-line">
      <span className={`status-item${plant.abnormal ? ' abnormal' : ''}`}>
        Plant: <strong>{plant.text}</strong>
      </span>
      <span className="status-item">Endpoint: {plantState?.endpoint ?? '—'}</span>
      <span className={`status-item${host.abnormal ? ' abnormal' : ''}`}>
        Host: <strong>{host.text}</strong>
      </span>
      <span className="status-item">Transport: {transport.kind === 'websocket' ? `WebSocket ${transport.endpoint}` : 'Electron IPC'}</span>
    </div>
  )
}
