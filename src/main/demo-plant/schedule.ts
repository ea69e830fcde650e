import { z } from 'zod'
import { calendarDay } from './plantCalendar'

/**
 * The demo plant's production schedule (issue 9): the operating regimes a real site has.
 * Conveyors and the crusher stop for the shift handover at 07:00 and 19:00, run at reduced
 * throughput at night and on Saturday, stand idle on Sunday, and now and then trip for a
 * few minutes. The ambient day cycle and the crew's morning lube round are always on (see
 * physics.ts). The schedule runs on the plant's calendar (plantCalendar.ts): the local wall
 * clock for the embedded plant of the app, plant time from a Monday midnight in record mode.
 * A scenario sets it with `"schedule": { ... }` or switches it off with `"schedule": null`.
 */
export const ProductionScheduleSchema = z.strictObject({
  /** Length of the handover stop at each shift change, minutes. */
  handoverMin: z.number().nonnegative().max(180).default(45),
  /** Throughput at night (19:00–07:00) as a share of the day's. */
  nightShare: z.number().min(0).max(1).default(0.65),
  /** Throughput on Saturday as a share of a weekday's. */
  saturdayShare: z.number().min(0).max(1).default(0.45),
  /** Day of the week the site stands idle (0 = Sunday … 6 = Saturday); null: none. */
  idleDay: z.number().int().min(0).max(6).nullable().default(0),
  /** Unplanned short trips per machine and day (a few minutes each). */
  tripsPerDay: z.number().nonnegative().max(24).default(0.5)
})
export type ProductionSchedule = z.infer<typeof ProductionScheduleSchema>

const DAY_S = 86_400
const TRIP_S = 8 * 60

/**
 * The schedule the embedded plant of `plantwatch serve` and the desktop app follows unless
 * switched off (`--plant-schedule off`, or a scenario with `"schedule": null`).
 */
export const DEFAULT_PRODUCTION_SCHEDULE: ProductionSchedule = ProductionScheduleSchema.parse({})

// Deterministic hash → [0,1): the same seed, machine and day give the same trips in any run.
function hash01(seed: number, machine: number, day: number, k: number): number {
  let h = (seed * 374761393 + machine * 668265263 + day * 2147483647 + k * 2246822519) >>> 0
  h = Math.imul(h ^ (h >>> 13), 1274126177) >>> 0
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296
}

/**
 * What the schedule asks of a scheduled machine at calendar seconds `c` (plantCalendar.ts:
 * local clock seconds from a Monday 00:00): whether it runs and its
 * throughput share (1 = a weekday's day shift). Trips fall on the same local times for the same
 * seed, machine and calendar day.
 */
export function scheduledOperation(s: ProductionSchedule, c: number, seed: number, machine: number): { run: boolean; share: number } {
  const { day, weekday, hourOfDay: hod } = calendarDay(c)
  if (s.idleDay !== null && weekday === s.idleDay) return { run: false, share: 0 }
  const handoverH = s.handoverMin / 60
  if ((hod >= 7 && hod < 7 + handoverH) || (hod >= 19 && hod < 19 + handoverH)) return { run: false, share: 0 }
  // Trips: at most three a day per machine, at hashed times.
  const trips = Math.min(3, Math.floor(s.tripsPerDay) + (hash01(seed, machine, day, 9) < s.tripsPerDay % 1 ? 1 : 0))
  for (let k = 0; k < trips; k++) {
    const at = hash01(seed, machine, day, k) * DAY_S
    const since = c - day * DAY_S - at
    if (since >= 0 && since < TRIP_S) return { run: false, share: 0 }
  }
  const night = hod < 7 || hod >= 19
  const share = (night ? s.nightShare : 1) * (weekday === 6 ? s.saturdayShare : 1)
  return { run: true, share }
}
