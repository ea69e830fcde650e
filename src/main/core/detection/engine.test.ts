import { describe, expect, it } from 'vitest'
import { AnomalyEventSchema, type AnomalyEvent } from '../../../shared/anomaly'
import { STATUS_STALE } from '../../../shared/domain'
import { createEngineState, tickEngine } from './engine'
import { gauss, replay, rng, testTag, SHORT_LEARNING } from './testSupport'

const MIN = 60_000
const T0 = Date.UTC(2026, 0, 1)

/** One row per second: `f(seconds)` gives the value. */
function series(seconds: number, f: (s: number) => number): Array<{ t: number; values: number[] }> {
  return Array.from({ length: seconds }, (_, s) => ({ t: T0 + s * 1000, values: [f(s)] }))
}

describe('anomaly engine', () => {
  it('stays silent while a new tag learns, then flags a step with expected against actual and the action', () => {
    const r = rng(1)
    const tag = testTag({ name: 'CV-1.MotorTemp', index: 0, limits: {}, action: 'inspect motor' })
    const rows = series(3600, (s) => 60 + 0.2 * gauss(r) + (s >= 3000 ? 5 : 0))
    const events = replay([tag], rows)
    expect(events.filter((e) => e.time < T0 + 3000_000)).toEqual([])
    const raised = events.find((e) => e.detector === 'baseline' && e.active)!
    expect(raised).toBeDefined()
    expect(raised.kind).toBe('anomaly')
    expect(raised.expected).toBeCloseTo(60, 0)
    expect(raised.actual).toBeGreaterThan(63)
    expect(raised.action).toBe('inspect motor')
    expect(raised.message).toContain('inspect motor')
    for (const e of events) AnomalyEventSchema.parse(e)
  })

  it('judges temperature against load: hot at full load is normal, the same heat idle is not', () => {
    const r = rng(2)
    const power = testTag({ name: 'CV-1.Power', index: 0, signal: 'power', euRange: { low: 0, high: 200 }, limits: {} })
    const temp = testTag({ name: 'CV-1.MotorTemp', index: 1, limits: {}, detectors: { disable: ['rate', 'drift', 'trend'] } })
    // Load alternates every half hour; the motor follows it with a 20-minute thermal lag.
    let lag = 20
    const rows = Array.from({ length: 8 * 360 }, (_, k) => {
      const s = k * 10
      const p = Math.floor(s / 1800) % 2 === 0 ? 20 : 100
      lag += (1 - Math.exp(-10 / 1200)) * (p - lag)
      const idleButHot = s >= 6 * 3600 && p === 20
      return { t: T0 + s * 1000, values: [p + gauss(r), 40 + 0.3 * lag + 0.2 * gauss(r) + (idleButHot ? 15 : 0)] }
    })
    const events = replay([power, temp], rows)
    const baseline = events.filter((e) => e.detector === 'baseline' && e.active)
    expect(baseline.length).toBeGreaterThan(0)
    expect(baseline.every((e) => e.time >= T0 + 6 * 3600_000 && e.tag === 'CV-1.MotorTemp')).toBe(true)
    expect(baseline[0]!.actual! - baseline[0]!.expected!).toBeGreaterThan(10)
    expect(baseline[0]!.message).toContain('for this load')
  })

  it('predicts the time to H and HH on a ramp and raises a predictive alarm before the limit', () => {
    const r = rng(3)
    const tag = testTag({ name: 'CV-1.BearingTemp', index: 0, limits: { H: 90, HH: 105 } })
    // 60 °C for two hours, then +0.5 °C/min: H (90) is reached 60 min into the ramp.
    const rows = series(4 * 3600, (s) => 60 + 0.2 * gauss(r) + (s > 7200 ? ((s - 7200) / 60) * 0.5 : 0))
    const events = replay([tag], rows)
    const predictive = events.find((e) => e.kind === 'predictive' && e.active)!
    const limitH = events.find((e) => e.detector === 'limit' && e.active)!
    expect(predictive).toBeDefined()
    expect(predictive.etaLimit).toBe('H')
    const trueEta = 7200 + 3600 - (predictive.time - T0) / 1000
    expect(Math.abs(predictive.etaSeconds! - trueEta)).toBeLessThan(Math.max(300, 0.25 * trueEta))
    expect(predictive.etaUncertaintySeconds).toBeGreaterThan(0)
    expect(predictive.message).toMatch(/H in .*HH in/)
    expect(limitH.time - predictive.time).toBeGreaterThan(20 * MIN)
  })

  it('tells a standing prediction again only when its ETA moves materially, rate-limited, never as a new raise', () => {
    const r = rng(4)
    const tag = testTag({ name: 'CV-1.BearingTemp', index: 0, limits: { H: 90, HH: 105 }, detectors: { disable: ['limit'] } })
    // Wear that accelerates: 60 °C for two hours, then a quadratic rise reaching H (90) 60 min in.
    const hAtS = 7200 + 3600
    const rows = series(4 * 3600, (s) => 60 + 0.2 * gauss(r) + (s > 7200 ? 30 * ((s - 7200) / 3600) ** 2 : 0))
    const trend = replay([tag], rows).filter((e) => e.detector === 'trend')
    const raise = trend[0]!
    expect(raise).toMatchObject({ active: true, kind: 'predictive', etaLimit: 'H' })
    expect(raise.update).toBeUndefined()
    const updates = trend.filter((e) => e.update !== undefined)
    expect(updates.length).toBeGreaterThan(0)
    for (const u of updates) {
      AnomalyEventSchema.parse(u)
      expect(u).toMatchObject({ id: raise.id, active: true, update: 'prediction', kind: 'predictive' })
    }
    // One occurrence: raised once, cleared at most once, and every update lies between.
    expect(trend.filter((e) => e.active && e.update === undefined)).toHaveLength(1)
    const cleared = trend.find((e) => !e.active)?.time ?? Infinity
    expect(updates.every((u) => u.time > raise.time && u.time < cleared)).toBe(true)
    // Rate-limited (a tenth of the 30-minute trend window between two pieces of news), and each
    // moved the ETA told before, counted down, by more than 10 % of it, or named another limit.
    const told = [raise, ...updates]
    for (let i = 1; i < told.length; i++) {
      const [before, now] = [told[i - 1]!, told[i]!]
      expect(now.time - before.time).toBeGreaterThanOrEqual(180_000)
      const projected = before.etaSeconds! - (now.time - before.time) / 1000
      if (now.etaLimit === before.etaLimit) expect(Math.abs(now.etaSeconds! - projected)).toBeGreaterThan(0.1 * Math.max(0, projected))
    }
    // The news follows the truth: the last word before H is within a quarter of the time left,
    // and past H the prediction names HH.
    const beforeH = updates.filter((u) => u.etaLimit === 'H').at(-1)!
    const left = hAtS - (beforeH.time - T0) / 1000
    expect(Math.abs(beforeH.etaSeconds! - left)).toBeLessThan(Math.max(180, 0.25 * left))
    expect(updates.some((u) => u.etaLimit === 'HH' && u.time > T0 + hAtS * 1000)).toBe(true)
  })

  it('judges a plant running 60× fast as the same plant in real time when told its time scale', () => {
    const r = rng(3)
    const tag = testTag({ name: 'CV-1.BearingTemp', index: 0, limits: { H: 90, HH: 105 }, detectors: { disable: ['limit'] } })
    const rows = series(4 * 3600, (s) => 60 + 0.2 * gauss(r) + (s > 7200 ? ((s - 7200) / 60) * 0.5 : 0))
    const fast = rows.map((row) => ({ ...row, t: T0 + (row.t - T0) / 60 }))
    const real = replay([tag], rows).filter((e) => e.kind !== 'data-quality')
    const scaled = replay([tag], fast, { timeScale: 60 }).filter((e) => e.kind !== 'data-quality')
    expect(real.some((e) => e.kind === 'predictive')).toBe(true)
    expect(scaled.map((e) => [e.condition, e.active])).toEqual(real.map((e) => [e.condition, e.active]))
    const eta = (events: AnomalyEvent[]) => events.find((e) => e.kind === 'predictive')!.etaSeconds!
    expect(eta(scaled)).toBeCloseTo(eta(real) / 60, 0)
    expect(scaled[0]!.time).toBeCloseTo(T0 + (real[0]!.time - T0) / 60, -3)
    // Without the scale the engine sees four minutes of data: still learning, it cannot warn.
    expect(replay([tag], fast).some((e) => e.kind === 'predictive')).toBe(false)
  })

  it('judges only the dangerous way of a one-sided tag: a top-up is fine, a leak is not', () => {
    const r = rng(8)
    const tag = testTag({ name: 'CV-1.LubeLevel', index: 0, signal: 'level', unit: '%', euRange: { low: 0, high: 100 }, limits: { L: 30, LL: 15 } })
    const level = (s: number): number => {
      if (s < 7200) return 75 - s / 3600
      if (s < 10_800) return 90 - (s - 7200) / 3600
      return 89 - (s - 10_800) / 120
    }
    const events = replay([tag], series(4 * 3600, (s) => level(s) + 0.1 * gauss(r))).filter((e) => e.active && e.kind !== 'data-quality')
    expect(events.length).toBeGreaterThan(0)
    expect(events.every((e) => e.time > T0 + 10_800_000)).toBe(true)
    expect(events[0]!.message).toContain('below')
  })

  it('judges a motor temperature hot-side only, though it has a frost limit', () => {
    const r = rng(9)
    const tag = testTag({ name: 'CV-1.MotorTemp', index: 0, limits: { HH: 105, H: 90, L: 5 }, detectors: { disable: ['limit'] } })
    const step = (delta: number) => replay([tag], series(3600, (s) => 60 + 0.2 * gauss(r) + (s >= 3000 ? delta : 0))).filter((e) => e.active && e.kind !== 'data-quality')
    expect(step(-8)).toEqual([])
    expect(step(8).some((e) => e.detector === 'baseline' && e.message.includes('above'))).toBe(true)
  })

  it('catches a slow creep with the drift detector', () => {
    const r = rng(4)
    const tag = testTag({ name: 'PU-1.Vibration', index: 0, signal: 'vibration', euRange: { low: 0, high: 20 }, limits: {} })
    const rows = series(5 * 3600, (s) => 2 + 0.05 * gauss(r) + (s > 3600 ? ((s - 3600) / 3600) * 0.3 : 0))
    const drift = replay([tag], rows).find((e) => e.detector === 'drift' && e.active)
    expect(drift).toBeDefined()
    expect(drift!.time).toBeGreaterThan(T0 + 3600_000)
  })

  it('raises limits at once (the one limit evaluator: no on-delay unless the tag asks), clears them past the deadband after the off-delay', () => {
    const tag = testTag({ name: 'CV-1.MotorTemp', index: 0, deadband: 2 })
    const values = [80, 91, 91, 91, 91, 89, 89, 89, 89, 89, 89, 87, 87, 87, 87, 87, 87, 87]
    const events = replay([tag], values.map((v, s) => ({ t: T0 + s * 1000, values: [v] })))
      .filter((e) => e.detector === 'limit')
    expect(events.map((e) => [e.condition, e.active, (e.time - T0) / 1000])).toEqual([
      ['limit:CV-1.MotorTemp:H', true, 1],
      ['limit:CV-1.MotorTemp:H', false, 16]
    ])
  })

  it('reports bad data as data quality, never as an anomaly, and keeps going', () => {
    const r = rng(5)
    const tag = testTag({ name: 'CV-1.MotorTemp', index: 0, limits: { H: 90 } })
    const rows: Array<{ t: number; values: number[]; status?: number[] }> = series(1200, () => 60 + 0.2 * gauss(r))
    const bad = [
      { t: T0 + 1200_000, values: [Number.NaN] },
      { t: T0 + 1201_000, values: [Infinity] },
      { t: T0 + 1202_000, values: [500], status: [STATUS_STALE] },
      { t: T0 + 1100_000, values: [60] },
      { t: Number.NaN, values: [60] },
      { t: T0 + 1202_000, values: [60] },
      { t: T0 + 1203_000, values: [1e9] },
      { t: T0 + 1204_000, values: [60] },
      { t: T0 + 1304_000, values: [60] },
      { t: T0 + 1305_000, values: [60] }
    ]
    const events = replay([tag], [...rows, ...bad])
    expect(events.filter((e) => e.kind !== 'data-quality')).toEqual([])
    const raised = new Set(events.filter((e) => e.active).map((e) => e.condition.split(':').pop()))
    expect(raised).toEqual(new Set(['invalid', 'quality', 'time', 'range', 'gap']))
    expect(events.filter((e) => e.active).length).toBe(events.filter((e) => !e.active).length)
  })

  it('marks a stuck value and a silent tag', () => {
    const tag = testTag({ name: 'CV-1.MotorTemp', index: 0, detectors: { stuckAfterS: 60, staleAfterS: 10 } })
    const events = replay([tag], series(120, () => 50))
    expect(events.some((e) => e.condition === 'health:CV-1.MotorTemp:stuck' && e.active)).toBe(true)
    const st = createEngineState([tag], SHORT_LEARNING)
    replay([tag], series(5, (s) => 50 + s), {}, st)
    expect(tickEngine(st, T0 + 8000)[1]).toEqual([])
    const [, stale] = tickEngine(st, T0 + 20_000)
    expect(stale.map((e) => [e.condition, e.kind, e.active])).toEqual([['health:CV-1.MotorTemp:stale', 'data-quality', true]])
  })

  it('keeps expecting the same value at the same load when the mean load moves (a day shift after a quiet stretch)', () => {
    const r = rng(9)
    const load = testTag({ name: 'CR-1.FeedRate', index: 0, equipment: 'CR-1', signal: 'flow', unit: 't/h', euRange: { low: 0, high: 4000 }, limits: {} })
    const power = testTag({ name: 'CR-1.Power', index: 1, equipment: 'CR-1', signal: 'power', unit: 'kW', euRange: { low: 0, high: 600 }, limits: {} })
    // Power follows the feed exactly (plus meter noise); two hours at a low feed, then six at a high one.
    const rows = Array.from({ length: 8 * 360 }, (_, k) => {
      const feed = (k < 720 ? 1500 : 2800) + 100 * gauss(r)
      return { t: T0 + k * 10_000, values: [feed, 90 + 0.09 * feed + 2 * gauss(r)] }
    })
    const raised = replay([load, power], rows).filter((e) => e.active && e.kind === 'anomaly')
    expect(raised.map((e) => `${e.detector}: ${e.message}`)).toEqual([])
  })

  it('does not count a stopped machine’s silence as a stuck value: a server reports only changes', () => {
    const running = testTag({ name: 'PU-1.Running', index: 0, equipment: 'PU-1', signal: 'state', unit: '', euRange: { low: 0, high: 1 }, limits: {} })
    const energy = testTag({ name: 'PU-1.Energy', index: 1, equipment: 'PU-1', signal: 'energy', unit: 'kWh', euRange: { low: 0, high: 1e7 }, limits: {}, detectors: { stuckAfterS: 600 } })
    const st = createEngineState([running, energy], SHORT_LEARNING)
    let kwh = 1000
    const startAt = T0 + 600_000 + 2 * 3_600_000
    const rows = [
      ...Array.from({ length: 600 }, (_, s) => ({ t: T0 + s * 1000, values: [1, (kwh += 0.03)] })),
      // Stopped for two hours: the state reports once, the counter nothing.
      { t: T0 + 600_000, values: [0] },
      // Started: the counter's first report is the value it stopped at, then it counts again.
      { t: startAt, values: [1, kwh] },
      ...Array.from({ length: 60 }, (_, s) => ({ t: startAt + (s + 1) * 1000, values: [1, (kwh += 0.03)] }))
    ]
    const stuck = (events: AnomalyEvent[]) => events.filter((e) => e.condition === 'health:PU-1.Energy:stuck' && e.active)
    expect(stuck(replay([running, energy], rows, {}, st))).toEqual([])
    // Running, a counter that stops counting is stuck all the same.
    const flat = Array.from({ length: 700 }, (_, s) => ({ t: startAt + (61 + s) * 1000, values: [1, kwh] }))
    expect(stuck(replay([running, energy], flat, {}, st)).map((e) => e.detail)).toEqual([expect.stringMatching(/^value unchanged for 60\d s$/)])
  })

  it('notices when a machine’s tags stop moving together and names each tag’s share', () => {
    const r = rng(6)
    const a = testTag({ name: 'CV-1.Power', index: 0, signal: 'power', limits: {}, detectors: { disable: ['baseline', 'drift', 'trend'] } })
    const b = testTag({ name: 'CV-1.Current', index: 1, signal: 'current', limits: {}, detectors: { disable: ['baseline', 'drift', 'trend'] } })
    const rows = Array.from({ length: 1500 }, (_, s) => {
      const x = 20 + 80 * r()
      const y = s < 1200 ? 2 * x + gauss(r) : 2 * (120 - x) + gauss(r)
      return { t: T0 + s * 1000, values: [x, y] }
    })
    const mv = replay([a, b], rows, { multivariateLearningFrames: 600, multivariateLearningS: 600 }).filter((e) => e.detector === 'multivariate' && e.active)
    expect(mv.length).toBeGreaterThan(0)
    expect(mv[0]!.time).toBeGreaterThanOrEqual(T0 + 1200_000)
    expect(mv[0]!.equipment).toBe('CV-1')
    expect(mv[0]!.contributions.map((c) => c.tag).sort()).toEqual(['CV-1.Current', 'CV-1.Power'])
    expect(mv[0]!.contributions.reduce((s, c) => s + c.share, 0)).toBeCloseTo(1, 5)
  })

  it('takes each machine’s model settings and action from the tag map, and the top contributor’s action by default', () => {
    const r = rng(6)
    const quiet = { disable: ['baseline', 'drift', 'trend'] as const }
    const a = testTag({ name: 'CV-1.Power', index: 0, signal: 'power', limits: {}, action: 'check belt load', detectors: { disable: [...quiet.disable] } })
    const b = testTag({ name: 'CV-1.Current', index: 1, signal: 'current', limits: {}, action: 'check motor windings', detectors: { disable: [...quiet.disable] } })
    const rows = Array.from({ length: 1500 }, (_, s) => {
      const x = 20 + 80 * r()
      const y = s < 1200 ? 2 * x + gauss(r) : 2 * (120 - x) + gauss(r)
      return { t: T0 + s * 1000, values: [x, y] }
    })
    // Engine-wide learning is too long for this data: only the machine's own settings let it learn.
    const slow = { multivariateLearningFrames: 5000, multivariateLearningS: 20_000 }
    const raised = (equipment?: Record<string, { detectors: object }>) =>
      replay([a, b], rows, { ...slow, equipment }).filter((e) => e.detector === 'multivariate' && e.active)
    expect(raised()).toEqual([])
    const own = { learningFrames: 600, learningS: 600 }
    const byTop = raised({ 'CV-1': { detectors: own } })
    expect(byTop.length).toBeGreaterThan(0)
    const top = byTop[0]!.contributions[0]!.tag
    expect(byTop[0]!.action).toBe(top === 'CV-1.Power' ? 'check belt load' : 'check motor windings')
    const named = raised({ 'CV-1': { detectors: { ...own, action: 'inspect drive train' } } })
    expect(named[0]!.action).toBe('inspect drive train')
    expect(named[0]!.message).toContain('Suggested action: inspect drive train')
    expect(raised({ 'CV-1': { detectors: { ...own, disable: ['multivariate'] } } })).toEqual([])
    // The limit scales with the margin (default 4): the same break is a third as many limits at 12.
    const ratio = (e: AnomalyEvent): number => Number(/ ([\d.]+)× limit/.exec(e.detail)?.[1])
    const wide = raised({ 'CV-1': { detectors: { ...own, limitMargin: 12 } } })
    expect(ratio(wide[0]!)).toBeCloseTo(ratio(byTop[0]!) / 3, 0)
  })

  it('is causal and replays identically', () => {
    const tag = testTag({ name: 'CV-1.BearingTemp', index: 0 })
    const make = (seed: number, future: number): Array<{ t: number; values: number[] }> => {
      const r = rng(seed)
      return series(3 * 3600, (s) => 60 + 0.2 * gauss(r) + (s > 7200 ? ((s - 7200) / 60) * future : 0))
    }
    const full = replay([tag], make(7, 0.5))
    const prefix = replay([tag], make(7, 0.5).slice(0, 7201))
    const other = replay([tag], make(7, -0.8))
    const upTo = (es: typeof full): typeof full => es.filter((e) => e.time <= T0 + 7200_000)
    expect(upTo(full)).toEqual(prefix)
    expect(upTo(other)).toEqual(prefix)
    expect(replay([tag], make(7, 0.5))).toEqual(full)
  })
})

describe('seasonality', () => {
  it('learns a daily pattern so the same swing stops looking abnormal', () => {
    const r = rng(9)
    const tag = testTag({ name: 'CV-1.MotorTemp', index: 0, limits: {}, detectors: { seasonal: true } })
    const st = createEngineState([tag], SHORT_LEARNING)
    const meanAbsResidual = (day: number): number => {
      let sum = 0
      let n = 0
      for (let s = day * 86_400; s < (day + 1) * 86_400; s += 30) {
        const v = 50 + 6 * Math.sin((2 * Math.PI * s) / 86_400) + 0.3 * gauss(r)
        replay([tag], [{ t: T0 + s * 1000, values: [v] }], {}, st)
        sum += Math.abs(v - st.tags[0]!.baseline.expected)
        n++
      }
      return sum / n
    }
    const first = meanAbsResidual(0)
    meanAbsResidual(1)
    meanAbsResidual(2)
    const fourth = meanAbsResidual(3)
    expect(fourth).toBeLessThan(first * 0.6)
  })
})
