import { describe, expect, it } from 'vitest'
import type { Alarm } from '../../../shared/alarms'
import { SampleBatchSchema } from '../../../shared/contract'
import { STATUS_GOOD, STATUS_STALE, type ConnectionState, type EquipmentInfo, type TagInfo } from '../../../shared/domain'
import type { SignalKind } from '../../../shared/tagMap'
import { START_SUPPRESSION_MS, createDesignSuppression } from './designSuppression'

const tag = (index: number, name: string, signal: SignalKind): TagInfo => ({
  index,
  name,
  nodeId: `ns=2;s=${name}`,
  equipment: name.split('.')[0]!,
  signal,
  unit: '',
  euRange: { low: 0, high: 100 },
  limits: { L: 10 }
})
const tags = [tag(0, 'CV-1.Running', 'state'), tag(1, 'CV-1.Speed', 'speed'), tag(2, 'CV-1.MotorTemp', 'temperature'), tag(3, 'CV-2.Running', 'state'), tag(4, 'CV-2.MotorCurrent', 'current'), tag(5, 'CV-2.LubeLevel', 'level')]
const equipment: EquipmentInfo[] = [{ name: 'CV-1' }, { name: 'CV-2', upstream: ['CV-1'] }]
const low = (tagName: string, limit: 'L' | 'H' = 'L'): Alarm => ({
  id: `limit:${tagName}:${limit}`,
  tag: tagName,
  equipment: tagName.split('.')[0]!,
  kind: 'limit',
  limit,
  priority: 2,
  state: 'unacknowledged',
  active: true,
  message: '',
  value: 1,
  threshold: 10,
  unit: '',
  raisedAt: 0
})
const running = (values: Array<[number, number, number?]>) =>
  SampleBatchSchema.parse({
    seq: 0,
    tagIndex: Uint32Array.from(values.map(([i]) => i)),
    sourceTime: new Float64Array(values.length),
    value: Float64Array.from(values.map(([, v]) => v)),
    status: Uint32Array.from(values.map(([, , s]) => s ?? STATUS_GOOD))
  })

describe('designed suppression', () => {
  let link: ConnectionState = { status: 'connected', endpoint: 'opc.tcp://x', since: 0 }
  const s = createDesignSuppression(tags, equipment, () => link)

  it("suppresses a stopped machine's own low speed and current alarms, never its temperatures, levels or high alarms", () => {
    expect(s.update(running([[0, 0], [3, 1]]), 0)).toBe(true)
    expect(s.reason(low('CV-1.Speed'))).toBe('CV-1 is stopped')
    expect(s.reason(low('CV-1.MotorTemp'))).toBeUndefined()
    expect(s.reason(low('CV-1.Speed', 'H'))).toBeUndefined()
  })

  it('suppresses the starved low current downstream of a stopped machine, not its lube level', () => {
    expect(s.reason(low('CV-2.MotorCurrent'))).toBe('upstream CV-1 is stopped')
    expect(s.reason(low('CV-2.LubeLevel'))).toBeUndefined()
  })

  it('keeps suppressing through the start-up window, then lets the alarm through', () => {
    s.update(running([[0, 1]]), 1_000)
    expect(s.reason(low('CV-1.Speed'))).toBe('CV-1 is starting')
    expect(s.settling(1_000 + START_SUPPRESSION_MS - 1)).toBe(true)
    s.update(running([[0, 1]]), 1_000 + START_SUPPRESSION_MS)
    expect(s.reason(low('CV-1.Speed'))).toBeUndefined()
    expect(s.reason(low('CV-2.MotorCurrent'))).toBeUndefined()
  })

  it('suppresses nothing on an unknown running state (Bad quality)', () => {
    s.update(running([[0, 0, STATUS_STALE]]), 200_000)
    expect(s.reason(low('CV-1.Speed'))).toBeUndefined()
  })

  it('suppresses sensor-health alarms while the link is down', () => {
    const stuck = { ...low('CV-1.Speed'), kind: 'sensor-health' as const, limit: null }
    expect(s.reason(stuck)).toBeUndefined()
    link = { status: 'reconnecting', endpoint: 'opc.tcp://x', since: 0 }
    expect(s.reason(stuck)).toBe('the link to the OPC UA server is down')
  })
})
