import { useEffect, useRef, useState } from 'react'
import type { ContractClient } from '../../../../shared/contract'
import type { Alarm, TagHealth, TagInfo } from '../../../../shared/domain'
import { LIMIT_NAMES } from '../../../../shared/tagMap'
import { Dialog } from '../../lib/Dialog'
import { formatTimestamp, formatValue } from '../../lib/format'
import type { SampleStore } from '../../lib/sampleStore'
import { WriteValue } from '../commissioning/WriteValue'
import { FaceplateAlarms } from './FaceplateAlarms'
import { serverTimeText, useLatestValue } from './latestValue'
import { tagQuality, valueStamp } from './quality'
import { Sparkline } from './Sparkline'
import { createSparklineLoader, type Spark } from './sparklines'
import { useTagSeries } from '../../lib/useTagSeries'

/** The faceplate's small trend: the last hour, refreshed every 15 s. */
const FACEPLATE_TREND_MS = 3_600_000
const FACEPLATE_TREND_REFRESH_MS = 15_000

const QUALITY_TEXT = { good: 'Good', uncertain: 'Uncertain (current, doubted by the source)', stale: 'Stale (uncertain)', bad: 'Bad', none: 'No value yet' } as const
/** Whose clock the time beside the value is (see `valueStamp`). */
const CLOCK_TEXT = { source: 'source time', server: 'server time (source timestamp unusable)', plantwatch: 'marked by Plantwatch' } as const

export interface FaceplateProps {
  tag: TagInfo
  samples: SampleStore
  health: TagHealth | undefined
  /** The tag's alarms, in banner order. */
  alarms: readonly Alarm[]
  client: ContractClient
  /** Acknowledge, Shelve and Comment (operator and above; the host checks again). */
  canAcknowledge: boolean
  /** The write control, shown for a tag the tag map flags writable (operator and above; the host checks again). */
  canWrite: boolean
  /** Take the tag's limit alarms out of service and back (engineer and above; the host checks again). */
  canService: boolean
  onClose(): void
}

/**
 * ISA-101 level 3: one tag in detail, as a modal dialog named after the tag. Value with its
 * StatusCode and timestamp, the server's timestamp of it (asked from the core each second), quality with the reason, limits and deadband, its alarms with
 * Acknowledge, Shelve and Comment, the last hour as a small trend, and a writable tag's
 * write control with its confirmation.
 */
export function Faceplate(props: FaceplateProps) {
  const { tag, samples, health, alarms, client, onClose } = props
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal()
  }, [])
  const series = useTagSeries(samples, tag.index)
  const quality = tagQuality(series, health)
  const stamp = valueStamp(series, health)
  const spark = useTagHistory(client, tag.name)
  const server = serverTimeText(useLatestValue(client, tag.name), stamp?.clock === 'source' ? stamp.time : undefined)
  const value = quality.value === undefined ? '—' : formatValue(quality.value, tag.euRange, tag.unit)

  return (
    <Dialog ref={ref} title={tag.name} onClose={onClose} className="dialog-faceplate">
      <div className="faceplate">
        <p className="faceplate-description">{tag.description ?? tag.equipment}</p>
        <dl className="faceplate-facts">
          <dt>Value</dt>
          <dd className="faceplate-reading">
            <span className={`faceplate-value numeric quality-${quality.kind}`}>
              {value}
              {quality.mark ? <span className="quality-mark">{quality.mark}</span> : null}
            </span>
            {stamp ? (
              <span className="faceplate-stamp">
                <span className="faceplate-status">{stamp.status}</span>
                <span>{CLOCK_TEXT[stamp.clock]}</span>
                <time className="numeric" dateTime={new Date(stamp.time).toISOString()}>
                  {formatTimestamp(stamp.time)}
                </time>
              </span>
            ) : null}
          </dd>
          <dt>Server time</dt>
          <dd className="faceplate-server-time">
            {typeof server === 'string' ? (
              <span className="muted">{server}</span>
            ) : (
              <>
                <time className="numeric" dateTime={new Date(server.time).toISOString()}>
                  {formatTimestamp(server.time)}
                </time>
                <span className="faceplate-stamp">{server.offset}</span>
              </>
            )}
          </dd>
          <dt>Quality</dt>
          <dd>
            {QUALITY_TEXT[quality.kind]}
            {quality.kind !== 'good' || health?.state === 'warning' ? <span className="faceplate-reason">{quality.reason}</span> : null}
          </dd>
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
        <FaceplateAlarms tag={tag} alarms={alarms} client={client} canAct={props.canAcknowledge} canService={props.canService} />
        {props.canWrite && tag.writable === true ? (
          <section className="faceplate-write" aria-label={`Write ${tag.name}`}>
            <h3 className="faceplate-heading">Write</h3>
            <WriteValue client={client} tags={[tag]} samples={samples} />
          </section>
        ) : null}
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
