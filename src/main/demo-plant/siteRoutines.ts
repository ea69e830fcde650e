import type { PlantState } from './physics'

/**
 * What the site does around the machines, on the plant's calendar (plantCalendar.ts): the
 * ambient day, the crew's morning lube round and the dewatering pumps' level control.
 */

const DAY_S = 86_400

/** Ambient temperature, °C, at calendar seconds `c`: coolest before dawn, warmest mid-afternoon. */
export function ambientC(c: number): number {
  return 22 + 6 * Math.sin(2 * Math.PI * (c / DAY_S - 0.375))
}

/** Time of day of the maintenance round (06:00 on the plant's calendar), seconds after midnight. */
const TOP_UP_AT_S = 6 * 3600

/**
 * The crew's morning round, when the calendar passed 06:00 between the previous step (`beforeC`)
 * and this one (`c`): it tops lubricant up to 90 %, so normal consumption never reaches the low
 * alarm even when days pass in minutes. A machine with a lube leak is skipped: the round would
 * otherwise hide the very fault the ground truth records.
 */
export function morningLubeRound(plant: PlantState, beforeC: number, c: number): void {
  if (Math.floor((beforeC - TOP_UP_AT_S) / DAY_S) === Math.floor((c - TOP_UP_AT_S) / DAY_S)) return
  plant.equipment.forEach((e, i) => {
    const leaking = plant.faults.some((f) => f.equipmentIndex === i && f.kind === 'lube-leak')
    if (!leaking && e.p.lubeUsePctPerH > 0) e.lube = Math.max(e.lube, 90)
  })
}

/** Lead pump starts at 70 % sump level, the lag pump at 85 %; all stop at 30 % and the lead rotates. */
export function controlPumps(plant: PlantState): void {
  // Between the set points nothing changes; checked first because it is almost every step.
  if (plant.sumpPct > 30 && plant.sumpPct < 70) return
  const pumps = plant.equipment.filter((e) => e.def.kind === 'pump' && !e.tripped)
  if (pumps.length === 0) return
  const running = pumps.filter((e) => e.running).length
  if (plant.sumpPct <= 30 && running > 0) {
    for (const e of pumps) e.running = false
    plant.leadPump++
  } else if ((plant.sumpPct >= 70 && running === 0) || (plant.sumpPct >= 85 && running < pumps.length)) {
    for (let k = 0; k < pumps.length; k++) {
      const c = pumps[(plant.leadPump + k) % pumps.length]!
      if (!c.running) {
        c.running = true
        break
      }
    }
  }
}
