import type { TagInfo } from '../../../../shared/domain'

/**
 * Tags matching a search: every word of `query` (case-insensitive) must appear in the
 * tag's name, description or equipment. Name matches come first, then tag-map order.
 */
export function searchTags(tags: readonly TagInfo[], query: string, limit: number): TagInfo[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  if (words.length === 0) return tags.slice(0, limit)
  const hits: { tag: TagInfo; byName: boolean }[] = []
  for (const tag of tags) {
    const name = tag.name.toLowerCase()
    const text = `${name} ${(tag.description ?? '').toLowerCase()} ${tag.equipment.toLowerCase()}`
    if (words.every((word) => text.includes(word))) hits.push({ tag, byName: words.every((word) => name.includes(word)) })
  }
  // A stable sort keeps tag-map order within each group.
  return hits
    .sort((a, b) => Number(b.byName) - Number(a.byName))
    .slice(0, limit)
    .map((hit) => hit.tag)
}
