import type { FaultKind, FaultParams } from './faults'
import type { EquipmentDef, EquipmentKind, VariableName } from './model'
import { createRng, deriveSeed, type Rng } from './rng'
import { faultEffects, noEffects, type Effects } from './faultEffects'
import { scheduledOperation, type ProductionSchedule } from './schedule'
import { PLANT_TIME_CALENDAR, type PlantCalendar } from './plantCalendar'
import { ambientC, controlPumps, morningLubeRound } from './siteRoutines'

/**
 * Pure plant physics: state plus a fixed-step integrator. No timers, no I/O, no
 * Math.random — the same seed and the same sequence of calls give the same plant.
 * Time is simulated seconds since the plant started (t = 0).
 */

/** Largest integration step; first-order lags use exact exponentials so larger steps stay stable, but duty logic wants ≤ 1 s. */
export const MAX_STEP_S = 1

/** Physical limits at which protection trips the equipment (the ground-truth "failure"). */
export const FAILURE_LIMITS = {
  VIBRATION_MM_S: 11,
  MOTOR_TEMP_C: 110,
  BEARING_TEMP_C: 100,
  PUMP_PRESSURE_BAR: 15,
  HYDRAULIC_PRESSURE_BAR: 250,
  MOTOR_CURRENT_A: 390
} as const

/** Per-kind machine constants. */
export interface KindParams {
  ratedKw: number
  loadMean: number
  tempRiseC: number
  vibBaseMmS: number
  lubeUsePctPerH: number
}

const KIND: Record<EquipmentKind, KindParams> = {
  conveyor: { ratedKw: 300, loadMean: 0.62, tempRiseC: 50, vibBaseMmS: 2.0, lubeUsePctPerH: 0.4 },
  drill: { ratedKw: 220, loadMean: 0.7, tempRiseC: 48, vibBaseMmS: 2.6, lubeUsePctPerH: 0.6 },
  crusher: { ratedKw: 450, loadMean: 0.66, tempRiseC: 45, vibBaseMmS: 2.8, lubeUsePctPerH: 0.5 },
  pump: { ratedKw: 110, loadMean: 0.8, tempRiseC: 42, vibBaseMmS: 1.6, lubeUsePctPerH: 0 },
  meter: { ratedKw: 0, loadMean: 0, tempRiseC: 0, vibBaseMmS: 0, lubeUsePctPerH: 0 }
}

/** A fault as the physics sees it. */
export interface ActiveFault {
  readonly id: number
  readonly kind: FaultKind
  readonly equipmentIndex: number
  readonly startS: number
  readonly ttfS: number
  readonly params: FaultParams
  readonly variable?: VariableName
  /** lube-leak: %/s drained on top of normal consumption. */
  readonly leakPctPerS: number
  /** sensor-stuck: the frozen reading, taken at the first read after injection. */
  stuckValue?: number
}

/** Mutable state of one piece of equipment. */
export interface EquipmentState {
  readonly def: EquipmentDef
  readonly p: KindParams
  running: boolean
  tripped: boolean
  /** Fraction of rated load, before fault effects. */
  load: number
  loadMean: number
  /** Seconds left in the current duty phase (drills). */
  dutyS: number
  speed: number
  loadEff: number
  power: number
  current: number
  motorTemp: number
  bearingTemp: number
  vibration: number
  lube: number
  pressure: number
  flow: number
  energyKwh: number
  voltage: number
  powerFactor: number
}

/**
 * Called on every step in which a running machine is past a failure limit, so at least once
 * per failure; the listener de-duplicates. `cause` names the variable and value.
 */
export type TripListener = (equipmentIndex: number, timeS: number, cause: string) => void

export interface PlantState {
  readonly seed: number
  timeS: number
  readonly rng: Rng
  readonly equipment: EquipmentState[]
  faults: ActiveFault[]
  /** Dewatering sump level, %; drives the pump duty. */
  sumpPct: number
  sumpInflowM3H: number
  /** Which pump leads next; duty rotates so both pumps share the running hours. */
  leadPump: number
  /** Share of conveyors running (0…1): the crusher's feed, so a conveyor trip unloads it. */
  feedFraction: number
  onTrip: TripListener
  /** The production schedule of conveyors and the crusher, or null: they run around the clock. */
  schedule: ProductionSchedule | null
  /** Local time of day and weekday of plant time, for the schedule, the ambient day and the lube round. */
  readonly calendar: PlantCalendar
  /** calendar(timeS), kept so each step knows the previous step's clock. */
  calendarS: number
}

/**
 * Build the plant at t = 0 from the asset model and a seed. `calendar` places plant time on the
 * clock; by default t = 0 is a Monday midnight, whatever the wall clock says.
 */
