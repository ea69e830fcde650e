import type { AlarmPriority, TagHealth, TagInfo } from '../../../../shared/domain'
import { formatValue } from '../../lib/format'
import type { SampleStore } from '../../lib/sampleStore'
import { useTagSeries } from '../../lib/useTagSeries'
import { indicatorScale, percentOf } from '../connection/indicatorScale'
import { tagQuality } from './quality'

interface MiniIndicatorProps {
  tag: TagInfo
  samples: SampleStore
  /** Priority of the tag's alarm that holds now; grey without one. */
  alarmPriority: AlarmPriority | undefined
  health: TagHealth | undefined
  /**
   * Whether to follow live values (default true). Off screen an indicator holds its last
   * drawing and costs nothing per update; it catches up when it follows again.
   */
  live?: boolean | undefined
}

export const shortTagName = (tag: Pick<TagInfo, 'name' | 'equipment'>): string =>
  tag.name.startsWith(`${tag.equipment}.`) ? tag.name.slice(tag.equipment.length + 1) : tag.name

/**
 * A one-line analog indicator for tiles and tables: name, a bar over the EU range with the
 * normal band (L to H) and the limits, the value. A value its source doubts is marked
 * UNCERT, a stale one shown hatched with STALE, a bad one greyed with BAD, each with its
 * reason on hover and in the accessible text.
 */
export function MiniIndicator({ tag, samples, alarmPriority, health, live = true }: MiniIndicatorProps) {
  const quality = tagQuality(useTagSeries(samples, tag.index, live), health)
  const scale = indicatorScale(tag)
  const shown = quality.value === undefined ? '—' : formatValue(quality.value, tag.euRange, tag.unit)
  const text = quality.kind === 'good' ? shown : `${shown}, ${quality.mark || 'no value'}: ${quality.reason}`
  const alarmClass = alarmPriority ? ` in-alarm alarm-p${alarmPriority}` : ''
  return (
    <div
      className={`mini-indicator quality-${quality.kind}${alarmClass}`}
      role="meter"
      aria-label={tag.name}
      aria-valuemin={tag.euRange.low}
      aria-valuemax={tag.euRange.high}
      aria-valuenow={quality.value}
      aria-valuetext={text}
      title={`${tag.description ?? tag.name}\n${quality.kind === 'good' ? shown : text}`}
    >
      <span className="mini-name">{shortTagName(tag)}</span>
      <span className="mini-bar" aria-hidden="true">
        <span className="mini-normal" style={{ left: `${scale.normal.from}%`, width: `${scale.normal.to - scale.normal.from}%` }} />
        {scale.limits.map((limit) => (
          <span key={limit.name} className={`mini-limit limit-${limit.name}`} style={{ left: `${limit.at}%` }} />
        ))}
        {quality.value !== undefined ? <span className="mini-marker" style={{ left: `${percentOf(tag, quality.value)}%` }} /> : null}
      </span>
      <span className="mini-value numeric">
        {shown}
        {quality.mark ? <abbr className="quality-mark" title={quality.reason}>{quality.mark}</abbr> : null}
      </span>
    </div>
  )
}
