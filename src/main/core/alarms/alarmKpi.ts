import type { Alarm, AlarmCount, AlarmKpi, JournalEntry } from '../../../shared/alarms'
import { CHATTER_RAISES, CHATTER_WINDOW_MS, FLOOD_END_COUNT, FLOOD_START_COUNT, FLOOD_WINDOW_MS } from './alarmLoad'

/** Active longer than this, an alarm is "standing" (ISA-18.2 §16.9: "stale alarms", 24 h). */
export const STANDING_AFTER_MS = 24 * 3_600_000

/**
 * Targets the KPIs are judged against: EEMUA 191 (3rd ed.) Table 35 "manageable" ≤ 1
 * alarm per 10 min; ISA-18.2 §16.9 Table 6: < 1 % of time in flood, the top 10
 * alarms < 5 % of all, chattering 0, fewer than 5 standing alarms.
 */
export const KPI_TARGETS: AlarmKpi['targets'] = { alarmsPer10Min: 1, floodPct: 1, topBadActorsPct: 5, standing: 5, chattering: 0 }

const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits

/**
 * Alarm KPIs over [from, to) from the journal's rows (oldest first) and the alarm list at
 * `to` (for standing and shelved alarms). Counts annunciations: raises and returns to view
 * of alarms that were not shelved, suppressed or out of service. Floods are found with
 * the same thresholds as the live flood detection. `operators` divides the rate (one
 * alarm list per site: 1).
 */
export function computeKpi(rows: Iterable<JournalEntry>, list: readonly Alarm[], from: number, to: number, operators = 1): AlarmKpi {
  const times: number[] = []
  const perAlarm = new Map<string, { entry: JournalEntry; times: number[] }>()
  const perPriority = { 1: 0, 2: 0, 3: 0, 4: 0 }
  let shelves = 0
  for (const row of rows) {
    if (row.kind === 'shelve') shelves++
    if (!row.annunciated) continue
    times.push(row.at)
    perPriority[row.priority]++
    const a = perAlarm.get(row.alarmId) ?? { entry: row, times: [] }
    a.times.push(row.at)
    perAlarm.set(row.alarmId, a)
  }
  const raises = times.length
  const pct = (n: number): number => (raises === 0 ? 0 : round((100 * n) / raises, 1))
  const count = (a: { entry: JournalEntry; times: number[] }): AlarmCount => ({ alarmId: a.entry.alarmId, tag: a.entry.tag, equipment: a.entry.equipment, raises: a.times.length })
  const ranked = [...perAlarm.values()].sort((x, y) => y.times.length - x.times.length || x.entry.alarmId.localeCompare(y.entry.alarmId))
  const top = ranked.slice(0, 10)
  const chattering = ranked.filter((a) => a.times.some((t, i) => (a.times[i + CHATTER_RAISES - 1] ?? Number.POSITIVE_INFINITY) - t <= CHATTER_WINDOW_MS))
  const { floodMs, floods, peak } = floodTime(times, to)
  const spanMs = Math.max(1, to - from)
  const standing = list.filter((a) => a.active && to - a.raisedAt > STANDING_AFTER_MS).map((a) => ({ alarmId: a.id, tag: a.tag, since: a.raisedAt }))
  return {
    from,
    to,
    operators,
    raises,
    alarmsPer10Min: round(raises / operators / (spanMs / FLOOD_WINDOW_MS)),
    peakPer10Min: peak,
    floodPct: round((100 * floodMs) / spanMs),
    floods,
    topBadActors: top.map(count),
    topBadActorsPct: raises === 0 ? 0 : round((100 * top.reduce((n, a) => n + a.times.length, 0)) / raises),
    chattering: chattering.map(count),
    standing,
    shelves,
    shelvedNow: list.filter((a) => a.shelved !== undefined).length,
    priorityCounts: perPriority,
    priorityPct: { 1: pct(perPriority[1]), 2: pct(perPriority[2]), 3: pct(perPriority[3]), 4: pct(perPriority[4]) },
    targets: KPI_TARGETS
  }
}

/** Time spent in floods: a flood starts when the trailing 10 min hold more than 10 annunciations and ends when they fall below 5. */
function floodTime(times: readonly number[], to: number): { floodMs: number; floods: number; peak: number } {
  let floodMs = 0
  let floods = 0
  let peak = 0
  let start = Number.NaN
  let head = 0
  // Events: each annunciation enters the window at t and leaves it at t + window.
  const leaves = times.map((t) => t + FLOOD_WINDOW_MS)
  let leave = 0
  for (let i = 0; i <= times.length; i++) {
    const t = i < times.length ? times[i]! : to
    // Process departures before this arrival (the rate may fall below the end threshold between arrivals).
    while (leave < leaves.length && leaves[leave]! <= t) {
      const inWindow = head - leave - 1
      leave++
      if (!Number.isNaN(start) && inWindow < FLOOD_END_COUNT) {
        floodMs += Math.min(leaves[leave - 1]!, to) - start
        start = Number.NaN
      }
    }
    if (i === times.length) break
    head = i + 1
    const inWindow = head - leave
    peak = Math.max(peak, inWindow)
    if (Number.isNaN(start) && inWindow > FLOOD_START_COUNT) {
      start = t
      floods++
    }
  }
  if (!Number.isNaN(start)) floodMs += to - start
  return { floodMs, floods, peak }
}
