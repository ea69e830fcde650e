import { describe, expect, it } from 'vitest'
import { ShiftCalendarSchema } from '../../../shared/handover'
import { createShifts, ShiftError } from './shiftCalendar'

const HOUR_MS = 3_600_000
const three = (timeZone: string) =>
  createShifts(
    ShiftCalendarSchema.parse({
      site: 'Test mine',
      timeZone,
      shifts: [
        { name: 'Morning', start: '06:00' },
        { name: 'Afternoon', start: '14:00' },
        { name: 'Night', start: '22:00' }
      ],
      crews: [{ name: 'A', supervisor: 'sue' }, { name: 'B' }, { name: 'C' }, { name: 'D' }],
      rotation: ['A', 'B', 'C', 'D'],
      anchor: '2026-01-05'
    })
  )
const twelve = (timeZone: string) =>
  createShifts(ShiftCalendarSchema.parse({ timeZone, shifts: [{ name: 'Day', start: '06:00' }, { name: 'Night', start: '18:00' }] }))

describe('the shift calendar', () => {
  it('finds 8-hour shifts by instant and by local start, with the crew of the rotation', () => {
    const shifts = three('Europe/Berlin')
    const morning = shifts.startingLocal('2026-11-25 06:00')
    expect(morning).toMatchObject({ name: 'Morning', hours: 8, label: '8 h', startLocal: '2026-11-25 06:00 +01:00', endLocal: '2026-11-25 14:00 +01:00', timeZone: 'Europe/Berlin', site: 'Test mine' })
    expect(morning.start).toBe(Date.parse('2026-11-25T05:00:00Z'))
    expect(shifts.at(morning.start + 3 * HOUR_MS)).toEqual(morning)
    expect(shifts.at(morning.end)).toEqual(shifts.next(morning))
    expect(shifts.previous(shifts.next(morning))).toEqual(morning)
    // Crews rotate one per shift from the anchor's first shift: three a day, four crews.
    const crews = [0, 1, 2, 3, 4].map((k) => shifts.at(Date.parse('2026-01-05T05:00:00Z') + k * 8 * HOUR_MS).crew)
    expect(crews).toEqual(['A', 'B', 'C', 'D', 'A'])
    expect(shifts.at(Date.parse('2026-01-05T05:00:00Z')).supervisor).toBe('sue')
    // The previous three of the same kind are the same shift of the three days before.
    expect(shifts.previousOfKind(morning, 3).map((s) => s.startLocal)).toEqual(['2026-11-24 06:00 +01:00', '2026-11-23 06:00 +01:00', '2026-11-22 06:00 +01:00'])
  })

  it('makes the Berlin night shift 7 h in spring and 9 h in autumn, and says so', () => {
    const shifts = three('Europe/Berlin')
    const spring = shifts.startingLocal('2026-03-28 22:00')
    expect(spring.end - spring.start).toBe(7 * HOUR_MS)
    expect(spring).toMatchObject({ hours: 7, nominalHours: 8, endLocal: '2026-03-29 06:00 +02:00' })
    expect(spring.label).toMatch(/^7 h \(clocks forward 1 h/)
    const autumn = shifts.startingLocal('2026-10-24 22:00')
    expect(autumn.end - autumn.start).toBe(9 * HOUR_MS)
    expect(autumn.label).toMatch(/^9 h \(clocks back 1 h/)
    // The shifts around them are ordinary and meet them without a hole.
    expect(shifts.next(autumn)).toMatchObject({ hours: 8, start: autumn.end })
    expect(shifts.previous(spring)).toMatchObject({ hours: 8, end: spring.start })
  })

  it('makes the Sydney 12-hour night shift 13 h in April and 11 h in October (southern hemisphere)', () => {
    const shifts = twelve('Australia/Sydney')
    const april = shifts.startingLocal('2026-04-04 18:00')
    expect(april).toMatchObject({ hours: 13, nominalHours: 12, startLocal: '2026-04-04 18:00 +11:00', endLocal: '2026-04-05 06:00 +10:00' })
    expect(april.label).toContain('clocks back')
    const october = shifts.startingLocal('2026-10-03 18:00')
    expect(october).toMatchObject({ hours: 11, endLocal: '2026-10-04 06:00 +11:00' })
    expect(october.label).toContain('clocks forward')
    // In Berlin's summer the same dates are ordinary.
    expect(twelve('Europe/Berlin').startingLocal('2026-04-04 18:00').hours).toBe(12)
  })

  it('covers every instant around the DST changes exactly once, one shift an hour longer and one shorter', () => {
    for (const zone of ['Europe/Berlin', 'Australia/Sydney', 'America/New_York']) {
      const shifts = three(zone)
      const odd: number[] = []
      for (const [from, to] of [['2026-03-01', '2026-04-15'], ['2026-09-25', '2026-11-10']]) {
        let s = shifts.at(Date.parse(`${from}T00:00:00Z`))
        while (s.start < Date.parse(`${to}T00:00:00Z`)) {
          const next = shifts.next(s)
          expect(next.start, `${zone} ${s.startLocal}`).toBe(s.end)
          expect(next.end - next.start).toBe(next.hours * HOUR_MS)
          if (s.hours !== 8) odd.push(s.hours)
          s = next
        }
      }
      expect(odd.sort(), zone).toEqual([7, 9])
    }
  })

  it('refuses a time that is not a shift start, a malformed time and an unknown zone, naming them', () => {
    const shifts = three('Europe/Berlin')
    expect(() => shifts.startingLocal('2026-11-25 07:00')).toThrow(/07:00 .*not a shift boundary; shifts start at 06:00, 14:00, 22:00/)
    expect(() => shifts.startingLocal('25.11.2026 06:00')).toThrow(ShiftError)
    expect(() => shifts.startingLocal('2026-02-30 06:00')).toThrow(/not a date/)
    expect(() => shifts.starting(Date.parse('2026-11-25T05:00:01Z'))).toThrow(ShiftError)
    expect(() => three('Europe/Atlantis')).toThrow(/shifts.timeZone: "Europe\/Atlantis" is not an IANA time zone/)
    expect(ShiftCalendarSchema.safeParse({ shifts: [{ name: 'A', start: '14:00' }, { name: 'B', start: '06:00' }] }).success).toBe(false)
    expect(ShiftCalendarSchema.safeParse({ shifts: [{ name: 'A', start: '6:00' }] }).success).toBe(false)
    expect(ShiftCalendarSchema.safeParse({ shifts: [{ name: 'A', start: '06:00' }], crews: [{ name: 'A' }], rotation: ['B'] }).success).toBe(false)
  })
})
