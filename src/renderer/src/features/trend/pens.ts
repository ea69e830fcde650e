import type { TagInfo } from '../../../../shared/domain'
import { roleOf } from '../../../../shared/tagMap'
import { isAnalog } from '../../lib/equipment'

/**
 * Trend pens stay muted dark blues and greys (ISA-101): colour is reserved for
 * alarms. Dash patterns tell pens apart where hue does not.
 */
export const PEN_STYLES: readonly { colour: string; dash?: number[] }[] = [
  { colour: '#22406a' },
  { colour: '#3c3c3c', dash: [10, 4] },
  { colour: '#4f6d8a' },
  { colour: '#5e5e72', dash: [3, 3] },
  { colour: '#2f5560', dash: [10, 4] },
  { colour: '#6b6b6b' },
  { colour: '#3b4f7a', dash: [3, 3] },
  { colour: '#575048', dash: [10, 4, 3, 4] },
  // Beyond eight, the same muted hues come back with a second dash pattern.
  { colour: '#22406a', dash: [2, 6] },
  { colour: '#3c3c3c', dash: [6, 2, 2, 2] },
  { colour: '#4f6d8a', dash: [10, 4] },
  { colour: '#5e5e72' },
  { colour: '#2f5560', dash: [2, 6] },
  { colour: '#6b6b6b', dash: [6, 2, 2, 2] },
  { colour: '#3b4f7a' },
  { colour: '#575048', dash: [2, 6] }
]

/** The stream figure is 16 pens in one chart; each has its own style. */
export const MAX_PENS = PEN_STYLES.length

/** A calm default: more pens than this and an operator stops reading any of them. */
export const DEFAULT_PENS = 4

/**
 * The pens a trend opens with: the machine's analog health signals first (what wears and
 * fails: temperature, vibration, level…), then its context (speed, flow), each in tag-map
 * order, at most {@link DEFAULT_PENS}.
 */
export function defaultPens(tags: readonly TagInfo[]): string[] {
  const analog = tags.filter(isAnalog)
  return [...analog.filter((t) => roleOf(t) === 'health'), ...analog.filter((t) => roleOf(t) === 'context')].slice(0, DEFAULT_PENS).map((t) => t.name)
}

export const penStyle = (i: number): { colour: string; dash?: number[] } => PEN_STYLES[i % PEN_STYLES.length]!

export const scaleKey = (i: number): string => `pen${i}`

/** Raw history put into the live rings when a pen is added (about what a ring holds at 10 Hz); the trend's older past comes decimated. */
export const TREND_WINDOW_MS = 3 * 60_000
