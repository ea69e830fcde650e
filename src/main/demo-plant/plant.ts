import { DEGRADING_FAULTS, FaultError, validateFault, type FaultKind, type FaultParams } from './faults'
import { EQUIPMENT, TAGS, findEquipment, type TagDef, type VariableName } from './model'
import type { PlantCalendar } from './plantCalendar'
import type { ProductionSchedule } from './schedule'
import { advancePlant, createPlantState, type ActiveFault, type EquipmentState, type PlantState } from './physics'
import { createRng, deriveSeed } from './rng'

/**
 * The plant as a whole: physics + fault bookkeeping + sensors + ground truth.
 * Still pure (no timers, no I/O), so both the OPC UA server and record mode drive it.
 */

/** Ground truth of one injected fault. Times are simulated seconds since plant start. */
export interface TruthFault {
  id: number
  equipment: string
  fault: FaultKind
  params: FaultParams
  startS: number
  /** When a physical limit was first crossed while this fault was active; null if never. */
  failureS: number | null
  failureCause: string | null
  clearedS: number | null
}

/** A protective trip (equipment stopped by a crossed limit or a motor trip). */
export interface TruthTrip {
  equipment: string
  timeS: number
  cause: string
}

export interface Plant {
  readonly state: PlantState
  /** Simulated seconds since start. */
  timeS(): number
  /** Run the physics forward to simulated time `toS` (no-op if already there). */
  advance(toS: number): void
  /** Validate and start a fault now. Throws FaultError naming the bad equipment, fault or parameter. */
  injectFault(equipment: string, fault: string, params?: unknown): void
  /** End a fault now (no-op if it is not active). Throws FaultError for an unknown equipment or fault. */
  clearFault(equipment: string, fault: string): void
  /** Maintenance done: clear every fault, clear the trip, top up lubricant. */
  resetEquipment(equipment: string): void
  /** Current sensor readings of every tag in TAGS order; `bad[i] = 1` where communication is lost. */
  read(values: Float64Array, bad: Uint8Array): void
  readonly truth: { faults: TruthFault[]; trips: TruthTrip[] }
}

const NOISE_SD: Partial<Record<VariableName, (v: number) => number>> = {
  Speed: () => 0.01,
  BeltLoad: (v) => 5 + 0.01 * v,
  FeedRate: (v) => 5 + 0.01 * v,
  MotorCurrent: (v) => 0.5 + 0.005 * v,
  MotorTemp: () => 0.15,
  BearingTemp: () => 0.15,
  Vibration: (v) => 0.04 + 0.02 * v,
  LubeLevel: () => 0.1,
  HydraulicPressure: () => 0.8,
  DischargePressure: () => 0.04,
  FlowRate: (v) => 1 + 0.01 * v,
  Power: (v) => 0.3 + 0.004 * v,
  Voltage: () => 4,
  PowerFactor: () => 0.002
}

function physicalValue(e: EquipmentState, v: VariableName): number {
  switch (v) {
    case 'Running':
      return e.running && !e.tripped ? 1 : 0
    case 'Speed':
      return e.speed
    case 'BeltLoad':
      return e.running && !e.tripped ? 2000 * e.loadEff : 0
    case 'FeedRate':
      return e.running && !e.tripped ? 4000 * e.load : 0
    case 'MotorCurrent':
      return e.current
    case 'MotorTemp':
      return e.motorTemp
    case 'BearingTemp':
      return e.bearingTemp
    case 'Vibration':
      return e.vibration
    case 'LubeLevel':
      return e.lube
    case 'HydraulicPressure':
    case 'DischargePressure':
      return e.pressure
    case 'FlowRate':
      return e.flow
    case 'Power':
      return e.power
    case 'Energy':
      return e.energyKwh
    case 'Voltage':
      return e.voltage
    case 'PowerFactor':
      return e.powerFactor
  }
}

/**
 * Create a plant at simulated time 0. Same seed, schedule and calendar → same plant. Without a
 * schedule the conveyors and the crusher run around the clock; without a calendar, plant time 0
 * is a Monday midnight (see plantCalendar.ts).
 */
