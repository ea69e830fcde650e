import type { AlarmPriority, TagHealth, TagInfo } from '../../../../shared/domain'
import type { SampleStore } from '../../lib/sampleStore'
import { MiniIndicator } from './MiniIndicator'
import { tagQuality } from './quality'
import { TableHead } from '../../lib/TableHead'
import { useTagSeries } from '../../lib/useTagSeries'

const QUALITY_LABEL = { good: 'Good', uncertain: 'Uncertain', stale: 'Stale', bad: 'Bad', none: 'No value' } as const

interface TagTableProps {
  equipment: string
  tags: readonly TagInfo[]
  samples: SampleStore
  health: readonly TagHealth[]
  priorityOf(tag: string): AlarmPriority | undefined
  onOpenTag(tag: string): void
}

/** Every tag of a machine: its indicator, its quality with the reason, and a way to its faceplate. */
export function TagTable({ equipment, tags, samples, health, priorityOf, onOpenTag }: TagTableProps) {
  return (
    <section className="panel eq-tags" aria-label={`Tags of ${equipment}`}>
      <h3 className="panel-title">Tags</h3>
      <table className="tag-table">
        <TableHead columns={['Tag', 'Value', 'Quality']} />
        <tbody>
          {tags.map((tag) => (
            <TagRow key={tag.name} tag={tag} samples={samples} health={health[tag.index]} priority={priorityOf(tag.name)} onOpenTag={onOpenTag} />
          ))}
        </tbody>
      </table>
    </section>
  )
}

function TagRow({
  tag,
  samples,
  health,
  priority,
  onOpenTag
}: {
  tag: TagInfo
  samples: SampleStore
  health: TagHealth | undefined
  priority: AlarmPriority | undefined
  onOpenTag(tag: string): void
}) {
  const quality = tagQuality(useTagSeries(samples, tag.index), health)
  const state = tag.signal === 'state' ? (quality.value === undefined ? '—' : quality.value >= 0.5 ? 'On' : 'Off') : null
  return (
    <tr className={`tag-row quality-${quality.kind}`}>
      <td>
        <button type="button" className="tag-open" onClick={() => onOpenTag(tag.name)} title={tag.description} aria-haspopup="dialog">
          {tag.name}
        </button>
      </td>
      <td className="tag-value-cell">
        {state === null ? (
          <MiniIndicator tag={tag} samples={samples} alarmPriority={priority} health={health} />
        ) : (
          <span className="state-value" aria-label={`${tag.name}: ${state}`}>
            {state}
          </span>
        )}
      </td>
      <td className="tag-quality">
        <span className={`quality-label quality-${quality.kind}`}>{QUALITY_LABEL[quality.kind]}</span>
        {quality.kind === 'good' && health?.state !== 'warning' ? null : <span className="quality-reason">{quality.reason}</span>}
      </td>
    </tr>
  )
}
