import { describe, expect, it } from 'vitest'
import { SampleBatchSchema, type SampleBatch } from '../../../shared/contract'
import { STATUS_STALE, STATUS_GOOD, type TagInfo } from '../../../shared/domain'
import { createLimitAlarms, type LimitAlarms } from './limitAlarms'
import { limitConditionActive } from './limitEvaluator'
import { summaryFixture } from './testFixtures'

/** Limit alarms over a fresh summary; `evaluate` and `tick` say whether the list changed. */
function setup(tags: TagInfo[], clock: () => number = () => 0) {
  const { summary, transitions } = summaryFixture(clock)
  const limits = createLimitAlarms(tags, summary, clock)
  const changed = (run: () => void): boolean => {
    const before = transitions.length
    run()
    return transitions.length > before
  }
  const evaluate = Object.assign((b: SampleBatch) => changed(() => limits(b)), { tick: (now: number) => changed(() => limits.tick(now)) })
  return { evaluate, list: summary.list, acknowledge: (ids: string[]) => summary.acknowledge(ids, 'olga'), summary }
}

const vibration: TagInfo = {
  index: 0,
  name: 'CV-101.Vibration',
  nodeId: 'ns=2;s=CV-101.Vibration',
  equipment: 'CV-101',
  signal: 'vibration',
  unit: 'mm/s',
  euRange: { low: 0, high: 20 },
  limits: { HH: 11, H: 7.1 },
  deadband: 0.5,
  action: 'inspect bearing'
}
const lube: TagInfo = { ...vibration, index: 1, name: 'CV-101.LubeLevel', signal: 'level', unit: '%', limits: { L: 30 }, deadband: 1 }

let seq = 0
const batch = (values: Array<[number, number, number?]>, timeMs = 0): SampleBatch =>
  SampleBatchSchema.parse({
    seq: seq++,
    tagIndex: Uint32Array.from(values.map(([i]) => i)),
    sourceTime: Float64Array.from(values.map(() => timeMs)),
    value: Float64Array.from(values.map(([, v]) => v)),
    status: Uint32Array.from(values.map(([, , s]) => s ?? STATUS_GOOD))
  })

describe('limit conditions', () => {
  it('trips at the limit and clears only past the deadband', () => {
    expect(limitConditionActive('H', 7.1, 0.5, 7.1, false)).toBe(true)
    expect(limitConditionActive('H', 7.1, 0.5, 6.8, true)).toBe(true)
    expect(limitConditionActive('H', 7.1, 0.5, 6.5, true)).toBe(false)
    expect(limitConditionActive('L', 30, 1, 30.5, true)).toBe(true)
    expect(limitConditionActive('L', 30, 1, 31.5, true)).toBe(false)
  })
})

