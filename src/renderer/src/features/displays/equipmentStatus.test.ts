import { describe, expect, it } from 'vitest'
import type { Alarm } from '../../../../shared/domain'
import { alarmStatusByEquipment, nextUnacknowledgedEquipment, noAlarms, RUN_STATE_TEXT, runState, secondsLeft, type RunningFeedback } from './equipmentStatus'

const alarm = (over: Partial<Alarm>): Alarm => ({
  id: over.id ?? Math.random().toString(36),
  tag: 'CV-101.Vibration',
  equipment: 'CV-101',
  kind: 'limit',
  limit: 'H',
  priority: 3,
  state: 'unacknowledged',
  active: true,
  message: 'm',
  value: 1,
  threshold: 1,
  unit: '',
  raisedAt: 1000,
  ...over
})

describe('alarmStatusByEquipment', () => {
  it('gives each tag the highest priority of its holding alarms, returned ones left out, per machine', () => {
    const byEquipment = alarmStatusByEquipment([
      alarm({ id: 'a', priority: 3 }),
      alarm({ id: 'b', priority: 1, limit: 'HH' }),
      alarm({ id: 'c', tag: 'CV-101.MotorTemp', priority: 2, state: 'returned-unacknowledged' }),
      alarm({ id: 'd', tag: 'CV-102.Vibration', equipment: 'CV-102', priority: 4 })
    ])
    expect([...byEquipment.get('CV-101')!.priorities]).toEqual([['CV-101.Vibration', 1]])
    expect([...byEquipment.get('CV-102')!.priorities]).toEqual([['CV-102.Vibration', 4]])
  })

  it('gives every machine without alarms one shared status, so a new alarm list redraws only the machines it changed', () => {
    const one = alarmStatusByEquipment([alarm({ equipment: 'CV-102', tag: 'CV-102.Vibration' })])
    const two = alarmStatusByEquipment([])
    expect(one.get('CV-101') ?? noAlarms()).toBe(two.get('CV-101') ?? noAlarms())
    expect(noAlarms().priorities.size).toBe(0)
    expect(one.get('CV-102')).not.toBe(noAlarms())
  })

  it('picks the most urgent alarm, unacknowledged before acknowledged, holding before returned', () => {
    const status = alarmStatusByEquipment([
      alarm({ id: 'a', priority: 2, state: 'acknowledged' }),
      alarm({ id: 'b', priority: 2, state: 'returned-unacknowledged' }),
      alarm({ id: 'c', priority: 2, state: 'unacknowledged' }),
      alarm({ id: 'd', priority: 3 })
    ]).get('CV-101')!
    expect(status.top?.id).toBe('c')
    expect(status.active).toBe(4)
    expect(status.unacknowledged).toBe(3)
    expect(status.verdict).toBe('anomaly')
  })

  it('says watch for a predicted crossing with its soonest time, and leaves system alarms out', () => {
    const status = alarmStatusByEquipment([
      alarm({ kind: 'predictive', limit: 'HH', eta: { seconds: 600, uncertaintySeconds: 60, at: 0 } }),
      alarm({ kind: 'predictive', tag: 'CV-101.MotorTemp', limit: 'H', eta: { seconds: 300, uncertaintySeconds: 60, at: 100_000 } }),
      alarm({ kind: 'system', equipment: 'Plantwatch' })
    ])
    const cv = status.get('CV-101')!
    expect(cv.verdict).toBe('watch')
    expect(cv.eta).toMatchObject({ tag: 'CV-101.MotorTemp', limit: 'H' })
    expect(secondsLeft(cv.eta!, 160_000)).toBe(240)
    expect(secondsLeft(cv.eta!, 10_000_000)).toBe(0)
    expect(status.has('Plantwatch')).toBe(false)
  })

  it('a returned anomaly is watch, not anomaly', () => {
    expect(alarmStatusByEquipment([alarm({ kind: 'anomaly', state: 'returned-unacknowledged' })]).get('CV-101')!.verdict).toBe('watch')
  })
})

describe('runState', () => {
  const learned = { equipment: 'CV-101', mode: 'running' as const, runningHours: 1, settleS: 60, regimes: [] }
  const feedback = (value: number | undefined, good = true): RunningFeedback => ({ value, good })

  it('takes stopped or running from the running feedback, starting and learning from the engine', () => {
    expect(runState({ ...learned, mode: 'starting' }, feedback(1))).toBe('starting')
    expect(runState(learned, feedback(0))).toBe('stopped')
    expect(runState({ ...learned, mode: 'stopped' }, feedback(1))).toBe('running')
    expect(runState({ ...learned, mode: 'stopped', learning: true }, feedback(1))).toBe('learning')
    expect(runState({ ...learned, learning: true }, feedback(0))).toBe('stopped')
    expect(runState(undefined, feedback(1))).toBe('running')
    expect(runState(undefined, feedback(0))).toBe('stopped')
  })

  it('claims no state before the running feedback has a value, whatever the engine learned before', () => {
    // Right after a start the engine's mode comes from the learned state saved at the last shutdown.
    expect(runState({ ...learned, mode: 'stopped' }, feedback(undefined))).toBe('no-value')
    expect(runState({ ...learned, mode: 'stopped', learning: true }, feedback(undefined))).toBe('no-value')
    expect(runState(learned, feedback(Number.NaN))).toBe('no-value')
    expect(runState(undefined, feedback(undefined))).toBe('no-value')
    expect(RUN_STATE_TEXT['no-value']).toBe('No value')
  })

  it('live running feedback wins over a stale engine mode', () => {
    expect(runState({ ...learned, mode: 'stopped' }, feedback(1))).toBe('running')
    expect(runState({ ...learned, mode: 'starting' }, feedback(0))).toBe('stopped')
    expect(runState(learned, feedback(0))).toBe('stopped')
  })

  it('says unknown while the running feedback is bad (comms lost), not its last value', () => {
    expect(runState({ ...learned, mode: 'stopped' }, feedback(1, false))).toBe('unknown')
    expect(runState(learned, feedback(0, false))).toBe('unknown')
  })

  it('uses the engine mode only for a machine without running feedback', () => {
    expect(runState({ ...learned, learning: true }, undefined)).toBe('learning')
    expect(runState({ ...learned, mode: 'stopped', learning: true }, undefined)).toBe('stopped')
    expect(runState(learned, undefined)).toBe('running')
    expect(runState(undefined, undefined)).toBe('unknown')
  })
})

describe('nextUnacknowledgedEquipment', () => {
  it('cycles through the machines of unacknowledged alarms in banner order', () => {
    const list = [
      alarm({ equipment: 'DR-201' }),
      alarm({ equipment: 'CV-101', state: 'acknowledged' }),
      alarm({ equipment: 'PU-401', state: 'returned-unacknowledged' }),
      alarm({ equipment: 'DR-201' })
    ]
    expect(nextUnacknowledgedEquipment(list, null)).toBe('DR-201')
    expect(nextUnacknowledgedEquipment(list, 'DR-201')).toBe('PU-401')
    expect(nextUnacknowledgedEquipment(list, 'PU-401')).toBe('DR-201')
    expect(nextUnacknowledgedEquipment(list, 'CV-101')).toBe('DR-201')
    expect(nextUnacknowledgedEquipment([alarm({ state: 'acknowledged' })], null)).toBeUndefined()
  })
})
