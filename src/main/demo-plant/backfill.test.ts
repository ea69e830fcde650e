import { describe, expect, it } from 'vitest'
import { backfillPlan } from './index'

describe('history backfilled at start', () => {
  it('covers a day of plant time, and 2.5 h of wall time on a sped-up plant, up to a week', () => {
    expect(backfillPlan(1)).toEqual({ spanS: 86_400, stepS: 10 })
    const at60 = backfillPlan(60)
    expect(at60.spanS / 60).toBe(9_000)
    expect(at60.spanS / at60.stepS).toBeLessThanOrEqual(20_000)
    expect(backfillPlan(100_000).spanS).toBe(7 * 86_400)
  })
})
