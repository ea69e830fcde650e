import type { AlarmTransition, AlarmTransitionKind } from '../../../../shared/alarms'
import type { ContractClient } from '../../../../shared/contract'
import type { ReadableStore } from '../../lib/store'
import type { TimeMarker } from '../trend/timeMarkers'

/** The transitions a trend marks: where an alarm came, was acknowledged, returned to normal and left the list. */
export const MARKED_TRANSITIONS = ['raise', 'acknowledge', 'return', 'clear'] as const satisfies readonly AlarmTransitionKind[]
type Marked = (typeof MARKED_TRANSITIONS)[number]
const MARKED: ReadonlySet<AlarmTransitionKind> = new Set(MARKED_TRANSITIONS)
/** A range change waits this long for the next before the journal is asked: a wheel zoom or a drag sends many. */
export const JOURNAL_MARKERS_DEBOUNCE_MS = 300

const VERB: Record<Marked, string> = { raise: 'raised', acknowledge: 'acknowledged', return: 'returned to normal', clear: 'cleared' }

/** One journal transition as a marker on the trend's time axis, in its priority's colour. */
export function transitionMarker(t: AlarmTransition): TimeMarker {
  const verb = MARKED.has(t.kind) ? VERB[t.kind as Marked] : t.kind
  const who = t.user ? ` by ${t.user}` : ''
  return { at: t.at, kind: 'alarm', priority: t.priority, alarmId: t.alarmId, label: `Alarm ${verb}${who} · P${t.priority} · ${t.tag}: ${t.message}` }
}

export type Range = readonly [number, number]

/**
 * What to ask the journal for a shown range: half a span more on each side, so a pan, a
 * small zoom or a live window sliding on stays inside what was loaded and asks nothing.
 */
export function journalWindow([from, to]: Range): [number, number] {
  const pad = (to - from) / 2
  return [Math.max(0, Math.floor(from - pad)), Math.ceil(to + pad)]
}

export const covers = (loaded: Range, shown: Range): boolean => loaded[0] <= shown[0] && shown[1] <= loaded[1]

export interface JournalMarkers {
  /** The pens' alarm transitions in the loaded window, plus the live ones since. */
  markers: ReadableStore<readonly TimeMarker[]>
  /** The trend shows `tags` over `range` (epoch ms); the journal is asked (debounced) only when that leaves what was loaded. */
  show(tags: readonly string[], range: Range): void
}

/**
 * The alarm journal's raise, acknowledge, return and clear of a trend's pens as time markers.
 * The journal is queried for the window around the shown range, once the range stops
 * changing for {@link JOURNAL_MARKERS_DEBOUNCE_MS}; an answer a newer query superseded is
 * dropped. While the chart listens, new transitions (`alarms:transitions`) are added as they
 * happen; when it stops listening, the pending query and the event go too.
 */
export function createJournalMarkers(client: ContractClient): JournalMarkers {
  let markers: readonly TimeMarker[] = []
  const listeners = new Set<() => void>()
  let wanted: { tags: readonly string[]; key: string; range: Range } | null = null
  let loaded: { tags: ReadonlySet<string>; key: string; window: Range } | null = null
  let timer: ReturnType<typeof setTimeout> | undefined
  let asked = 0
  let offLive: (() => void) | null = null

  const set = (next: readonly TimeMarker[]): void => {
    markers = next
    for (const listener of [...listeners]) listener()
  }

  async function query(): Promise<void> {
    timer = undefined
    if (!wanted) return
    const { tags, key } = wanted
    const window = journalWindow(wanted.range)
    const seq = ++asked
    if (tags.length === 0) {
      loaded = { tags: new Set(), key, window }
      return set([])
    }
    const result = await client.invoke('alarms:journal', { from: window[0], to: window[1], tags: [...tags], kinds: [...MARKED_TRANSITIONS] })
    // A failed query keeps the markers shown; the next range change asks again.
    if (seq !== asked || !result.ok) return
    loaded = { tags: new Set(tags), key, window }
    set(result.data.map(transitionMarker))
  }

  const onLive = (batch: AlarmTransition[]): void => {
    const now = loaded
    if (!now) return
    const added = batch.filter((t) => MARKED.has(t.kind) && now.tags.has(t.tag) && t.at >= now.window[0] && t.at < now.window[1]).map(transitionMarker)
    if (added.length > 0) set([...markers, ...added])
  }

  return {
    markers: {
      get: () => markers,
      subscribe(listener) {
        listeners.add(listener)
        offLive ??= client.on('alarms:transitions', onLive)
        return () => {
          listeners.delete(listener)
          if (listeners.size > 0) return
          offLive?.()
          offLive = null
          clearTimeout(timer)
          timer = undefined
          // Transitions missed while nobody listened: the next show() asks again.
          loaded = null
        }
      }
    },
    show(tags, range) {
      const key = tags.join('\n')
      wanted = { tags: [...tags], key, range: [range[0], range[1]] }
      if (loaded && loaded.key === key && covers(loaded.window, wanted.range)) return
      clearTimeout(timer)
      timer = setTimeout(() => void query(), JOURNAL_MARKERS_DEBOUNCE_MS)
    }
  }
}