describe('ISA-18.2 limit alarms', () => {
  it('raises H then HH, sorted by priority, and explains itself', () => {
    let now = 1000
    const alarms = setup([vibration, lube], () => now)
    expect(alarms.evaluate(batch([[0, 5]]))).toBe(false)
    expect(alarms.evaluate(batch([[0, 8]]))).toBe(true)
    now = 2000
    alarms.evaluate(batch([[0, 12]]))
    const list = alarms.list()
    expect(list.map((a) => [a.limit, a.priority, a.state])).toEqual([
      ['HH', 1, 'unacknowledged'],
      ['H', 2, 'unacknowledged']
    ])
    expect(list[0]).toMatchObject({ kind: 'limit', tag: 'CV-101.Vibration', threshold: 11, value: 12, unit: 'mm/s', action: 'inspect bearing' })
    expect(list[0]?.message).toBe('Vibration above HH limit')
    alarms.evaluate(batch([[0, 13]]))
    expect(alarms.list()[0]?.value, 'an alarm keeps the value that raised it').toBe(12)
  })

  it('walks unacknowledged → acknowledged → cleared, and returned-unacknowledged → acknowledged → gone', () => {
    const alarms = setup([vibration, lube])
    alarms.evaluate(batch([[1, 20]]))
    expect(alarms.list()[0]?.state).toBe('unacknowledged')
    expect(alarms.acknowledge(['limit:CV-101.LubeLevel:L'])).toBe(1)
    expect(alarms.acknowledge(['limit:CV-101.LubeLevel:L'])).toBe(0)
    expect(alarms.list()[0]?.state).toBe('acknowledged')
    alarms.evaluate(batch([[1, 50]], 1000))
    alarms.evaluate(batch([[1, 50]], 7000))
    expect(alarms.list()).toEqual([])

    alarms.evaluate(batch([[1, 20]], 8000))
    alarms.evaluate(batch([[1, 50]], 9000))
    alarms.evaluate(batch([[1, 50]], 15_000))
    expect(alarms.list()[0]?.state).toBe('returned-unacknowledged')
    alarms.acknowledge(['limit:CV-101.LubeLevel:L'])
    expect(alarms.list()).toEqual([])
  })

  it('does not chatter: a value bouncing at its limit holds the alarm until it stays back inside for the off-delay', () => {
    const alarms = setup([vibration])
    const changes: string[] = []
    // Noise of ±0.6 mm/s around the H limit, one value per 100 ms, for 3 s.
    for (let k = 0; k < 30; k++) {
      if (alarms.evaluate(batch([[0, 7.1 + (k % 2 ? 0.6 : -0.6)]], k * 100))) changes.push(alarms.list()[0]?.state ?? 'none')
    }
    expect(changes).toEqual(['unacknowledged'])
    alarms.evaluate(batch([[0, 5]], 3000))
    expect(alarms.list()[0]?.state).toBe('unacknowledged')
    expect(alarms.evaluate(batch([[0, 5.1]], 8000))).toBe(true)
    expect(alarms.list()[0]?.state).toBe('returned-unacknowledged')
  })

  it('raises only after the on-delay when the tag map asks for one', () => {
    const alarms = setup([{ ...vibration, detectors: { onDelayS: 2, offDelayS: 0 } }])
    expect(alarms.evaluate(batch([[0, 8]], 0))).toBe(false)
    expect(alarms.evaluate(batch([[0, 6]], 1000))).toBe(false)
    alarms.evaluate(batch([[0, 8]], 1500))
    expect(alarms.evaluate(batch([[0, 8.5]], 3000))).toBe(false)
    expect(alarms.evaluate(batch([[0, 8.4]], 3500))).toBe(true)
    expect(alarms.list()[0]).toMatchObject({ limit: 'H', value: 8.4 })
    expect(alarms.evaluate(batch([[0, 6]], 4000))).toBe(true)
    expect(alarms.list()[0]?.state).toBe('returned-unacknowledged')
  })

  it('ignores NaN, Infinity and bad quality instead of raising or clearing', () => {
    const alarms = setup([vibration, lube])
    expect(alarms.evaluate(batch([[0, Number.NaN], [0, Number.POSITIVE_INFINITY], [0, 50, STATUS_STALE]]))).toBe(false)
    alarms.evaluate(batch([[0, 8]]))
    alarms.evaluate(batch([[0, 0, STATUS_STALE], [0, Number.NaN]]))
    expect(alarms.list().map((a) => a.state)).toEqual(['unacknowledged'])
  })

  it('ignores tag indices outside the map', () => {
    const alarms = setup([vibration])
    expect(alarms.evaluate(batch([[7, 100]]))).toBe(false)
  })

  it('returns an alarm to normal on time alone when the value settles inside its limit and stops changing', () => {
    let now = 0
    const { evaluate, list } = setup([vibration], () => now)
    evaluate(batch([[0, 8]], 0))
    expect(list().map((a) => a.id)).toEqual(['limit:CV-101.Vibration:H'])
    now = 1_000
    evaluate(batch([[0, 6]], 1_000))
    // No more values: the server sends changes only.
    now = 5_900
    expect(evaluate.tick(now)).toBe(false)
    now = 6_000
    expect(evaluate.tick(now)).toBe(true)
    expect(list()[0]!.state).toBe('returned-unacknowledged')
  })

  it('does not clear an alarm on time when the value went stale meanwhile', () => {
    let now = 0
    const { evaluate, list } = setup([vibration], () => now)
    evaluate(batch([[0, 8]], 0))
    evaluate(batch([[0, 6]], 1_000))
    evaluate(batch([[0, 6, STATUS_STALE]], 2_000))
    now = 60_000
    expect(evaluate.tick(now)).toBe(false)
    expect(list()[0]!.state).toBe('unacknowledged')
  })

  it('takes a configured limit out of service before it fires: a later crossing is evaluated and journaled, never annunciated', () => {
    let now = 0
    let limits: LimitAlarms | undefined
    const { summary, transitions } = summaryFixture(() => now, { configured: (id) => limits?.describe(id) })
    limits = createLimitAlarms([vibration, lube], summary, () => now)
    expect(limits.describe('limit:CV-101.Vibration:H')).toMatchObject({ tag: 'CV-101.Vibration', limit: 'H', priority: 2, threshold: 7.1, value: null, message: 'Vibration above H limit' })
    expect(limits.describe('limit:CV-101.Vibration:L')).toBeUndefined()
    expect(limits.describe('limit:No.Such.Tag:H')).toBeUndefined()
    summary.outOfService('limit:CV-101.Vibration:H', 'probe off for calibration', 'erin')
    expect(summary.list()).toEqual([expect.objectContaining({ id: 'limit:CV-101.Vibration:H', state: 'normal', outOfService: expect.objectContaining({ by: 'erin' }) })])
    limits(batch([[0, 8]], 0))
    now = 1_000
    limits(batch([[0, 6]], 1_000))
    now = 7_000
    limits.tick(now)
    expect(transitions.map((t) => `${t.kind}:${t.state}:${t.annunciated}`)).toEqual(['disable:normal:false', 'raise:unacknowledged:false', 'return:normal:false'])
    expect(transitions[1]).toMatchObject({ value: 8 })
    expect(summary.list().map((a) => [a.id, a.state, a.active])).toEqual([['limit:CV-101.Vibration:H', 'normal', false]])
    summary.returnToService('limit:CV-101.Vibration:H', 'erin')
    expect(summary.list()).toEqual([])
  })
})
