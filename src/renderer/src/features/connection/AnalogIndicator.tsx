import type { AlarmPriority, TagHealth, TagInfo } from '../../../../shared/domain'
import { formatValue } from '../../lib/format'
import { latestReading } from '../../lib/latestReading'
import type { SampleStore } from '../../lib/sampleStore'
import { indicatorScale, percentOf } from './indicatorScale'
import { healthNote } from './healthText'
import { useTagSeries } from '../../lib/useTagSeries'

interface AnalogIndicatorProps {
  tag: TagInfo
  samples: SampleStore
  /** Priority of the tag's active alarm; the indicator stays grey without one. */
  alarmPriority: AlarmPriority | undefined
  /** Why the tag has no or doubtful values; undefined or good: nothing to say. */
  health?: TagHealth | undefined
}

/**
 * ISA-101 analog indicator: a grey bar over the EU range with the normal band
 * (L to H) lighter and a value marker. Only this component re-renders when the
 * tag's value changes.
 */
export function AnalogIndicator({ tag, samples, alarmPriority, health }: AnalogIndicatorProps) {
  const { value, good, time } = latestReading(useTagSeries(samples, tag.index))
  const shortName = tag.name.startsWith(`${tag.equipment}.`) ? tag.name.slice(tag.equipment.length + 1) : tag.name
  const alarmClass = alarmPriority ? ` in-alarm alarm-p${alarmPriority}` : ''
  const note = healthNote(health)
  const bad = time !== undefined && !good
  const staleClass = bad || note?.level === 'error' ? ' stale' : ''
  const healthMark = note ? (
    <>
      {' '}
      <abbr className={`health-${note.level}`} title={note.detail}>
        {note.label}
      </abbr>
    </>
  ) : null
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
          {value === undefined ? (bad || note ? '' : 'no data') : value >= 0.5 ? 'On' : 'Off'}
          {badMark}
          {healthMark}
        </span>
      </div>
    )
  }

  const scale = indicatorScale(tag)
  const shown = value === undefined ? (note?.level === 'error' ? '' : 'no data') : formatValue(value, tag.euRange, tag.unit)
  const quality = bad ? `${shown}, bad quality` : shown
  const text = note ? `${quality}${quality ? ', ' : ''}${note.label}: ${note.detail}` : quality
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
          {healthMark}
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
