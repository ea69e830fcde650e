import { useId, useState } from 'react'
import type { TagInfo } from '../../../../shared/domain'
import { MAX_PENS } from './pens'
import { searchTags } from './tagSearch'

/** Beyond this many tags a checkbox list stops being usable (and costs a load test dearly). */
const MAX_LISTED_TAGS = 24

interface TagPickerProps {
  /** Every tag of the plant: any of them can be a pen. */
  tags: readonly TagInfo[]
  /** Listed when nothing is searched: the selected unit's tags. */
  unitTags: readonly TagInfo[]
  selected: readonly string[]
  onChange(names: string[]): void
}

/**
 * The trend's pens: a search over every tag (name, description, equipment) and
 * checkboxes, at most {@link MAX_PENS} checked. Without a search it lists the unit's
 * tags; the chosen pens stay listed whatever the search. Enter in the search box adds
 * (or removes) the first match. Alt+T focuses the search.
 */
export function TagPicker({ tags, unitTags, selected, onChange }: TagPickerProps) {
  const [query, setQuery] = useState('')
  const id = useId()
  const full = selected.length >= MAX_PENS
  const matches = query.trim() ? searchTags(tags, query, MAX_LISTED_TAGS) : unitTags.slice(0, MAX_LISTED_TAGS)
  const chosen = selected.flatMap((name) => tags.filter((tag) => tag.name === name))
  const listed = [...chosen.filter((tag) => !matches.includes(tag)), ...matches]
  const toggle = (name: string, on: boolean): void => {
    if (on && full) return
    onChange(on ? [...selected.filter((n) => n !== name), name] : selected.filter((n) => n !== name))
  }
  const total = query.trim() ? searchTags(tags, query, Number.MAX_SAFE_INTEGER).length : unitTags.length
  return (
    <fieldset className="tag-picker">
      <legend>Trend pens</legend>
      <input
        type="search"
        className="tag-search"
        aria-label="Find a tag"
        aria-describedby={`${id}-hint`}
        placeholder="Find a tag: name, description, equipment"
        value={query}
        data-shortcut="trend-pens"
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => {
          const first = matches[0]
          if (event.key !== 'Enter' || !query.trim() || !first) return
          event.preventDefault()
          toggle(first.name, !selected.includes(first.name))
        }}
      />
      <span id={`${id}-hint`} className="muted" role="status">
        {query.trim() ? `${total} matching` : `unit tags`}
        {total > matches.length ? `, first ${matches.length} shown` : ''} · {selected.length} of {MAX_PENS} pens
      </span>
      {tags.length === 0 ? <span className="muted">No tags</span> : null}
      {listed.map((tag) => {
        const checked = selected.includes(tag.name)
        const detail = [tag.equipment, tag.description].filter(Boolean).join(' · ')
        return (
          <span key={tag.name} className="tag-choice">
            <label title={detail}>
              <input
                type="checkbox"
                checked={checked}
                disabled={!checked && full}
                aria-describedby={detail ? `${id}-${tag.index}` : undefined}
                onChange={(event) => toggle(tag.name, event.target.checked)}
              />
              {tag.name}
            </label>
            {query.trim() && detail ? (
              <span id={`${id}-${tag.index}`} className="muted tag-detail">
                {detail}
              </span>
            ) : (
              <span id={`${id}-${tag.index}`} hidden>
                {detail}
              </span>
            )}
          </span>
        )
      })}
    </fieldset>
  )
}
