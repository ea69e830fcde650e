/**
 * The bend of a trend: an exponentially weighted least-squares parabola through the same
 * (Huberized) samples as the trend's line, with the same weights, O(1) per sample.
 *
 * Why: degradation accelerates. Bearing vibration grows roughly exponentially once a defect
 * has started (the degradation model of Gebraeel et al., "Residual-life distributions from
 * component degradation signals: a Bayesian approach", IIE Transactions 37(6), 2005), and a
 * line fitted over a window of such growth has the slope of the window's middle: too flat, so
 * its ETA comes too late, the unsafe side for a work order. A parabola is the local,
 * second-order view of that growth; its slope and level are those of now, not of the window's
 * middle. It is used only to bring an ETA nearer (see {@link acceleratedCrossing}).
 *
 * Sample ages are kept in units of the fit's time constant τ, with now at 0, so the moments
 * stay of order one however long the fit runs: each new sample shifts the older ages by the
 * time step (binomial expansion of the moments), then decays them like the line's.
 */
export interface CurveState {
  /** Value the fit is centred on (its first sample), so the sums stay small. */
  yRef: number
  /** Weighted means of age^k (k = 1..4; age ≤ 0, in τ) and of y·age^k (k = 0..2), and of y². */
  m1: number
  m2: number
  m3: number
  m4: number
  y0: number
  y1: number
  y2: number
  yy: number
}

/** An empty fit. */
export const newCurveState = (): CurveState => ({ yRef: Number.NaN, m1: 0, m2: 0, m3: 0, m4: 0, y0: 0, y1: 0, y2: 0, yy: 0 })

/**
 * Adds sample `y` taken `dtTau` time constants after the previous one, with weight `a`
 * (the line's exponential weight for this step; 1 restarts the fit).
 */
export function stepCurve(q: CurveState, dtTau: number, a: number, y: number): void {
  if (Number.isNaN(q.yRef)) q.yRef = y
  const v = y - q.yRef
  const d = dtTau > 0 ? dtTau : 0
  // Every older age moves d further into the past: (age − d)^k, expanded over the moments.
  const { m1, m2, m3, y0, y1 } = q
  const d2 = d * d
  const d3 = d2 * d
  const b = 1 - a
  q.m4 = b * (q.m4 - 4 * d * m3 + 6 * d2 * m2 - 4 * d3 * m1 + d3 * d)
  q.m3 = b * (m3 - 3 * d * m2 + 3 * d2 * m1 - d3)
  q.m2 = b * (m2 - 2 * d * m1 + d2)
  q.m1 = b * (m1 - d)
  q.y2 = b * (q.y2 - 2 * d * y1 + d2 * y0)
  q.y1 = b * (y1 - d * y0)
  q.y0 = b * y0 + a * v
  q.yy = b * q.yy + a * v * v
}

// The bend must stand this many standard errors clear of zero, as the line's slope must
// (trend.ts): a parabola through noise bends either way.
const MIN_BEND_T = 6

/**
 * Time (seconds) until the value reaches `limit` along the parabola's tangent of now (its level
 * and slope at the newest sample), and its one-sigma uncertainty, when the parabola bends
 * significantly towards the limit (`direction` +1 for a high limit, −1 for a low one); null
 * otherwise. The acceleration itself is not extrapolated: the onset of a steady ramp bends a
 * parabola as wear does, and its future is a line. `tauS` is the fit's time constant,
 * `samples` its effective number of samples; the uncertainty is the delta method's, from the
 * fit's covariance.
 */
export function acceleratedCrossing(q: CurveState, tauS: number, samples: number, limit: number, direction: 1 | -1): { etaS: number; sigmaS: number } | null {
  const { m1, m2, m3, m4 } = q
  // Inverse of the weighted normal matrix [[1, m1, m2], [m1, m2, m3], [m2, m3, m4]] by cofactors.
  const a11 = m2 * m4 - m3 * m3
  const a12 = m2 * m3 - m1 * m4
  const a13 = m1 * m3 - m2 * m2
  const a22 = m4 - m2 * m2
  const a23 = m1 * m2 - m3
  const a33 = m2 - m1 * m1
  const det = a11 + m1 * a12 + m2 * a13
  if (!(det > 1e-12)) return null
  const c0 = (a11 * q.y0 + a12 * q.y1 + a13 * q.y2) / det
  const c1 = (a12 * q.y0 + a22 * q.y1 + a23 * q.y2) / det
  const c2 = (a13 * q.y0 + a23 * q.y1 + a33 * q.y2) / det
  const resVar = Math.max(0, q.yy - (c0 * q.y0 + c1 * q.y1 + c2 * q.y2))
  const n = Math.max(samples, 1)
  if (!(direction * c2 > MIN_BEND_T * Math.sqrt((resVar * a33) / det / n))) return null
  // Level and slope of now, signed towards the limit: short of it and heading for it.
  const gap = direction * (limit - c0 - q.yRef)
  const slope = direction * c1
  if (!(gap > 0) || !(slope > 0)) return null
  const v = gap / slope
  // ∂v/∂c0 = −1/slope, ∂v/∂c1 = −v/slope: the delta method over the fit's covariance.
  const quad = (a11 + 2 * v * a12 + v * v * a22) / (slope * slope)
  const sigma = Math.sqrt(Math.max(0, (resVar * quad) / det / n))
  return { etaS: v * tauS, sigmaS: sigma * tauS }
}
