import type { TagInfo } from '../../../../shared/domain'

/** Geometry of an analog indicator in percent of the tag's EU range, clamped to the bar. */
export interface IndicatorScale {
  /** Normal band: between L and H (or the range ends where a limit is missing). */
  normal: { from: number; to: number }
  /** Positions of the configured limits. */
  limits: { name: 'HH' | 'H' | 'L' | 'LL'; at: number }[]
}

export function percentOf(tag: Pick<TagInfo, 'euRange'>, value: number): number {
  const { low, high } = tag.euRange
  return Math.min(100, Math.max(0, ((value - low) / (high - low)) * 100))
}

export function indicatorScale(tag: Pick<TagInfo, 'euRange' | 'limits'>): IndicatorScale {
  const { limits } = tag
  const from = percentOf(tag, limits.L ?? limits.LL ?? tag.euRange.low)
  const to = percentOf(tag, limits.H ?? limits.HH ?? tag.euRange.high)
  return {
    normal: { from, to },
    limits: (['LL', 'L', 'H', 'HH'] as const).flatMap((name) => {
      const v = limits[name]
      return v === undefined ? [] : [{ name, at: percentOf(tag, v) }]
    })
  }
}
