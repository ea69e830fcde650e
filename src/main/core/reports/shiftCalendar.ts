import { DateTime, IANAZone } from 'luxon'
import type { Shift, ShiftCalendar } from '../../../shared/handover'

/** A shift calendar with its time zone resolved: finds shifts by instant or by local start. */
export interface Shifts {
  readonly calendar: ShiftCalendar
  /** The shift that contains `at` (epoch ms). */
  at(at: number): Shift
  /** The shift after (or before) `shift`. */
  next(shift: Shift): Shift
  previous(shift: Shift): Shift
  /** The `count` shifts of the same name (kind) before `shift`, newest first. */
  previousOfKind(shift: Shift, count: number): Shift[]
  /**
   * The shift that starts at `start` (epoch ms).
   * @throws ShiftError when `start` is not a shift boundary (naming the day's boundaries).
   */
  starting(start: number): Shift
  /**
   * The shift whose local start is `local` (`YYYY-MM-DD HH:MM` or ISO with `T`), as the CLI takes it.
   * In the repeated hour of a DST end, the earlier of the two instants is meant.
   * @throws ShiftError for a malformed time or one that is not a shift boundary.
   */
  startingLocal(local: string): Shift
}

/** A time that is not a shift, or a calendar that cannot be used: the message says what and where. */
export class ShiftError extends Error {}

const DAY_SLOT = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/

/**
 * Builds the calendar's shifts in its IANA zone with luxon: each shift begins at its local
 * start time and ends at the next one, so a shift over a DST change is an hour shorter or
 * longer than the wall clock says, and is labelled so. A start time that does not exist on
 * a spring-forward day (02:30 in Europe) begins at the first instant after the gap (luxon's rule).
 * @throws ShiftError for an unknown time zone or a rotation without crews' names.
 */
