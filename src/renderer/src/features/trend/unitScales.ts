import type { TagInfo } from '../../../../shared/domain'

/** More y-axes than this leave no room for the lines. */
export const MAX_UNIT_AXES = 4

export const unitScaleKey = (unit: string): string => `unit:${unit}`

/** One y-scale per unit, spanning the EU ranges of all its pens, in pen order. */
export interface UnitScale {
  unit: string
  key: string
  low: number
  high: number
  /** Whether it gets a drawn axis (the first {@link MAX_UNIT_AXES} units do). */
  axis: boolean
}

/**
 * Pens with the same unit share a scale (and an axis); each unit gets its own.
 * Ranges are fixed from the EU ranges, so lines never jump as data arrives.
 */
export function unitScales(pens: readonly TagInfo[]): UnitScale[] {
  const scales: UnitScale[] = []
  for (const pen of pens) {
    const found = scales.find((s) => s.unit === pen.unit)
    if (found) {
      found.low = Math.min(found.low, pen.euRange.low)
      found.high = Math.max(found.high, pen.euRange.high)
    } else {
      scales.push({ unit: pen.unit, key: unitScaleKey(pen.unit), low: pen.euRange.low, high: pen.euRange.high, axis: scales.length < MAX_UNIT_AXES })
    }
  }
  return scales
}
