import type { ActiveFault, EquipmentState } from './physics'

/**
 * Fault physics: each degrading fault bends the machine's model by its progress p (simulated
 * time since injection / time to failure, unbounded). Sensor and comms faults act on readings
 * instead (plant.ts) and have no effect here.
 */

/** No fault: the shared neutral value, never mutated. */
export const noEffects: Readonly<Effects> = Object.freeze({
  vibAdd: 0,
  motorHeat: 0,
  bearingHeat: 0,
  leak: 0,
  coolSlow: 1,
  pressureAdd: 0,
  loadAdd: 0,
  noTrip: false
})

/** How the active faults bend one machine's physics during a step. */
export interface Effects {
  vibAdd: number
  motorHeat: number
  bearingHeat: number
  leak: number
  /** Multiplier of the cooling time constant when stopped (a failed fan keeps a stopped motor hot). */
  coolSlow: number
  pressureAdd: number
  loadAdd: number
  noTrip: boolean
}

/** Add the effects of every fault on equipment `index` at time `t` into `fx`. */
export function faultEffects(faults: readonly ActiveFault[], index: number, e: EquipmentState, t: number, fx: Effects): void {
  for (const f of faults) {
    if (f.equipmentIndex !== index) continue
    const p = Math.max(0, (t - f.startS) / f.ttfS)
    if (f.params.trip === false) fx.noTrip = true
    switch (f.kind) {
      case 'bearing-wear': {
        // Wear is slow at first and then accelerates; heat from friction shows only in the second half.
        fx.vibAdd += 9.2 * p * p * p
        const late = Math.max(0, 2 * p - 1)
        fx.bearingHeat += 40 * late * late
        fx.motorHeat += 20 * late * late
        break
      }
      case 'lube-leak':
        fx.leak += f.leakPctPerS
        break
      case 'cooling-failure':
        fx.motorHeat += 100 * p * (0.3 + 0.7 * e.loadEff)
        fx.coolSlow += 8 * p
        break
      case 'pressure-surge':
        // Water hammer / relief-valve chatter: oscillating peaks that grow.
        fx.pressureAdd += p * (1 + 0.5 * Math.sin((2 * Math.PI * t) / 45)) * (e.def.kind === 'pump' ? 5.5 : 58)
        break
      case 'belt-overload':
        fx.loadAdd += 0.78 * p
        break
      default:
        break
    }
  }
}

