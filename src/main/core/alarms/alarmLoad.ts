/**
 * Chattering and flood detection over annunciations (ISA-18.2 §16.5 and §16.9;
 * EEMUA 191 3rd ed. §6.6). Pure bookkeeping: the caller gives times, nothing runs on a timer.
 */

/** An alarm chatters when it is raised this many times… (ISA-18.2 TR5 / EEMUA 191: "3 or more in 1 minute"). */
export const CHATTER_RAISES = 3
/** …within this window. */
export const CHATTER_WINDOW_MS = 60_000
/** A flood starts above 10 annunciations in 10 minutes per operator (ISA-18.2 §16.9, Table 6)… */
export const FLOOD_START_COUNT = 10
/** …and ends below 5 in 10 minutes (EEMUA 191 §6.6.4). */
export const FLOOD_END_COUNT = 5
export const FLOOD_WINDOW_MS = 10 * 60_000

/** Raise times of one alarm within the chatter window; mutated in place. */
export function noteActivation(times: number[], at: number): boolean {
  times.push(at)
  while (times.length > 0 && at - times[0]! > CHATTER_WINDOW_MS) times.shift()
  return times.length >= CHATTER_RAISES
}

/** True while the alarm has been raised within the window at all: a chattering flag outlives its last burst by a minute. */
export function stillChattering(times: number[], now: number): boolean {
  while (times.length > 0 && now - times[0]! > CHATTER_WINDOW_MS) times.shift()
  return times.length > 0
}

/** The flood in progress: its id (its start time) and its first-out alarm. */
export interface Flood {
  id: number
  firstOutId: string
}

/**
 * Counts annunciations over the trailing 10 minutes and says when a flood starts
 * (with the first-out: the earliest alarm of the window that tipped it over) and ends.
 */
export interface FloodTracker {
  /** Notes one annunciation; returns the flood it belongs to, and the alarms of the window when this one started it. */
  annunciated(alarmId: string, at: number): { flood: Flood | null; started: readonly string[] }
  /** Ends the flood when the rate has fallen; returns true when it ended. */
  tick(now: number): boolean
  current(): Flood | null
}

export function createFloodTracker(): FloodTracker {
  const window: { at: number; id: string }[] = []
  let flood: Flood | null = null
  const prune = (now: number): void => {
    while (window.length > 0 && now - window[0]!.at > FLOOD_WINDOW_MS) window.shift()
  }
  return {
    annunciated(alarmId, at) {
      window.push({ at, id: alarmId })
      prune(at)
      if (flood === null && window.length > FLOOD_START_COUNT) {
        flood = { id: window[0]!.at, firstOutId: window[0]!.id }
        return { flood, started: window.map((w) => w.id) }
      }
      return { flood, started: [] }
    },
    tick(now) {
      prune(now)
      if (flood !== null && window.length < FLOOD_END_COUNT) {
        flood = null
        return true
      }
      return false
    },
    current: () => flood
  }
}
