import { DateTime } from 'luxon'

/**
 * Where the demo plant's time meets the calendar: maps plant time (simulated seconds since the
 * plant started) to **calendar seconds**, the local clock counted from a Monday 00:00, so that
 * calendar day `d = floor(c / 86 400)` is weekday `(d + 1) % 7` (0 = Sunday) and
 * `c mod 86 400` is the local time of day. The production schedule, the ambient day cycle and
 * the crew's morning lube round all read this clock.
 */
export type PlantCalendar = (timeS: number) => number

const DAY_S = 86_400
/** 1970-01-01 was a Thursday; the Monday before it is calendar day 0. */
const MONDAY_BEFORE_EPOCH_S = 3 * DAY_S
/** Every UTC offset change of the tz database falls on a quarter hour: one offset per window. */
const OFFSET_WINDOW_MS = 15 * 60_000

/**
 * Plant time 0 is midnight of a Monday, in no particular time zone: what record mode and the
 * benches use, so a recording is the same whatever the machine's clock and zone say.
 */
export const PLANT_TIME_CALENDAR: PlantCalendar = (timeS) => timeS

/**
 * The calendar of a plant on the wall clock: plant time `anchorS` is the instant `anchorMs`,
 * and each simulated second after it is one second of the local calendar of `zone` (default:
 * this machine's zone, as luxon reads it), daylight saving included. At speed 1 this is the
 * wall clock itself; a sped-up plant starts at the wall clock's local time and its days pass
 * as fast as its physics. Offsets are looked up once per quarter hour of plant time, so the
 * physics' one-second steps stay cheap at any speed.
 */
export function wallClockCalendar(anchorMs: number, anchorS: number, zone?: string): PlantCalendar {
  let windowFromMs = Infinity
  let windowToMs = -Infinity
  let offsetS = 0
  return (timeS) => {
    const ms = anchorMs + (timeS - anchorS) * 1000
    if (ms < windowFromMs || ms >= windowToMs) {
      windowFromMs = Math.floor(ms / OFFSET_WINDOW_MS) * OFFSET_WINDOW_MS
      windowToMs = windowFromMs + OFFSET_WINDOW_MS
      const local = zone === undefined ? DateTime.fromMillis(windowFromMs) : DateTime.fromMillis(windowFromMs, { zone })
      if (!local.isValid) throw new Error(`plant calendar: unknown time zone "${zone}"`)
      offsetS = local.offset * 60
    }
    return ms / 1000 + offsetS + MONDAY_BEFORE_EPOCH_S
  }
}

/** Calendar day, weekday (0 = Sunday) and hour of day of calendar seconds `c`. */
export function calendarDay(c: number): { day: number; weekday: number; hourOfDay: number } {
  const day = Math.floor(c / DAY_S)
  return { day, weekday: (((day + 1) % 7) + 7) % 7, hourOfDay: (c - day * DAY_S) / 3600 }
}
