import { describe, expect, it } from 'vitest'
import type { EquipmentInfo, TagInfo } from '../../../../shared/domain'
import { keyTags, overviewLayout, overviewPages, pickPage, plantAreas, runningTag, UNASSIGNED_AREA } from './plantLayout'

const tag = (name: string, equipment: string, extra: Partial<TagInfo> = {}): TagInfo => ({
  name: `${equipment}.${name}`,
  nodeId: `ns=2;s=${equipment}.${name}`,
  equipment,
  signal: 'other',
  unit: '',
  euRange: { low: 0, high: 100 },
  limits: {},
  index: 0,
  ...extra
})

/** A generated site: `areas` areas of `perArea` machines with `tagsPer` tags each. */
function site(areas: number, perArea: number, tagsPer: number): { equipment: EquipmentInfo[]; tags: TagInfo[] } {
  const equipment: EquipmentInfo[] = []
  const tags: TagInfo[] = []
  for (let a = 0; a < areas; a++) {
    for (let e = 0; e < perArea; e++) {
      const name = `A${a}-M${e}`
      equipment.push({ name, area: `Area ${a}` })
      for (let t = 0; t < tagsPer; t++) tags.push({ ...tag(`T${t}`, name), index: tags.length })
    }
  }
  return { equipment, tags }
}

describe('plantAreas', () => {
  it('groups machines by area in tag-map order, and gives machines without an entry a tile', () => {
    const equipment: EquipmentInfo[] = [
      { name: 'CV-101', area: 'Conveying' },
      { name: 'DR-201', area: 'Drilling' },
      { name: 'CV-102', area: 'Conveying' }
    ]
    const tags = [tag('Speed', 'CV-101'), tag('Speed', 'XX-9')]
    const areas = plantAreas(equipment, tags)
    expect(areas.map((a) => [a.name, a.equipment.map((e) => e.name)])).toEqual([
      ['Conveying', ['CV-101', 'CV-102']],
      ['Drilling', ['DR-201']],
      [UNASSIGNED_AREA, ['XX-9']]
    ])
  })
})

describe('overviewPages', () => {
  it('puts a plant that fits one screen on one page with every area', () => {
    const { equipment, tags } = site(5, 2, 7)
    const pages = overviewPages(plantAreas(equipment, tags), 18)
    expect(pages).toHaveLength(1)
    expect(pages[0]!.area).toBeNull()
    expect(pages[0]!.areas).toHaveLength(5)
  })

  it('pages a 10,000-tag site by area, never more tiles than a screen holds, every machine once', () => {
    const { equipment, tags } = site(7, 72, 20)
    expect(tags.length).toBeGreaterThanOrEqual(10_000)
    const pages = overviewPages(plantAreas(equipment, tags), 18)
    const shown = pages.flatMap((p) => p.areas.flatMap((a) => a.equipment.map((e) => e.name)))
    expect(shown).toEqual(equipment.map((e) => e.name))
    expect(Math.max(...pages.map((p) => p.areas.reduce((n, a) => n + a.equipment.length, 0)))).toBeLessThanOrEqual(18)
    expect(pages.every((p) => p.areas.length === 1 && p.area === p.areas[0]!.name)).toBe(true)
    expect(pages.filter((p) => p.area === 'Area 3').map((p) => `${p.page}/${p.pages}`)).toEqual(['1/4', '2/4', '3/4', '4/4'])
  })

  it('refuses a screen that holds no tile', () => {
    expect(() => overviewPages([], 0)).toThrow(/tilesPerScreen must be at least 1, got 0/)
  })
})

describe('pickPage', () => {
  const { equipment, tags } = site(3, 30, 1)
  const pages = overviewPages(plantAreas(equipment, tags), 18)
  it('finds an area page, and falls back to the area first page or the plant first page', () => {
    expect(pickPage(pages, 'Area 1', 2)).toMatchObject({ area: 'Area 1', page: 2 })
    expect(pickPage(pages, 'Area 1', 9)).toMatchObject({ area: 'Area 1', page: 1 })
    expect(pickPage(pages, 'Nowhere', 1)).toBe(pages[0])
  })
  it('shows only the asked area on a plant that fits one screen', () => {
    const small = site(3, 2, 1)
    const one = overviewPages(plantAreas(small.equipment, small.tags), 18)
    expect(pickPage(one, 'Area 2', undefined)?.areas.map((a) => a.name)).toEqual(['Area 2'])
    expect(pickPage(one, undefined, undefined)?.areas).toHaveLength(3)
  })
})

describe('keyTags', () => {
  it('shows limited health signals first (vibration before temperature), leaves counters and states out, at most four', () => {
    const tags = [
      tag('Running', 'CV-101', { signal: 'state' }),
      tag('Speed', 'CV-101', { signal: 'speed', limits: { L: 1 } }),
      tag('Energy', 'CV-101', { signal: 'energy' }),
      tag('MotorTemp', 'CV-101', { signal: 'temperature', limits: { H: 90 } }),
      tag('Vibration', 'CV-101', { signal: 'vibration', limits: { H: 7 } }),
      tag('Load', 'CV-101', { signal: 'flow', role: 'context', limits: { H: 9 } }),
      tag('Current', 'CV-101', { signal: 'current' })
    ]
    expect(keyTags(tags).map((t) => t.name)).toEqual(['CV-101.Vibration', 'CV-101.MotorTemp', 'CV-101.Speed', 'CV-101.Current'])
    expect(runningTag(tags)?.name).toBe('CV-101.Running')
  })
})

describe('overviewLayout', () => {
  it('lays out a pair of lists once, and again when either list is a new one', () => {
    const { equipment, tags } = site(2, 3, 4)
    const layout = overviewLayout(tags, equipment)
    expect(layout.areas.map((a) => a.equipment.length)).toEqual([3, 3])
    expect(layout.keys.get('A0-M0')).toEqual(keyTags(tags.filter((t) => t.equipment === 'A0-M0')))
    expect(overviewLayout(tags, equipment)).toBe(layout)
    const fewer = tags.filter((t) => t.equipment !== 'A1-M2')
    expect(overviewLayout(fewer, equipment).keys.has('A1-M2')).toBe(false)
    expect(overviewLayout(fewer, equipment.slice(0, 5)).areas.map((a) => a.equipment.length)).toEqual([3, 2])
  })
})
