import { describe, expect, it } from 'vitest'
import { severityToPriority } from '../src/shared/serverCondition'
import { TagMapSchema } from '../src/shared/tagMap'
import { writeRefusal, type WritableTag } from '../src/shared/tagWrite'

const setpoint: WritableTag = { name: 'PU-401.Setpoint', unit: 'bar', euRange: { low: 0, high: 16 }, writable: true, writeLimits: { low: 2, high: 12, maxStep: 3 }, signal: 'pressure' }

describe('writeRefusal', () => {
  it('accepts a value inside the EU range and the write limits, within the step of the current value', () => {
    expect(writeRefusal(setpoint, 6)).toBeUndefined()
    expect(writeRefusal(setpoint, 6, 4)).toBeUndefined()
    expect(writeRefusal(setpoint, 12, 9)).toBeUndefined()
  })

  it('names the tag and the bound a value breaks, and says nothing was written', () => {
    expect(writeRefusal({ ...setpoint, writable: undefined }, 6)).toMatch(/PU-401\.Setpoint is not writable/)
    expect(writeRefusal(setpoint, Number.NaN)).toMatch(/finite number/)
    expect(writeRefusal(setpoint, 17)).toBe('PU-401.Setpoint: 17 bar is outside the EU range 0 to 16 bar; nothing was written')
    expect(writeRefusal(setpoint, 1)).toMatch(/below the write limit 2 bar/)
    expect(writeRefusal(setpoint, 13)).toMatch(/above the write limit 12 bar/)
    expect(writeRefusal(setpoint, 10, 6)).toMatch(/change of 4 bar \(from 6\) exceeds the step limit of 3 bar/)
  })

  it('refuses a step-limited write when the current value is unknown, and checks the step only once it is known', () => {
    expect(writeRefusal(setpoint, 10)).toBeUndefined()
    expect(writeRefusal(setpoint, 10, null)).toMatch(/current value is unknown/)
  })

  it('takes 0 or 1 for a state tag', () => {
    const pump = { ...setpoint, signal: 'state' as const, euRange: { low: 0, high: 1 }, writeLimits: undefined }
    expect(writeRefusal(pump, 1)).toBeUndefined()
    expect(writeRefusal(pump, 0.5)).toMatch(/write 0 \(off\) or 1 \(on\)/)
  })
})

describe('tag map write settings', () => {
  const base = { name: 'A', nodeId: 'ns=2;s=A', equipment: 'E', euRange: { low: 0, high: 10 } }
  it('wants writeLimits only on a writable tag, with low below high', () => {
    const issues = (tag: object) => TagMapSchema.safeParse({ version: 1, tags: [{ ...base, ...tag }] }).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? []
    expect(issues({ writable: true, writeLimits: { low: 1, high: 5 } })).toEqual([])
    expect(issues({ writeLimits: { low: 1 } })).toEqual(['tags.0.writeLimits: writeLimits need "writable": true on the tag'])
    expect(issues({ writable: true, writeLimits: { low: 5, high: 1 } })).toEqual(['tags.0.writeLimits: low must be below high'])
  })
})

describe('severityToPriority', () => {
  it('maps OPC UA severity bands to the 4 priorities at their edges', () => {
    const cases: Array<[number, number]> = [[1000, 1], [801, 1], [800, 2], [601, 2], [600, 3], [201, 3], [200, 4], [1, 4]]
    for (const [severity, priority] of cases) expect(severityToPriority(severity)).toBe(priority)
  })
})
