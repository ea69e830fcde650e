import type { TagInfo } from '../../../../shared/domain'
import { MAX_PENS } from './pens'

/** Beyond this many tags a checkbox list stops being usable (and costs a load test dearly). */
const MAX_LISTED_TAGS = 24

interface TagPickerProps {
  tags: readonly TagInfo[]
  selected: readonly string[]
  onChange(names: string[]): void
}

/** Checkboxes for the pens of the trend, in tag-map order, at most {@link MAX_PENS}. */
export function TagPicker({ tags, selected, onChange }: TagPickerProps) {
  const full = selected.length >= MAX_PENS
  const listed = tags.filter((tag, i) => i < MAX_LISTED_TAGS || selected.includes(tag.name))
  const toggle = (name: string, on: boolean): void => {
    const next = new Set(selected)
    if (on) next.add(name)
    else next.delete(name)
    onChange(tags.map((tag) => tag.name).filter((n) => next.has(n)))
  }
  return (
    <fieldset className="tag-picker">
      <legend>Trend pens</legend>
      {tags.length === 0 ? <span className="muted">No tags</span> : null}
      {listed.map((tag, i) => {
        const checked = selected.includes(tag.name)
        return (
          <label key={tag.name} title={tag.description}>
            <input
              type="checkbox"
              checked={checked}
              disabled={!checked && full}
              data-shortcut={i === 0 ? 'trend-pens' : undefined}
              onChange={(event) => toggle(tag.name, event.target.checked)}
            />
            {tag.name}
          </label>
        )
      })}
      {tags.length > listed.length ? <span className="muted">first {MAX_LISTED_TAGS} of {tags.length} tags</span> : null}
    </fieldset>
  )
}