export function createPlant(options: { seed?: number; schedule?: ProductionSchedule | null; calendar?: PlantCalendar } = {}): Plant {
  const seed = options.seed ?? 1
  const state = createPlantState(EQUIPMENT, seed, options.schedule ?? null, options.calendar)
  const faultRng = createRng(deriveSeed(seed, 'faults'))
  const sensorRng = createRng(deriveSeed(seed, 'sensors'))
  const truth = { faults: [] as TruthFault[], trips: [] as TruthTrip[] }
  const truthById = new Map<number, TruthFault>()
  const wasTripped = state.equipment.map(() => false)
  let nextId = 1

  state.onTrip = (index, timeS, cause) => {
    for (const f of state.faults) {
      if (f.equipmentIndex !== index) continue
      const tf = truthById.get(f.id)
      if (tf && tf.failureS === null && DEGRADING_FAULTS.has(f.kind)) {
        tf.failureS = timeS
        tf.failureCause = cause
      }
    }
    const e = state.equipment[index]!
    if (e.tripped && !wasTripped[index]) {
      wasTripped[index] = true
      truth.trips.push({ equipment: e.def.id, timeS, cause })
    }
  }

  const indexOf = (id: string): number => {
    const i = EQUIPMENT.findIndex((e) => e.id === id)
    if (i < 0) throw new FaultError(`unknown equipment "${id}"`)
    return i
  }

  const endFaults = (keep: (f: ActiveFault) => boolean): void => {
    const remaining: ActiveFault[] = []
    for (const f of state.faults) {
      if (keep(f)) remaining.push(f)
      else {
        const tf = truthById.get(f.id)
        if (tf) tf.clearedS = state.timeS
      }
    }
    state.faults = remaining
  }

  const tagEquipment = TAGS.map((t: TagDef) => state.equipment[t.equipmentIndex]!)

  return {
    state,
    truth,
    timeS: () => state.timeS,
    advance: (toS) => advancePlant(state, toS),
    injectFault(equipment, fault, params = {}) {
      const valid = validateFault(equipment, fault, params)
      const index = indexOf(equipment)
      const e = state.equipment[index]!
      // Default pace: 5–10 simulated hours to failure, drawn from the seed so datasets replay.
      const ttfS = valid.params.timeToFailureS ?? 3600 * (5 + 5 * faultRng.next())
      const id = nextId++
      const active: ActiveFault = {
        id,
        kind: valid.kind,
        equipmentIndex: index,
        startS: state.timeS,
        ttfS,
        params: valid.params,
        // Empty by 95 % of the time to failure; dry-running heat after ~75 % does the rest.
        leakPctPerS: valid.kind === 'lube-leak' ? Math.max(e.lube, 1) / (0.95 * ttfS) : 0,
        ...(valid.variable ? { variable: valid.variable } : {})
      }
      state.faults.push(active)
      const tf: TruthFault = {
        id,
        equipment,
        fault: valid.kind,
        params: valid.params,
        startS: state.timeS,
        failureS: null,
        failureCause: null,
        clearedS: null
      }
      truth.faults.push(tf)
      truthById.set(id, tf)
      if (valid.kind === 'motor-trip') {
        tf.failureS = state.timeS
        tf.failureCause = 'motor protection relay tripped'
        if (!e.tripped) {
          e.tripped = true
          // The breaker opens now, not at the next integration step.
          e.power = 0
          e.current = 0
          e.vibration = 0.05
          wasTripped[index] = true
          truth.trips.push({ equipment, timeS: state.timeS, cause: 'motor protection relay tripped' })
        }
      }
    },
    clearFault(equipment, fault) {
      const index = indexOf(equipment)
      validateFault(equipment, fault, {})
      endFaults((f) => !(f.equipmentIndex === index && f.kind === fault))
    },
    resetEquipment(equipment) {
      if (!findEquipment(equipment)) throw new FaultError(`unknown equipment "${equipment}"`)
      const index = indexOf(equipment)
      endFaults((f) => f.equipmentIndex !== index)
      const e = state.equipment[index]!
      e.tripped = false
      wasTripped[index] = false
      e.lube = Math.max(e.lube, 90)
    },
    read(values, bad) {
      bad.fill(0)
      for (let i = 0; i < TAGS.length; i++) {
        const tag = TAGS[i]!
        const v = tag.variable.name
        let x = physicalValue(tagEquipment[i]!, v)
        const sd = NOISE_SD[v]
        // A stopped machine reads a clean zero; the noise belongs to the measured process.
        if (sd && x !== 0) x += sd(x) * sensorRng.normal()
        values[i] = x
      }
      for (const f of state.faults) applySensorFault(f, state, values, bad, sensorRng.normal)
      for (let i = 0; i < TAGS.length; i++) {
        const r = TAGS[i]!.variable.euRange
        // Transmitters saturate at their range, and nothing reads below zero.
        values[i] = Math.min(r.high, Math.max(r.low, values[i]!))
      }
    }
  }
}

const tagIndexByName = new Map(TAGS.map((t, i) => [t.name, i]))

function applySensorFault(
  f: ActiveFault,
  state: PlantState,
  values: Float64Array,
  bad: Uint8Array,
  normal: () => number
): void {
  const e = state.equipment[f.equipmentIndex]!
  if (f.kind === 'comms-loss') {
    TAGS.forEach((t, i) => {
      if (t.equipmentIndex === f.equipmentIndex) bad[i] = 1
    })
    return
  }
  if (!f.variable) return
  const i = tagIndexByName.get(`${e.def.id}.${f.variable}`)
  if (i === undefined) return
  const r = TAGS[i]!.variable.euRange
  const span = r.high - r.low
  if (f.kind === 'sensor-stuck') {
    if (f.stuckValue === undefined) f.stuckValue = values[i]!
    values[i] = f.stuckValue
  } else if (f.kind === 'sensor-drift') {
    values[i] = values[i]! + ((f.params.ratePerHour ?? 0.05 * span) * (state.timeS - f.startS)) / 3600
  } else if (f.kind === 'sensor-noise') {
    values[i] = values[i]! + (f.params.amplitude ?? 0.05 * span) * normal()
  }
}
