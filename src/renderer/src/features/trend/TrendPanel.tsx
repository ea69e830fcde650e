import { useCallback, useEffect, useMemo, useState } from 'react'
import type { ContractClient } from '../../../../shared/contract'
import type { MaintenanceEntry, TagInfo } from '../../../../shared/domain'
import type { SampleStore } from '../../lib/sampleStore'
import type { ReadableStore } from '../../lib/store'
import { HistorianDisk } from './HistorianDisk'
import { PenSetPicker } from './PenSetPicker'
import { defaultPens, MAX_PENS } from './pens'
import { TagPicker } from './TagPicker'
import type { QueryHistory } from './historyLoader'
import { TrendChart, type TrendChartProps } from './TrendChart'
import { derivedMarkers, maintenanceMarkers, mergedMarkers, type TimeMarker } from './timeMarkers'
import type { TimeRange } from './trendRange'

interface TrendPanelProps {
  equipment: string | null
  /** Tags of `equipment`: the default pens, and what the picker lists before a search. */
  tags: readonly TagInfo[]
  /** Every tag of the plant: any can be added as a pen. */
  allTags: readonly TagInfo[]
  samples: SampleStore
  /** Asked for the pens' history (`history:query`). */
  client: ContractClient
  /** Told the pens' tag indexes whenever the set changes, so their history can be loaded. */
  onPensChange(tagIndexes: number[]): void
  /** The maintenance log: its entries for the pens' equipment are markers on the time axis. */
  maintenance: ReadableStore<MaintenanceEntry[]>
  /** Further markers (the alarm journal's raise, acknowledge and return), already in marker form. */
  extraMarkers?: ReadableStore<readonly TimeMarker[]> | undefined
  /** Told the pens' tag names and the shown range whenever either changes, so `extraMarkers` can follow them. */
  onShownChange?: ((tags: readonly string[], range: TimeRange) => void) | undefined
  /** Opens an alarm marker's alarm (in the alarm summary), at the marker's time. */
  onOpenAlarm?: ((alarmId: string, at: number) => void) | undefined
}

/**
 * Trend of the selected unit; by default its health signals (see {@link defaultPens}). Remount it (key)
 * when the unit changes, and pass a memoised `tags` so the chart is not rebuilt.
 */
export function TrendPanel({ equipment, tags, allTags, samples, client, onPensChange, maintenance, extraMarkers, onShownChange, onOpenAlarm }: TrendPanelProps) {
  const [chosen, setChosen] = useState<string[] | null>(null)
  const [bandName, setBandName] = useState<string | null>(null)
  const names = chosen ?? defaultPens(tags)
  const penKey = names.join('|')
  // Same pen names, same objects: the chart keeps its uPlot instance until the set changes.
  const pens = useMemo(
    () => (penKey ? penKey.split('|') : []).flatMap((name) => allTags.filter((tag) => tag.name === name)),
    [penKey, allTags]
  )
  useEffect(() => {
    onPensChange(pens.map((pen) => pen.index))
  }, [pens, onPensChange])
  const bandIndex = Math.max(0, pens.findIndex((pen) => pen.name === bandName))
  const equipmentKey = [...new Set(pens.map((pen) => pen.equipment))].sort().join('|')
  const markers = useMemo(() => {
    const shown = new Set(equipmentKey.split('|'))
    const log = derivedMarkers(maintenance, (entries) => maintenanceMarkers(entries, shown))
    return extraMarkers ? mergedMarkers([log, extraMarkers]) : log
  }, [equipmentKey, maintenance, extraMarkers])
  const queryHistory = useCallback<QueryHistory>(
    (input, signal) => (signal && client.invokeAbortable ? client.invokeAbortable('history:query', input, signal) : client.invoke('history:query', input)),
    [client]
  )
  const onBackfilled = useCallback<TrendChartProps['onBackfilled']>((listener) => client.on('history:backfilled', listener), [client])
  return (
    <section className="panel trend-panel" aria-labelledby="trend-title">
      <div className="trend-head">
        <h2 id="trend-title" className="panel-title">
          Trend{equipment ? ` — ${equipment}` : ''}
        </h2>
        <label className="scale-picker" title="The pen whose alarm limits the trend draws as bands; pens of one unit share a y-axis">
          Alarm bands of
          <select value={pens[bandIndex]?.name ?? ''} onChange={(event) => setBandName(event.target.value)} disabled={pens.length === 0}>
            {pens.map((pen) => (
              <option key={pen.name} value={pen.name}>
                {pen.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <TagPicker tags={allTags} unitTags={tags} selected={names} onChange={setChosen} />
      <PenSetPicker
        client={client}
        pens={names}
        onLoad={(saved) => setChosen(saved.filter((name) => allTags.some((tag) => tag.name === name)).slice(0, MAX_PENS))}
      />
      <HistorianDisk client={client} />
      <TrendChart
        key={`${penKey}#${bandIndex}`}
        pens={pens}
        bandIndex={bandIndex}
        samples={samples}
        queryHistory={queryHistory}
        onBackfilled={onBackfilled}
        markers={markers}
        onRangeChange={onShownChange && ((range) => onShownChange(names, range))}
        onOpenAlarm={onOpenAlarm}
      />
    </section>
  )
}
