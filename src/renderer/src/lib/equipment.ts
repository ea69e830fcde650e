import type { TagInfo } from '../../../shared/domain'

/** Equipment names in tag-map order, each once. */
export function equipmentNames(tags: readonly TagInfo[]): string[] {
  return [...new Set(tags.map((tag) => tag.equipment))]
}

export const tagsOf = (tags: readonly TagInfo[], equipment: string | null): TagInfo[] =>
  equipment === null ? [] : tags.filter((tag) => tag.equipment === equipment)

/** Tags that make sense as a line on a trend or a bar on an indicator. */
export const isAnalog = (tag: TagInfo): boolean => tag.signal !== 'state'