export function createShifts(calendar: ShiftCalendar): Shifts {
  if (!IANAZone.isValidZone(calendar.timeZone)) {
    throw new ShiftError(`shifts.timeZone: "${calendar.timeZone}" is not an IANA time zone (e.g. Europe/Berlin, Australia/Sydney, UTC)`)
  }
  const zone = calendar.timeZone
  const starts = calendar.shifts.map((s) => ({ name: s.name, hour: Number(s.start.slice(0, 2)), minute: Number(s.start.slice(3)) }))
  const anchor = DateTime.fromISO(calendar.anchor, { zone })
  if (!anchor.isValid) throw new ShiftError(`shifts.anchor: "${calendar.anchor}" is not a date`)
  const crews = new Map(calendar.crews.map((c) => [c.name, c]))

  // Shifts are built with Intl time-zone arithmetic (slow, ~0.1 ms); a report asks for the same few many times.
  const built = new Map<string, Shift>()
  /** Where each built shift sits (by its start), so next and previous need no search. */
  const placeOf = new Map<number, { day: DateTime; slot: number }>()
  const BUILT_MAX = 2_000
  function build(day: DateTime, slot: number): Shift {
    const key = `${day.toISODate()}#${slot}`
    let shift = built.get(key)
    if (!shift) {
      if (built.size >= BUILT_MAX) {
        built.clear()
        placeOf.clear()
      }
      built.set(key, (shift = buildShift(day, slot)))
      placeOf.set(shift.start, { day, slot })
    }
    return shift
  }
  function step(shift: Shift, by: 1 | -1): Shift {
    const place = placeOf.get(shift.start)
    if (!place) return shifts.at(by === 1 ? shift.end : shift.start - 1)
    const slot = place.slot + by
    if (slot >= starts.length) return build(place.day.plus({ days: 1 }), 0)
    if (slot < 0) return build(place.day.minus({ days: 1 }), starts.length - 1)
    return build(place.day, slot)
  }

  /** Shift `slot` of local date `day` (a luxon day start in the zone). */
  function buildShift(day: DateTime, slot: number): Shift {
    const s = starts[slot]!
    const begin = day.set({ hour: s.hour, minute: s.minute })
    const nextSlot = (slot + 1) % starts.length
    const nextDay = nextSlot === 0 ? day.plus({ days: 1 }) : day
    const n = starts[nextSlot]!
    const finish = nextDay.set({ hour: n.hour, minute: n.minute })
    const nominalMin = (nextSlot === 0 ? 24 * 60 : 0) + n.hour * 60 + n.minute - (s.hour * 60 + s.minute)
    const realMin = Math.round((finish.toMillis() - begin.toMillis()) / 60_000)
    const index = Math.round(day.startOf('day').diff(anchor.startOf('day'), 'days').days) * starts.length + slot
    const crewName = calendar.rotation.length ? calendar.rotation[((index % calendar.rotation.length) + calendar.rotation.length) % calendar.rotation.length]! : null
    const hours = realMin / 60
    const label =
      realMin === nominalMin
        ? `${fmtHours(hours)} h`
        : `${fmtHours(hours)} h (clocks ${realMin < nominalMin ? 'forward' : 'back'} ${fmtHours(Math.abs(nominalMin - realMin) / 60)} h: DST)`
    return {
      name: s.name,
      start: begin.toMillis(),
      end: finish.toMillis(),
      startLocal: local(begin),
      endLocal: local(finish),
      hours,
      nominalHours: nominalMin / 60,
      label,
      crew: crewName,
      supervisor: (crewName && crews.get(crewName)?.supervisor) ?? null,
      timeZone: zone,
      site: calendar.site
    }
  }

  /** The shifts whose local start falls on the days around `at`'s local date, in order. */
  function around(at: number): Shift[] {
    const day = DateTime.fromMillis(at, { zone }).startOf('day')
    const out: Shift[] = []
    for (const d of [-1, 0, 1]) {
      const date = day.plus({ days: d })
      for (let i = 0; i < starts.length; i++) out.push(build(date, i))
    }
    return out
  }

  const shifts: Shifts = {
    calendar,
    at(at) {
      const found = around(at).find((s) => s.start <= at && at < s.end)
      if (!found) throw new ShiftError(`no shift contains ${new Date(at).toISOString()}`)
      return found
    },
    next: (shift) => step(shift, 1),
    previous: (shift) => step(shift, -1),
    previousOfKind(shift, count) {
      const out: Shift[] = []
      let s = shift
      while (out.length < count) {
        s = shifts.previous(s)
        if (s.name === shift.name) out.push(s)
      }
      return out
    },
    starting(start) {
      const found = around(start).find((s) => s.start === start)
      if (found) return found
      const day = DateTime.fromMillis(start, { zone })
      const bounds = around(start)
        .filter((s) => s.startLocal.startsWith(day.toFormat('yyyy-MM-dd')))
        .map((s) => s.startLocal.slice(11, 16))
      throw new ShiftError(`${local(day)} (${zone}) is not a shift boundary; shifts start at ${bounds.join(', ')} local time`)
    },
    startingLocal(text) {
      const m = DAY_SLOT.exec(text.trim())
      if (!m) throw new ShiftError(`shift "${text}": expected a local start like "2026-11-25 06:00" (in ${zone})`)
      const wanted = DateTime.fromObject(
        { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]) },
        { zone }
      )
      if (!wanted.isValid) throw new ShiftError(`shift "${text}": not a date and time (${wanted.invalidExplanation ?? wanted.invalidReason})`)
      return shifts.starting(wanted.toMillis())
    }
  }
  return shifts
}

const fmtHours = (h: number): string => (Number.isInteger(h) ? String(h) : h.toFixed(2).replace(/0+$/, ''))

/** `YYYY-MM-DD HH:MM ±hh:mm` in the zone of `t`. */
const local = (t: DateTime): string => t.toFormat("yyyy-MM-dd HH:mm ZZ")
