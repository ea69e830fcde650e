import { describe, expect, it } from 'vitest'
import { acceleratedCrossing, newCurveState, stepCurve } from './curve'
import { ewAlpha } from './types'

const TAU_S = 100

/** Fits `f(t)` sampled every second for `seconds`, weighted as the trend's line weighs (see trend.ts). */
function fitted(seconds: number, f: (t: number) => number) {
  const q = newCurveState()
  let w = 0
  for (let t = 0; t <= seconds; t++) {
    const a = w < 1 ? 1 : Math.max(ewAlpha(1000, TAU_S), 1 / (w + 1))
    w = (1 - a) * w + 1
    stepCurve(q, t === 0 ? Number.NaN : 1 / TAU_S, a, f(t))
  }
  return { q, w }
}

describe('the bend of a trend', () => {
  it('finds where an accelerating rise reaches its limit along the level and slope of now', () => {
    // y = 10 + 0.01 t + 0.0005 t²: at 300 s it is 58 and rising 0.31/s, so 42 short of 100 is
    // 135.5 s along the tangent (a line through the window, with the slope of its middle, says later).
    const { q, w } = fitted(300, (t) => 10 + 0.01 * t + 0.0005 * t * t)
    const hit = acceleratedCrossing(q, TAU_S, w, 100, 1)!
    expect(hit.etaS).toBeCloseTo(42 / 0.31, 1)
    expect(hit.sigmaS).toBeLessThan(1)
    // The same fall towards a low limit.
    const down = fitted(300, (t) => -(10 + 0.01 * t + 0.0005 * t * t))
    expect(acceleratedCrossing(down.q, TAU_S, down.w, -100, -1)!.etaS).toBeCloseTo(hit.etaS, 1)
  })

  it('says nothing of a straight or slowing rise, a noisy one, or a limit already passed', () => {
    let seed = 7
    const noise = (): number => {
      seed = (seed * 16807) % 2147483647
      return seed / 2147483647 - 0.5
    }
    const line = fitted(600, (t) => 10 + 0.05 * t + noise())
    expect(acceleratedCrossing(line.q, TAU_S, line.w, 100, 1)).toBeNull()
    const slowing = fitted(300, (t) => 10 + 0.31 * t - 0.0005 * t * t)
    expect(acceleratedCrossing(slowing.q, TAU_S, slowing.w, 100, 1)).toBeNull()
    const passed = fitted(300, (t) => 10 + 0.01 * t + 0.0005 * t * t)
    expect(acceleratedCrossing(passed.q, TAU_S, passed.w, 50, 1)).toBeNull()
  })
})
