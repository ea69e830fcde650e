import { describe, expect, it } from 'vitest'
import type { TagInfo } from '../../../../shared/domain'
import { searchTags } from './tagSearch'

const tag = (name: string, equipment: string, description?: string): TagInfo => ({ name, equipment, description }) as TagInfo

describe('searchTags', () => {
  const tags = [tag('CV-101.Vibration', 'CV-101', 'Drive-end bearing vibration'), tag('CV-101.Power', 'CV-101'), tag('P-301.Flow', 'P-301', 'Discharge flow'), tag('P-301.Vibration', 'P-301')]

  it('matches every word in name, description or equipment, names first, case-insensitively', () => {
    expect(searchTags(tags, 'vibration', 10).map((t) => t.name)).toEqual(['CV-101.Vibration', 'P-301.Vibration'])
    expect(searchTags(tags, 'BEARING', 10).map((t) => t.name)).toEqual(['CV-101.Vibration'])
    expect(searchTags(tags, 'p-301 flow', 10).map((t) => t.name)).toEqual(['P-301.Flow'])
    expect(searchTags(tags, 'discharge', 10).map((t) => t.name)).toEqual(['P-301.Flow'])
    expect(searchTags(tags, 'nothing like it', 10)).toEqual([])
  })

  it('lists the first tags when the search is empty, and never more than the limit', () => {
    expect(searchTags(tags, '  ', 2).map((t) => t.name)).toEqual(['CV-101.Vibration', 'CV-101.Power'])
    expect(searchTags(tags, 'v', 1)).toHaveLength(1)
  })
})
