import type { EquipmentInfo, TagInfo } from '../../../../shared/domain'
import { isAnalog } from '../../lib/equipment'

/** One area of the plant (ISA-101 level 1 groups the overview by these), in tag-map order. */
export interface AreaGroup {
  name: string
  equipment: EquipmentInfo[]
}

/** Where a machine goes whose tag map names no area. */
export const UNASSIGNED_AREA = 'Unassigned'

/**
 * The site › area › equipment hierarchy: areas in the order their first machine appears,
 * machines in tag-map order. A machine with tags but no `equipment:list` entry (an older
 * host, or the list not in yet) still gets a tile, in {@link UNASSIGNED_AREA}.
 */
export function plantAreas(equipment: readonly EquipmentInfo[], tags: readonly TagInfo[]): AreaGroup[] {
  const known = new Map(equipment.map((e) => [e.name, e]))
  const all = [...equipment]
  for (const tag of tags) {
    if (!known.has(tag.equipment)) {
      const added: EquipmentInfo = { name: tag.equipment }
      known.set(tag.equipment, added)
      all.push(added)
    }
  }
  const areas = new Map<string, AreaGroup>()
  for (const e of all) {
    const name = e.area ?? UNASSIGNED_AREA
    let group = areas.get(name)
    if (!group) {
      group = { name, equipment: [] }
      areas.set(name, group)
    }
    group.equipment.push(e)
  }
  return [...areas.values()]
}

/** Tags of each machine, in tag-map order, built once per tag list. */
export function tagsByEquipment(tags: readonly TagInfo[]): Map<string, TagInfo[]> {
  const out = new Map<string, TagInfo[]>()
  for (const tag of tags) {
    const list = out.get(tag.equipment)
    if (list) list.push(tag)
    else out.set(tag.equipment, [tag])
  }
  return out
}

/** Most key values on a tile: more would not read at a glance. */
export const MAX_KEY_VALUES = 4

/**
 * Signals an operator reads first on a machine, most telling first (condition before duty):
 * vibration and temperatures show wear, pressure and level show the process, current the load.
 */
const SIGNAL_ORDER = ['vibration', 'temperature', 'pressure', 'level', 'current', 'flow', 'speed', 'power', 'voltage', 'ratio', 'other']

/**
 * The values a tile shows: analog health tags with alarm limits first (what the operator must
 * keep in band), by {@link SIGNAL_ORDER}, then the rest; counters that only grow (energy) say
 * nothing at a glance and are left out.
 */
export function keyTags(tags: readonly TagInfo[], max = MAX_KEY_VALUES): TagInfo[] {
  const analog = tags.filter((tag) => isAnalog(tag) && tag.signal !== 'energy')
  const hasLimits = (tag: TagInfo): boolean => Object.keys(tag.limits).length > 0
  const order = (tag: TagInfo): number => {
    const at = SIGNAL_ORDER.indexOf(tag.signal)
    return at < 0 ? SIGNAL_ORDER.length : at
  }
  const rank = (tag: TagInfo): number => (tag.role === 'context' ? 2 : hasLimits(tag) ? 0 : 1) * 100 + order(tag)
  return analog
    .map((tag, i) => ({ tag, key: rank(tag) * 1e6 + i }))
    .sort((a, b) => a.key - b.key)
    .slice(0, max)
    .map(({ tag }) => tag)
}

/** The machine's running feedback (a state tag named or described as running), if it has one. */
export function runningTag(tags: readonly TagInfo[]): TagInfo | undefined {
  const states = tags.filter((tag) => tag.signal === 'state')
  return states.find((tag) => /run/i.test(tag.name) || /run/i.test(tag.description ?? '')) ?? states[0]
}

/** One screen of the overview: a whole small plant, or one area (or a part of a large one). */
export interface OverviewPage {
  /** Null on the single page of a plant that fits one screen. */
  area: string | null
  /** 1-based page within the area, and how many the area has. */
  page: number
  pages: number
  areas: AreaGroup[]
}

/**
 * Pages of the overview. A plant with at most `tilesPerScreen` machines is one page with every
 * area on it; a larger site pages by area, and an area larger than a screen over several pages,
 * so one screen never scrolls and never renders thousands of tiles.
 */
export function overviewPages(areas: readonly AreaGroup[], tilesPerScreen: number): OverviewPage[] {
  if (!(tilesPerScreen >= 1)) throw new Error(`overviewPages: tilesPerScreen must be at least 1, got ${tilesPerScreen}`)
  const total = areas.reduce((n, area) => n + area.equipment.length, 0)
  if (total <= tilesPerScreen) return [{ area: null, page: 1, pages: 1, areas: [...areas] }]
  return areas.flatMap((area) => {
    const pages = Math.max(1, Math.ceil(area.equipment.length / tilesPerScreen))
    return Array.from({ length: pages }, (_, i) => ({
      area: area.name,
      page: i + 1,
      pages,
      areas: [{ name: area.name, equipment: area.equipment.slice(i * tilesPerScreen, (i + 1) * tilesPerScreen) }]
    }))
  })
}

/**
 * The page a route asks for. On a plant that fits one screen an area is that page with only
 * the area on it; an unknown area or page gives the first page of the area, else of the plant.
 */
export function pickPage(pages: readonly OverviewPage[], area: string | undefined, page: number | undefined): OverviewPage | undefined {
  const whole = pages.length === 1 && pages[0]!.area === null ? pages[0]! : undefined
  if (whole && area !== undefined) {
    const only = whole.areas.filter((a) => a.name === area)
    return only.length > 0 ? { area, page: 1, pages: 1, areas: only } : whole
  }
  const ofArea = area === undefined ? pages : pages.filter((p) => p.area === area)
  return ofArea.find((p) => p.page === (page ?? 1)) ?? ofArea[0] ?? pages[0]
}

/** The area of a machine, for the breadcrumb. */
export function areaOf(equipment: readonly EquipmentInfo[], name: string): string {
  return equipment.find((e) => e.name === name)?.area ?? UNASSIGNED_AREA
}

/** What the overview draws of a tag list: its areas, and each machine's key tags and running feedback. */
export interface OverviewLayout {
  areas: AreaGroup[]
  keys: Map<string, TagInfo[]>
  running: Map<string, TagInfo | undefined>
}

let lastLayout: { tags: readonly TagInfo[]; equipment: readonly EquipmentInfo[]; layout: OverviewLayout } | undefined

/**
 * The overview's layout of `tags` and `equipment`, kept for the last pair of lists: the lists
 * change with the tag map, not with each visit to the overview, and a 10,000-tag site took
 * 25-45 ms of every return to it to lay out again.
 */
export function overviewLayout(tags: readonly TagInfo[], equipment: readonly EquipmentInfo[]): OverviewLayout {
  if (lastLayout?.tags === tags && lastLayout.equipment === equipment) return lastLayout.layout
  const byEquipment = tagsByEquipment(tags)
  const layout: OverviewLayout = {
    areas: plantAreas(equipment, tags),
    keys: new Map([...byEquipment].map(([name, list]) => [name, keyTags(list)])),
    running: new Map([...byEquipment].map(([name, list]) => [name, runningTag(list)]))
  }
  lastLayout = { tags, equipment, layout }
  return layout
}
