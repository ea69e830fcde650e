import { DateTime } from 'luxon'

/** `value` rounded to `digits` decimals; null stays null (a missing value is never shown as 0). */
export const round = (value: number | null | undefined, digits: number): number | null =>
  value === null || value === undefined || !Number.isFinite(value) ? null : Number(value.toFixed(digits))

/** `HH:MM` (with the date when not `sameDayAs`'s) in `zone`: how times read in the report. */
export function localTime(at: number, zone: string, sameDayAs?: number): string {
  const t = DateTime.fromMillis(at, { zone })
  const sameDay = sameDayAs !== undefined && DateTime.fromMillis(sameDayAs, { zone }).hasSame(t, 'day')
  return t.toFormat(sameDay ? 'HH:mm' : 'yyyy-MM-dd HH:mm')
}

/** Historian gaps overlapping [from, to), as text ("10:02–10:40 link lost"), in local time of `zone`. */
export function describeGaps(gaps: readonly { start: number; end: number | null; reason: string }[], from: number, to: number, zone: string): string[] {
  return gaps
    .filter((g) => g.start < to && (g.end === null || g.end > from))
    .map((g) => `${localTime(Math.max(g.start, from), zone, from)}–${g.end === null || g.end >= to ? 'end' : localTime(g.end, zone, from)} ${g.reason}`)
}

/** A duration in words for an ETA: "40 min", "3.5 h". */
export function inWords(ms: number): string {
  const min = Math.max(0, Math.round(ms / 60_000))
  return min < 120 ? `${min} min` : `${(min / 60).toFixed(1)} h`
}
