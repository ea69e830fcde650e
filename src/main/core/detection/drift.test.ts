import { describe, expect, it } from 'vitest'
import { resolveTagConfig } from './config'
import { newDriftState, stepDrift } from './drift'
import { testTag } from './testSupport'
import { newCondition } from './types'

// Feeds a constant residual of `z` reference spreads, one sample a minute; returns the minute
// the drift condition first goes active, or null.
function minutesToRaise(signal: 'temperature' | 'vibration', z: number, minutes: number): number | null {
  const tag = testTag({ name: 'T', index: 0, signal })
  const c = resolveTagConfig(tag, [tag])
  const s = newDriftState()
  const out = newCondition('drift', 'anomaly')
  for (let m = 0; m <= minutes; m++) {
    stepDrift(s, { t: m * 60_000, v: 50 + z, status: 0 }, 50, 1, c, true, out)
    if (out.active) return m
  }
  return null
}

describe('drift (time-weighted CUSUM)', () => {
  it('accumulates at most 3 σ·min per minute above its allowance, whatever the signal kind', () => {
    // Temperature: k 2.5, h 60 → 20 min at the top rate; vibration: k 1, h 40 → 14 min.
    expect(minutesToRaise('temperature', 100, 60)).toBe(21)
    expect(minutesToRaise('vibration', 100, 60)).toBe(14)
    // Below the clip the rate is at most the residual less the allowance, 4.5 − 2.5 = 2 σ·min
    // per minute (31 min), a little less as the reference spread widens until the drift is declared.
    const m = minutesToRaise('temperature', 4.5, 60)
    expect(m).toBeGreaterThanOrEqual(31)
    expect(m).toBeLessThan(40)
  })

  it('takes no drift from a residual inside the allowance, however long it lasts', () => {
    expect(minutesToRaise('temperature', 2.4, 24 * 60)).toBeNull()
  })

  it('lets one outlier add no more than one minute at the top rate', () => {
    const tag = testTag({ name: 'T', index: 0, signal: 'temperature' })
    const c = resolveTagConfig(tag, [tag])
    const s = newDriftState()
    const out = newCondition('drift', 'anomaly')
    stepDrift(s, { t: 0, v: 50, status: 0 }, 50, 1, c, true, out)
    stepDrift(s, { t: 60_000, v: 1e6, status: 0 }, 50, 1, c, true, out)
    expect(s.up).toBeCloseTo(3, 9)
    expect(out.active).toBe(false)
  })
})
