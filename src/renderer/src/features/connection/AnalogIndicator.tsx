import { useSyncExternalStore } from 'react'
import type { AlarmPriority, TagInfo } from '../../../../shared/domain'
import { formatValue } from '../../lib/format'
import { latestReading } from '../../lib/latestReading'
import type { SampleStore } from '../../lib/sampleStore'
import { indicatorScale, percentOf } from './indicatorScale'

interface AnalogIndicatorProps {
  tag: TagInfo
  samples: SampleStore
  /** Priority of the tag's active alarm; the indicator stays grey without one. */
  alarmPriority: AlarmPriority | undefined
}

/**
 * ISA-101 analog indicator: a grey bar over the EU range with the normal band
 * (L to H) lighter and a value marker. Only this component re-renders when the
 * tag's value changes.
 */
export function AnalogIndicator({ tag, samples, alarmPriority }: AnalogIndicatorProps) {
  useSyncExternalStore(samples.subscribe, () => samples.series(tag.index)?.version ?? -1)
  const { value, good, time } = latestReading(samples.series(tag.index))
  const shortName = tag.name.startsWith(`${tag.equipment}.`) ? tag.name.slice(tag.equipment.length + 1) : tag.name
  const alarmClass = alarmPriority ? ` in-alarm alarm-p${alarmPriority}` : ''
  const bad = time !== undefined && !good
  const staleClass = bad ? ' stale' : ''
  const badMark = bad ? (
    <>
      {' '}
      <abbr title="bad quality: the value is not current">BAD</abbr>
    </>
  ) : null

  if (tag.signal === 'state') {
    return (
      <div className={`indicator indicator-state${alarmClass}${staleClass}`} role="group" aria-label={tag.name} title={tag.description}>
        <span className="indicator-name">{shortName}</span>
        <span className="indicator-value">
          {value === undefined ? (bad ? '' : 'no data') : value >= 0.5 ? 'On' : 'Off'}
          {badMark}
        </span>
      </div>
    )
  }

  const scale = indicatorScale(tag)
  const shown = value === undefined ? 'no data' : formatValue(value, tag.euRange, tag.unit)
  const text = bad ? `${shown}, bad quality` : shown
  return (
    <div
      className={`indicator${alarmClass}${staleClass}`}
      role="meter"
      aria-label={tag.name}
      aria-valuemin={tag.euRange.low}
      aria-valuemax={tag.euRange.high}
      aria-valuenow={value}
      aria-valuetext={text}
      title={tag.description}
    >
      <div className="indicator-head">
        <span className="indicator-name">{shortName}</span>
        <span className="indicator-value">
          {shown}
          {badMark}
        </span>
      </div>
      <div className="indicator-bar">
        <div className="indicator-normal" style={{ left: `${scale.normal.from}%`, width: `${scale.normal.to - scale.normal.from}%` }} />
        {scale.limits.map((limit) => (
          <div key={limit.name} className={`indicator-limit limit-${limit.name}`} style={{ left: `${limit.at}%` }} />
        ))}
        {value !== undefined ? <div className="indicator-marker" style={{ left: `${percentOf(tag, value)}%` }} /> : null}
      </div>
      <div className="indicator-scale">
        <span>{tag.euRange.low}</span>
        <span>
          {tag.euRange.high} {tag.unit}
        </span>
      </div>
    </div>
  )
}
