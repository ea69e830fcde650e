import { DateTime } from 'luxon'
import { describe, expect, it } from 'vitest'
import { createPlant } from './plant'
import { calendarDay, PLANT_TIME_CALENDAR, wallClockCalendar } from './plantCalendar'
import { ProductionScheduleSchema, scheduledOperation } from './schedule'

const BERLIN = 'Europe/Berlin'
const berlin = (iso: string): number => DateTime.fromISO(iso, { zone: BERLIN }).toMillis()
/** The local clock of calendar seconds, as `weekday HH:MM` (0 = Sunday). */
const clock = (c: number): string => {
  const { weekday, hourOfDay } = calendarDay(c)
  const minutes = Math.round(hourOfDay * 60)
  return `${weekday} ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}
/** No trips: what the schedule asks is then a pure function of the clock. */
const NO_TRIPS = ProductionScheduleSchema.parse({ tripsPerDay: 0 })

describe('the plant calendar', () => {
  it('keeps plant time 0 a Monday midnight by default, as record mode and the benches expect', () => {
    expect(clock(PLANT_TIME_CALENDAR(0))).toBe('1 00:00')
    expect(clock(PLANT_TIME_CALENDAR(6 * 86_400 + 7.5 * 3600))).toBe('0 07:30')
  })

  it('reads the wall clock of a zone from an anchor, daylight saving included', () => {
    // 2026-06-10 is a Wednesday; plant time 100 s is that instant.
    const calendar = wallClockCalendar(berlin('2026-06-10T06:50'), 100, BERLIN)
    expect(clock(calendar(100))).toBe('3 06:50')
    expect(clock(calendar(100 + 20 * 60))).toBe('3 07:10')
    expect(clock(calendar(100 - 7 * 3600))).toBe('2 23:50')
    // Berlin springs forward at 02:00 on 2026-03-29 (a Sunday): three hours after midnight it is 04:00.
    const spring = wallClockCalendar(berlin('2026-03-29T00:00'), 0, BERLIN)
    expect(clock(spring(3 * 3600))).toBe('0 04:00')
    expect(() => wallClockCalendar(0, 0, 'Mars/Olympus')(0)).toThrow('unknown time zone')
  })

  it('uses the machine zone by default', () => {
    const local = DateTime.fromObject({ year: 2026, month: 6, day: 13, hour: 19, minute: 30 })
    expect(clock(wallClockCalendar(local.toMillis(), 0)(0))).toBe('6 19:30')
  })
})

describe('the production schedule on the wall clock', () => {
  const calendar = wallClockCalendar(berlin('2026-06-08T00:00'), 0, BERLIN) // a Monday
  const at = (day: number, hour: number): { run: boolean; share: number } => scheduledOperation(NO_TRIPS, calendar((day * 24 + hour) * 3600), 1, 0)

  it('stops for the handovers at 07:00 and 19:00 local time, slows at night and on Saturday, idles on Sunday', () => {
    expect(at(2, 10)).toEqual({ run: true, share: 1 })
    expect(at(2, 7.5).run).toBe(false)
    expect(at(2, 19.25).run).toBe(false)
    expect(at(2, 7.8)).toEqual({ run: true, share: 1 })
    expect(at(2, 23).share).toBeCloseTo(0.65)
    expect(at(5, 12).share).toBeCloseTo(0.45)
    expect(at(6, 12).run).toBe(false)
  })

  it('adds short trips at the same local times for the same seed and day, whatever the anchor', () => {
    const trips = ProductionScheduleSchema.parse({ tripsPerDay: 3 })
    // Wednesday's stopped minutes, from calendars anchored at two different instants.
    const stopped = (cal: (t: number) => number, wednesdayS: number): number[] => {
      const out: number[] = []
      for (let m = 0; m < 24 * 60; m++) if (!scheduledOperation(trips, cal(wednesdayS + m * 60), 7, 3).run) out.push(m)
      return out
    }
    const fromSunday = wallClockCalendar(berlin('2026-06-07T12:00'), 0, BERLIN)
    const minutes = stopped(calendar, 2 * 86_400)
    expect(stopped(fromSunday, 2.5 * 86_400)).toEqual(minutes)
    // Two 45-minute handovers, and the trips besides.
    expect(minutes.length).toBeGreaterThan(90)
  })

  it('drives the physics: a conveyor stops at the handover and runs again after it', () => {
    // Plant time 0 is Wednesday 06:00 in Berlin.
    const plant = createPlant({ seed: 3, schedule: NO_TRIPS, calendar: wallClockCalendar(berlin('2026-06-10T06:00'), 0, BERLIN) })
    const cv101 = plant.state.equipment.find((e) => e.def.id === 'CV-101')!
    plant.advance(50 * 60)
    expect(cv101.running).toBe(true)
    plant.advance(70 * 60)
    expect(cv101.running).toBe(false)
    expect(cv101.power).toBe(0)
    plant.advance(2 * 3600)
    expect(cv101.running).toBe(true)
  })
})