export function createPlantState(
  defs: readonly EquipmentDef[],
  seed: number,
  schedule: ProductionSchedule | null = null,
  calendar: PlantCalendar = PLANT_TIME_CALENDAR
): PlantState {
  const rng = createRng(deriveSeed(seed, 'physics'))
  const equipment = defs.map((def): EquipmentState => {
    const p = KIND[def.kind]
    const loadMean = p.loadMean * (0.92 + 0.16 * rng.next())
    const ambient = 22
    return {
      def,
      p,
      running: def.kind !== 'pump',
      tripped: false,
      load: loadMean,
      loadMean,
      dutyS: 600 + 2400 * rng.next(),
      speed: def.kind === 'conveyor' ? 3.5 : 0,
      loadEff: loadMean,
      power: 0,
      current: 0,
      motorTemp: ambient + p.tempRiseC * (0.25 + 0.75 * loadMean * loadMean),
      bearingTemp: ambient + 30 * loadMean,
      vibration: 0,
      lube: 72 + 20 * rng.next(),
      pressure: def.kind === 'drill' ? 175 : def.kind === 'pump' ? 0.8 : 0,
      flow: 0,
      energyKwh: Math.round(50_000 + 900_000 * rng.next()),
      voltage: 6600,
      powerFactor: 0.9
    }
  })
  const plant: PlantState = {
    seed,
    timeS: 0,
    rng,
    equipment,
    faults: [],
    sumpPct: 60,
    sumpInflowM3H: 260,
    leadPump: 0,
    feedFraction: 1,
    onTrip: () => {},
    schedule,
    calendar,
    calendarS: calendar(0)
  }
  // A zero-length step fills the derived values (power, current, vibration) for a read at t = 0.
  stepOnce(plant, 0)
  return plant
}

/** Advance the physics to `toS`, in steps of at most MAX_STEP_S. */
export function advancePlant(plant: PlantState, toS: number): void {
  while (plant.timeS < toS - 1e-9) {
    const dt = Math.min(MAX_STEP_S, toS - plant.timeS)
    stepOnce(plant, dt)
  }
}

const lag = (x: number, target: number, dt: number, tauS: number): number =>
  target + (x - target) * Math.exp(-dt / tauS)

/** One Ornstein–Uhlenbeck step: mean-reverting noise that is exact for any dt. */
function ou(rng: Rng, x: number, mean: number, sd: number, dt: number, tauS: number): number {
  const a = Math.exp(-dt / tauS)
  return mean + (x - mean) * a + sd * Math.sqrt(1 - a * a) * rng.normal()
}

const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x)

function stepOnce(plant: PlantState, dt: number): void {
  const { rng } = plant
  const t = plant.timeS + dt
  plant.timeS = t
  const before = plant.calendarS
  const c = plant.calendar(t)
  plant.calendarS = c
  const ambient = ambientC(c)
  plant.sumpInflowM3H = ou(rng, plant.sumpInflowM3H, 260, 60, dt, 1800)
  controlPumps(plant)
  let conveyors = 0
  let feeding = 0
  for (const e of plant.equipment) {
    if (e.def.kind !== 'conveyor') continue
    conveyors++
    if (e.running && !e.tripped) feeding++
  }
  plant.feedFraction = conveyors === 0 ? 1 : feeding / conveyors
  morningLubeRound(plant, before, c)
  let pumpedM3H = 0
  let sitePowerKw = 0
  let meter: EquipmentState | undefined
  for (let i = 0; i < plant.equipment.length; i++) {
    const e = plant.equipment[i]!
    if (e.def.kind === 'meter') {
      meter = e
      continue
    }
    stepEquipment(plant, e, i, ambient, dt, t, c)
    if (e.def.kind === 'pump') pumpedM3H += e.flow
    sitePowerKw += e.power
  }
  plant.sumpPct = clamp(plant.sumpPct + ((plant.sumpInflowM3H - pumpedM3H) * dt) / 3600 / 2, 0, 100)
  if (meter) {
    // Lighting, workshops, ventilation: the load the meter sees besides our equipment.
    meter.load = ou(rng, meter.load || 180, 180, 15, dt, 900)
    meter.power = sitePowerKw + meter.load
    meter.energyKwh += (meter.power * dt) / 3600
    meter.voltage = 6650 - 0.09 * meter.power
    meter.powerFactor = clamp(0.86 + 0.05 * Math.min(1, meter.power / 2000), 0, 1)
  }
}

