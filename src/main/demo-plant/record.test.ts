import { describe, expect, it } from 'vitest'
import { TAGS, EQUIPMENT } from './model'
import { recordPlant, recordingToCsv, type Recording } from './record'
import type { ScenarioEvent } from './scenario'

const H = 3600
const col = (rec: Recording, tag: string): number[] => {
  const i = rec.columns.indexOf(tag)
  if (i < 0) throw new Error(`no column ${tag}`)
  return rec.rows.map((r) => r.values[i]!)
}
const inject = (equipment: string, fault: string, atS = 600, params: Record<string, unknown> = {}): ScenarioEvent[] => [
  { atS, equipment, action: 'inject', fault, params }
]
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length
const sd = (xs: number[]): number => {
  const m = mean(xs)
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)))
}

describe('recordPlant', () => {
  it('is deterministic by seed', () => {
    const a = recordingToCsv(recordPlant({ seed: 7, durationS: 2 * H }))
    const b = recordingToCsv(recordPlant({ seed: 7, durationS: 2 * H }))
    const c = recordingToCsv(recordPlant({ seed: 8, durationS: 2 * H }))
    expect(a).toBe(b)
    expect(a).not.toBe(c)
  })

  it('writes timestamp, one column per tag, then fault and failure labels', () => {
    const rec = recordPlant({ seed: 1, durationS: 600, intervalS: 60 })
    const [header, first] = recordingToCsv(rec).split('\n')
    expect(header).toBe(['timestamp', ...TAGS.map((t) => t.name), 'fault', 'failed'].join(','))
    expect(first!.startsWith('2026-01-01T00:00:00.000Z,')).toBe(true)
    expect(rec.rows).toHaveLength(11)
  })

  it.each([1, 2, 3])('runs a normal day without trips or HH crossings (seed %i)', (seed) => {
    const rec = recordPlant({ seed, durationS: 24 * H })
    expect(rec.truth.trips).toEqual([])
    for (const tag of TAGS) {
      const hh = tag.variable.limits.HH
      if (hh === undefined) continue
      expect(Math.max(...col(rec, tag.name)), tag.name).toBeLessThan(hh)
    }
    // Plausibility: conveyors run, drills cycle, pumps alternate, energy integrates power.
    expect(mean(col(rec, 'CV-101.Running'))).toBe(1)
    const drill = mean(col(rec, 'DR-201.Running'))
    expect(drill).toBeGreaterThan(0.6)
    expect(drill).toBeLessThan(0.95)
    expect(mean(col(rec, 'PU-401.Running')) + mean(col(rec, 'PU-402.Running'))).toBeGreaterThan(0.5)
    const energy = col(rec, 'CR-301.Energy')
    const kwh = energy[energy.length - 1]! - energy[0]!
    expect(kwh / 24).toBeCloseTo(mean(col(rec, 'CR-301.Power')), -1)
    const site = col(rec, 'EM-500.Power')
    const parts = EQUIPMENT.filter((e) => e.kind !== 'meter').map((e) => mean(col(rec, `${e.id}.Power`)))
    expect(mean(site)).toBeGreaterThan(parts.reduce((a, b) => a + b, 0))
  })

  it('runs a week without trips, and the morning round keeps lubricant above its low limit', () => {
    const rec = recordPlant({ seed: 1, durationS: 7 * 24 * H, intervalS: 600 })
    expect(rec.truth.trips).toEqual([])
    for (const tag of TAGS.filter((t) => t.variable.name === 'LubeLevel')) {
      expect(Math.min(...col(rec, tag.name)), tag.name).toBeGreaterThan(tag.variable.limits.L!)
    }
  })

  const degrading: Array<[string, string, RegExp]> = [
    ['CV-101', 'bearing-wear', /Vibration/],
    ['CR-301', 'bearing-wear', /Vibration/],
    ['PU-402', 'bearing-wear', /Vibration/],
    ['CV-102', 'lube-leak', /Temp/],
    ['DR-201', 'lube-leak', /Temp/],
    ['CR-301', 'lube-leak', /Temp/],
    ['CV-103', 'cooling-failure', /MotorTemp/],
    ['PU-401', 'cooling-failure', /MotorTemp/],
    ['DR-202', 'pressure-surge', /HydraulicPressure/],
    ['PU-401', 'pressure-surge', /DischargePressure/],
    ['CV-101', 'belt-overload', /MotorCurrent|MotorTemp/]
  ]
  it.each(degrading)('%s %s with default params fails in 4–12 simulated hours, for the right reason', (eq, fault, cause) => {
    for (const seed of [1, 2]) {
      const rec = recordPlant({ seed, durationS: 14 * H, scenario: inject(eq, fault) })
      const t = rec.truth.faults[0]!
      expect(t.failureS, `seed ${seed}`).not.toBeNull()
      const hours = (t.failureS! - t.startS) / H
      expect(hours, `seed ${seed}`).toBeGreaterThanOrEqual(4)
      expect(hours, `seed ${seed}`).toBeLessThanOrEqual(12)
      expect(t.failureCause).toMatch(cause)
      expect(rec.truth.trips[0]?.equipment).toBe(eq)
      const failedRow = rec.rows.find((r) => r.failed.includes(eq))
      expect(failedRow!.timeS).toBeGreaterThanOrEqual(t.failureS!)
      expect(failedRow!.faults).toContain(`${eq}:${fault}`)
    }
  })

  it('bearing-wear: vibration grows first and accelerates; temperature follows later', () => {
    const rec = recordPlant({ seed: 1, durationS: 12 * H, scenario: inject('CR-301', 'bearing-wear', 0, { timeToFailureS: 8 * H }) })
    const vib = col(rec, 'CR-301.Vibration')
    const temp = col(rec, 'CR-301.BearingTemp')
    const at = (xs: number[], h: number): number => mean(xs.slice(h * 60 - 10, h * 60 + 10))
    expect(at(vib, 4) - at(vib, 1)).toBeGreaterThan(0.5)
    expect(at(vib, 7) - at(vib, 4)).toBeGreaterThan(2 * (at(vib, 4) - at(vib, 1)))
    expect(Math.abs(at(temp, 4) - at(temp, 1))).toBeLessThan(3)
    expect(at(temp, 7.5) - at(temp, 4)).toBeGreaterThan(5)
  })

  it('lube-leak: level falls faster than consumption before the temperature rises', () => {
    const rec = recordPlant({ seed: 1, durationS: 10 * H, scenario: inject('CV-102', 'lube-leak', 0, { timeToFailureS: 6 * H }) })
    const lube = col(rec, 'CV-102.LubeLevel')
    const temp = col(rec, 'CV-102.MotorTemp')
    expect(lube[180]! - lube[0]!).toBeLessThan(-15)
    expect(Math.abs(temp[180]! - temp[0]!)).toBeLessThan(8)
    expect(rec.truth.faults[0]!.failureCause).toMatch(/MotorTemp/)
  })

  it('belt-overload raises belt load and motor current', () => {
    const rec = recordPlant({ seed: 1, durationS: 8 * H, scenario: inject('CV-101', 'belt-overload', 0, { timeToFailureS: 6 * H }) })
    expect(Math.max(...col(rec, 'CV-101.BeltLoad'))).toBeGreaterThan(2200)
    expect(Math.max(...col(rec, 'CV-101.MotorCurrent'))).toBeGreaterThan(330)
  })

  it('motor-trip stops the machine at once and counts as a failure at its start', () => {
    const rec = recordPlant({ seed: 1, durationS: 2 * H, scenario: inject('CV-101', 'motor-trip', 1800) })
    expect(rec.truth.faults[0]!.failureS).toBe(1800)
    const running = col(rec, 'CV-101.Running')
    expect(running[29]).toBe(1)
    expect(running.slice(30).every((x) => x === 0)).toBe(true)
    expect(col(rec, 'CV-101.Power').slice(30).every((x) => x === 0)).toBe(true)
  })

  it('sensor-stuck freezes the value with Good quality; sensor-drift and sensor-noise distort only the reading', () => {
    const stuck = recordPlant({ seed: 1, durationS: 2 * H, scenario: inject('CV-101', 'sensor-stuck', 1800, { variable: 'MotorTemp' }) })
    const t = col(stuck, 'CV-101.MotorTemp').slice(31)
    expect(new Set(t).size).toBe(1)
    expect(t.every((x) => !Number.isNaN(x))).toBe(true)
    expect(stuck.truth.faults[0]!.failureS).toBeNull()

    const base = recordPlant({ seed: 1, durationS: 4 * H })
    const drift = recordPlant({ seed: 1, durationS: 4 * H, scenario: inject('CV-101', 'sensor-drift', 0, { variable: 'MotorTemp', ratePerHour: 5 }) })
    const d = col(drift, 'CV-101.MotorTemp')
    const b = col(base, 'CV-101.MotorTemp')
    expect(d[240]! - b[240]!).toBeCloseTo(20, 0)
    expect(col(drift, 'CV-101.Vibration')).toEqual(col(base, 'CV-101.Vibration'))

    const noisy = recordPlant({ seed: 1, durationS: 4 * H, scenario: inject('PU-401', 'sensor-noise', 0, { variable: 'MotorTemp', amplitude: 5 }) })
    const diffs = (xs: number[]): number[] => xs.slice(1).map((x, i) => x - xs[i]!)
    expect(sd(diffs(col(noisy, 'PU-401.MotorTemp')))).toBeGreaterThan(5 * sd(diffs(col(base, 'PU-401.MotorTemp'))))
  })

  it('comms-loss blanks every tag of the equipment and nothing else', () => {
    const rec = recordPlant({ seed: 1, durationS: H, scenario: inject('DR-201', 'comms-loss', 1800) })
    const lines = recordingToCsv(rec).trim().split('\n')
    const header = lines[0]!.split(',')
    const last = lines[lines.length - 1]!.split(',')
    header.forEach((name, i) => {
      if (name.startsWith('DR-201.')) expect(last[i], name).toBe('')
      else if (name.includes('.')) expect(last[i], name).not.toBe('')
    })
  })

  it('puts fault start and failure times into the ground truth', () => {
    const rec = recordPlant({ seed: 3, durationS: 12 * H, scenario: inject('CV-101', 'bearing-wear', 3600, { timeToFailureS: 2 * H }) })
    const f = rec.truth.faults[0]!
    expect(f).toMatchObject({ equipment: 'CV-101', fault: 'bearing-wear', startS: 3600, start: '2026-01-01T01:00:00.000Z' })
    expect(f.failure).toBe(new Date(Date.parse('2026-01-01T00:00:00Z') + f.failureS! * 1000).toISOString())
    expect(rec.truth).toMatchObject({ seed: 3, durationS: 12 * H, intervalS: 60 })
  })
})
