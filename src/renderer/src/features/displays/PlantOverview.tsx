import { useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'react'
import { createNearWatcher, NearWatcherContext } from '../../lib/useNearViewport'
import type { Alarm, TagHealth, TagInfo } from '../../../../shared/domain'
import type { SampleStore } from '../../lib/sampleStore'
import type { ReadableStore } from '../../lib/store'
import { useStore } from '../../lib/useStore'
import type { DisplayData } from './displayData'
import { alarmStatusByEquipment, noAlarms } from './equipmentStatus'
import { EquipmentTile } from './EquipmentTile'
import { overviewLayout, overviewPages, pickPage, type OverviewPage } from './plantLayout'
import { formatRoute } from './route'
import type { SparklineLoader } from './sparklines'

/**
 * Tiles on one overview screen: six columns of three rows at 1920×1080 under the alarm
 * banner. A site with more machines pages by area.
 */
export const OVERVIEW_TILES_PER_SCREEN = 18

/** Height (px) of the tallest drawn tile, as the overview last measured it (see --tile-height). */
let drawnTileHeight: number | undefined

export interface PlantOverviewProps {
  tags: ReadableStore<TagInfo[]>
  alarms: ReadableStore<Alarm[]>
  health: ReadableStore<TagHealth[]>
  samples: SampleStore
  data: DisplayData
  sparklines: SparklineLoader
  area: string | undefined
  page: number | undefined
  tilesPerScreen?: number | undefined
  onOpenEquipment(name: string): void
  onOpenArea(area: string, page: number): void
}

/** ISA-101 level 1: every machine of the plant (or of one area) at a glance, grouped by area. */
export function PlantOverview(props: PlantOverviewProps) {
  const { samples, data, sparklines, onOpenEquipment, onOpenArea } = props
  const tags = useStore(props.tags)
  const alarms = useStore(props.alarms)
  const health = useStore(props.health)
  const equipment = useStore(data.equipment)
  const learned = useStore(data.learned)
  const workOrders = useStore(data.openWorkOrders)
  const sparks = useStore(sparklines.series)
  const { areas, keys, running } = overviewLayout(tags, equipment)
  const pages = useMemo(() => overviewPages(areas, props.tilesPerScreen ?? OVERVIEW_TILES_PER_SCREEN), [areas, props.tilesPerScreen])
  const page = pickPage(pages, props.area, props.page)
  const status = useMemo(() => alarmStatusByEquipment(alarms), [alarms])

  const sparkTags = useMemo(
    () => (page?.areas ?? []).flatMap((area) => area.equipment.flatMap((e) => keys.get(e.name)?.slice(0, 1).map((t) => t.name) ?? [])),
    [page, keys]
  )
  useEffect(() => sparklines.want(sparkTags), [sparklines, sparkTags])
  // Tiles far from the overview's visible part leave out their values (a 500-machine page).
  const nearWatcher = useMemo(createNearWatcher, [])
  const root = useRef<HTMLElement | null>(null)
  const setRoot = useCallback(
    (element: HTMLElement | null) => {
      root.current = element
      nearWatcher.setRoot(element)
    },
    [nearWatcher]
  )
  // A tile without its values keeps the height of a drawn one (--tile-height, measured on the
  // tiles drawn in the first frame), so tiles drawn as they come near never push the one the
  // operator scrolled to out of view. The height found last time is set before the
  // measurement reads the layout: a return to the overview lays its 500 tiles out once.
  useLayoutEffect(() => {
    const element = root.current
    if (!element) return
    const setHeight = (px: number): void => element.style.setProperty('--tile-height', `${px}px`)
    if (drawnTileHeight) setHeight(drawnTileHeight)
    let tallest = 0
    for (const values of element.querySelectorAll('.tile-values')) tallest = Math.max(tallest, (values.parentElement as HTMLElement).offsetHeight)
    if (tallest > 0 && tallest !== drawnTileHeight) setHeight((drawnTileHeight = tallest))
  }, [page])
  // Each area's first tile's place on the page: the first two screenfuls draw in the first frame.
  const firstOfArea = useMemo(() => {
    let n = 0
    return (page?.areas ?? []).map((area) => (n += area.equipment.length) - area.equipment.length)
  }, [page])

  if (!page || tags.length === 0) {
    return (
      <section className="overview" aria-label="Plant overview">
        <p className="muted">Waiting for the tag list…</p>
      </section>
    )
  }
  return (
    <section ref={setRoot} className="overview" aria-label="Plant overview">
      {pages.length > 1 ? <AreaPager pages={pages} current={page} status={status} onOpenArea={onOpenArea} /> : null}
      <NearWatcherContext.Provider value={nearWatcher}>
        <div className="overview-areas">
          {page.areas.map((area, areaIndex) => (
            <section key={area.name} className="area-group" aria-label={`Area ${area.name}`}>
              <h2 className="area-title">
                {area.name}
                {page.pages > 1 ? <span className="muted"> · page {page.page} of {page.pages}</span> : null}
              </h2>
              <div className="tile-grid">
                {area.equipment.map((info, i) => (
                  <EquipmentTile
                    eager={firstOfArea[areaIndex]! + i < 2 * OVERVIEW_TILES_PER_SCREEN}
                    key={info.name}
                    info={info}
                    keyTags={keys.get(info.name) ?? []}
                    running={running.get(info.name)}
                    samples={samples}
                    status={status.get(info.name) ?? noAlarms()}
                    learned={learned.get(info.name)}
                    health={health}
                    spark={sparks.get(keys.get(info.name)?.[0]?.name ?? '')}
                    workOrders={workOrders ? (workOrders.get(info.name) ?? 0) : undefined}
                    onOpen={onOpenEquipment}
                  />
                ))}
              </div>
            </section>
          ))}
        </div>
      </NearWatcherContext.Provider>
    </section>
  )
}

/** The pages of a large site, one per area (or per screenful of a large area), each with its alarm count. */
function AreaPager({
  pages,
  current,
  status,
  onOpenArea
}: {
  pages: readonly OverviewPage[]
  current: OverviewPage
  status: ReturnType<typeof alarmStatusByEquipment>
  onOpenArea(area: string, page: number): void
}) {
  return (
    <nav className="area-pager" aria-label="Areas">
      {pages.map((p) => {
        const name = p.pages > 1 ? `${p.area} ${p.page}/${p.pages}` : (p.area ?? 'Plant')
        const machines = p.areas.flatMap((a) => a.equipment)
        const unack = machines.reduce((n, e) => n + (status.get(e.name)?.unacknowledged ?? 0), 0)
        const here = p === current
        return (
          <a
            key={name}
            className={`area-link${here ? ' current' : ''}${unack > 0 ? ' has-unacknowledged' : ''}`}
            href={formatRoute({ display: 'overview', area: p.area ?? undefined, page: p.page })}
            aria-current={here ? 'page' : undefined}
            onClick={(event) => {
              event.preventDefault()
              if (p.area !== null) onOpenArea(p.area, p.page)
            }}
          >
            {name}
            <span className="area-count">
              {machines.length}
              {unack > 0 ? ` · ${unack} unack.` : ''}
            </span>
          </a>
        )
      })}
    </nav>
  )
}