function stepEquipment(plant: PlantState, e: EquipmentState, index: number, ambient: number, dt: number, t: number, c: number): void {
  const rng = plant.rng
  const p = e.p
  let fx: Readonly<Effects> = noEffects
  if (plant.faults.length > 0) {
    const sum = { ...noEffects }
    faultEffects(plant.faults, index, e, t, sum)
    fx = sum
  }
  const kind = e.def.kind
  const scheduled = plant.schedule !== null && (kind === 'conveyor' || kind === 'crusher') ? scheduledOperation(plant.schedule, c, plant.seed, index) : null
  if (!e.tripped) {
    if (kind === 'drill') {
      e.dutyS -= dt
      if (e.dutyS <= 0) {
        e.running = !e.running
        // Drilling a hole takes 35–50 min, tramming to the next one 8–15 min.
        e.dutyS = e.running ? 2100 + 900 * rng.next() : 480 + 420 * rng.next()
      }
    } else if (kind !== 'pump') e.running = scheduled === null || scheduled.run
  }
  const run = e.running && !e.tripped
  const share = scheduled === null ? 1 : Math.max(0.05, scheduled.share)
  const loadMean = (kind === 'crusher' ? e.loadMean * (0.35 + 0.65 * plant.feedFraction) : e.loadMean) * share
  e.load = ou(rng, e.load, loadMean, 0.07, dt, 600)
  e.loadEff = Math.max(0, e.load + fx.loadAdd)
  const lf = run ? e.loadEff : 0
  e.power = run ? p.ratedKw * (0.2 + 0.8 * lf) : 0
  e.current = run ? (e.power * 1000) / (Math.sqrt(3) * 690 * 0.88) : 0
  e.speed = lag(e.speed, run && kind === 'conveyor' ? 3.5 : 0, dt, 4)
  e.energyKwh += (e.power * dt) / 3600
  e.lube = Math.max(0, e.lube - (run ? (p.lubeUsePctPerH / 3600) * dt : 0) - fx.leak * dt)
  // Running dry: friction heat rises as the level falls below 20 %.
  const dry = p.lubeUsePctPerH > 0 ? clamp((20 - e.lube) / 20, 0, 1) : 0
  const heatLoad = run ? 0.25 + 0.75 * lf * lf : 0
  const motorTarget = ambient + p.tempRiseC * heatLoad + (run ? fx.motorHeat + 95 * dry : 0)
  e.motorTemp = lag(e.motorTemp, motorTarget, dt, run ? 900 : 1800 * fx.coolSlow)
  const bearingTarget = ambient + (run ? 30 * lf + fx.bearingHeat + 90 * dry : 0)
  e.bearingTemp = lag(e.bearingTemp, bearingTarget, dt, run ? 700 : 1500)
  e.vibration = run ? Math.min(19.5, p.vibBaseMmS * (0.8 + 0.4 * lf) + fx.vibAdd + 2 * dry) : 0.05
  if (kind === 'drill') {
    e.pressure = lag(e.pressure, run ? 160 + 25 * lf + fx.pressureAdd : 12, dt, 3)
  } else if (kind === 'pump') {
    e.pressure = lag(e.pressure, run ? 7.6 + 0.6 * lf + fx.pressureAdd : 0.8, dt, 2)
    // Flow falls as head rises: a crude pump curve.
    e.flow = run ? Math.max(0, 330 * lf + 60 - 25 * Math.max(0, e.pressure - 8)) : 0
  }
  if (run) checkFailure(plant, e, index, t, fx.noTrip)
}

function checkFailure(plant: PlantState, e: EquipmentState, index: number, t: number, noTrip: boolean): void {
  const L = FAILURE_LIMITS
  let cause: string | null = null
  if (e.vibration >= L.VIBRATION_MM_S) cause = `Vibration ${e.vibration.toFixed(2)} mm/s ≥ ${L.VIBRATION_MM_S}`
  else if (e.motorTemp >= L.MOTOR_TEMP_C) cause = `MotorTemp ${e.motorTemp.toFixed(1)} °C ≥ ${L.MOTOR_TEMP_C}`
  else if (e.def.kind === 'crusher' && e.bearingTemp >= L.BEARING_TEMP_C) cause = `BearingTemp ${e.bearingTemp.toFixed(1)} °C ≥ ${L.BEARING_TEMP_C}`
  else if (e.def.kind === 'pump' && e.pressure >= L.PUMP_PRESSURE_BAR) cause = `DischargePressure ${e.pressure.toFixed(2)} bar ≥ ${L.PUMP_PRESSURE_BAR}`
  else if (e.def.kind === 'drill' && e.pressure >= L.HYDRAULIC_PRESSURE_BAR) cause = `HydraulicPressure ${e.pressure.toFixed(1)} bar ≥ ${L.HYDRAULIC_PRESSURE_BAR}`
  else if (e.def.kind === 'conveyor' && e.current >= L.MOTOR_CURRENT_A) cause = `MotorCurrent ${e.current.toFixed(0)} A ≥ ${L.MOTOR_CURRENT_A}`
  if (cause === null) return
  if (!noTrip) e.tripped = true
  plant.onTrip(index, t, cause)
}
