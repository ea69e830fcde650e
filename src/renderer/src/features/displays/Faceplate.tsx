import { useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react'
import type { ContractClient } from '../../../../shared/contract'
import type { Alarm, TagHealth, TagInfo } from '../../../../shared/domain'
import { LIMIT_NAMES } from '../../../../shared/tagMap'
import { Dialog } from '../../lib/Dialog'
import { formatDateTime, formatValue } from '../../lib/format'
import type { SampleStore } from '../../lib/sampleStore'
import { AlarmShape } from './AlarmShape'
import { tagQuality } from './quality'
import { Sparkline } from './Sparkline'
import { createSparklineLoader, type Spark } from './sparklines'

/** The faceplate's small trend: the last hour, refreshed every 15 s. */
const FACEPLATE_TREND_MS = 3_600_000
const FACEPLATE_TREND_REFRESH_MS = 15_000

const QUALITY_TEXT = { good: 'Good', uncertain: 'Uncertain (current, doubted by the source)', stale: 'Stale (uncertain)', bad: 'Bad', none: 'No value yet' } as const

export interface FaceplateProps {
  tag: TagInfo
  samples: SampleStore
  health: TagHealth | undefined
  /** The tag's alarms, in banner order. */
  alarms: readonly Alarm[]
  client: ContractClient
  canAcknowledge: boolean
  onClose(): void
  /** Shelving (alarm management); no Shelve button without it. */
  onShelve?: ((alarm: Alarm) => void) | undefined
  /** Comments on an alarm; no Comment button without it. */
  onComment?: ((alarm: Alarm) => void) | undefined
  /** The write control of a writable tag, with its confirmation (OPC UA writes); nothing without it. */
  renderWrite?: ((tag: TagInfo) => ReactNode) | undefined
}

/**
 * ISA-101 level 3: one tag in detail, as a modal dialog named after the tag. Value and
 * quality with the reason, the source timestamp, limits and deadband, its alarms with
 * Acknowledge, and the last hour as a small trend.
 */
export function Faceplate(props: FaceplateProps) {
  const { tag, samples, health, alarms, client, canAcknowledge, onClose } = props
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal()
  }, [])
  useSyncExternalStore(samples.subscribe, () => samples.series(tag.index)?.version ?? -1)
  const quality = tagQuality(samples.series(tag.index), health)
  const spark = useTagHistory(client, tag.name)
  const [error, setError] = useState<string | null>(null)
  const value = quality.value === undefined ? '—' : formatValue(quality.value, tag.euRange, tag.unit)

  async function acknowledge(id: string): Promise<void> {
    const result = await client.invoke('alarms:acknowledge', { ids: [id] })
    setError(result.ok ? null : `Could not acknowledge: ${result.error.message}`)
  }

  return (
    <Dialog ref={ref} title={tag.name} onClose={onClose} className="dialog-faceplate">
      <div className="faceplate">
        <p className="faceplate-description">{tag.description ?? tag.equipment}</p>
        <dl className="faceplate-facts">
          <dt>Value</dt>
          <dd className={`faceplate-value numeric quality-${quality.kind}`}>
            {value}
            {quality.mark ? <span className="quality-mark">{quality.mark}</span> : null}
          </dd>
          <dt>Quality</dt>
          <dd>
            {QUALITY_TEXT[quality.kind]}
            {quality.kind !== 'good' || health?.state === 'warning' ? <span className="faceplate-reason">{quality.reason}</span> : null}
          </dd>
          <dt>Source time</dt>
          <dd className="numeric">{quality.time === undefined ? '—' : formatDateTime(quality.time)}</dd>
          <dt>Status code</dt>
          <dd className="numeric">{quality.status === undefined ? '—' : `0x${quality.status.toString(16).toUpperCase().padStart(8, '0')}`}</dd>
          <dt>Node</dt>
          <dd className="faceplate-node">{tag.nodeId}</dd>
          <dt>Range</dt>
          <dd className="numeric">
            {tag.euRange.low} … {tag.euRange.high} {tag.unit}
          </dd>
          <dt>Limits</dt>
          <dd className="numeric">
            {LIMIT_NAMES.filter((name) => tag.limits[name] !== undefined)
              .map((name) => `${name} ${tag.limits[name]}`)
              .join(' · ') || 'none'}
          </dd>
          <dt>Deadband</dt>
          <dd className="numeric">{tag.deadband === undefined ? 'none' : `${tag.deadband} ${tag.unit}`}</dd>
          {tag.action ? (
            <>
              <dt>Action</dt>
              <dd>{tag.action}</dd>
            </>
          ) : null}
        </dl>
        <div>
          <Sparkline tag={tag} spark={spark} label={`${tag.name}, last hour`} />
          <div className="faceplate-trend-caption" aria-hidden="true">
            <span>−1 h</span>
            <span>
              {tag.euRange.low} … {tag.euRange.high} {tag.unit}, normal band shaded
            </span>
            <span>now</span>
          </div>
        </div>
        <h3 className="faceplate-heading">Alarms</h3>
        {alarms.length === 0 ? (
          <p className="muted">No active alarms on this tag</p>
        ) : (
          <ul className="faceplate-alarms" aria-label={`Alarms of ${tag.name}`}>
            {alarms.map((alarm) => (
              <li key={alarm.id}>
                <AlarmShape alarm={alarm} />
                <span className="faceplate-alarm-text">{alarm.message}</span>
                {canAcknowledge && alarm.state !== 'acknowledged' ? (
                  <button type="button" onClick={() => void acknowledge(alarm.id)}>
                    Acknowledge
                  </button>
                ) : null}
                {props.onShelve ? (
                  <button type="button" onClick={() => props.onShelve?.(alarm)}>
                    Shelve
                  </button>
                ) : null}
                {props.onComment ? (
                  <button type="button" onClick={() => props.onComment?.(alarm)}>
                    Comment
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {error ? (
          <p role="alert" className="inline-error">
            {error}
          </p>
        ) : null}
        {props.renderWrite ? <div className="faceplate-write">{props.renderWrite(tag)}</div> : null}
      </div>
    </Dialog>
  )
}

/** The last hour of one tag, loaded on open and refreshed while the faceplate is open. */
function useTagHistory(client: ContractClient, tag: string): Spark | undefined {
  const [spark, setSpark] = useState<Spark | undefined>(undefined)
  useEffect(() => {
    const loader = createSparklineLoader(client, { windowMs: FACEPLATE_TREND_MS, points: 300, refreshMs: FACEPLATE_TREND_REFRESH_MS })
    const off = loader.series.subscribe(() => setSpark(loader.series.get().get(tag)))
    loader.want([tag])
    return () => {
      off()
      loader.dispose()
    }
  }, [client, tag])
  return spark
}
