import { isGoodStatus } from '../../../shared/domain'
import type { SeriesView } from '../../../shared/sampleRing'

/** What an operator should see for a tag right now. */
export interface Reading {
  /** The newest finite value, even if quality has since gone bad; undefined before any. */
  value: number | undefined
  /** Quality of the newest sample; false means `value` is not current. */
  good: boolean
  time: number | undefined
}

/** How far back to look for a finite value behind bad-quality samples (NaN markers). */
const LOOKBACK_SAMPLES = 16

export function latestReading(series: Pick<SeriesView, 'length' | 'timeAt' | 'valueAt' | 'statusAt'> | undefined): Reading {
  if (!series || series.length === 0) return { value: undefined, good: false, time: undefined }
  const last = series.length - 1
  const good = isGoodStatus(series.statusAt(last))
  for (let i = last; i >= Math.max(0, last - LOOKBACK_SAMPLES); i--) {
    const value = series.valueAt(i)
    if (Number.isFinite(value)) return { value, good: good && i === last, time: series.timeAt(i) }
  }
  return { value: undefined, good: false, time: series.timeAt(last) }
}
