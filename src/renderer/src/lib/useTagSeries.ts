import { useSyncExternalStore } from 'react'
import type { SampleRing } from '../../../shared/sampleRing'
import type { SampleStore } from './sampleStore'

/** A subscription that never fires: for what is drawn but not followed now. */
const still = (): (() => void) => () => undefined

/**
 * The ring of tag `tagIndex` (undefined: no tag), re-rendering only the calling component
 * when that tag's samples change. With `live` false the caller holds its last drawing and
 * costs nothing per update (an overview tile off screen); it catches up when live again.
 */
export function useTagSeries(samples: SampleStore, tagIndex: number | undefined, live = true): SampleRing | undefined {
  useSyncExternalStore(live && tagIndex !== undefined ? samples.subscribe : still, () => (tagIndex === undefined ? -1 : (samples.series(tagIndex)?.version ?? -1)))
  return tagIndex === undefined ? undefined : samples.series(tagIndex)
}
