import { describe, expect, it } from 'vitest'
import { fitPca, newPcaScore, quantile, scorePca, symmetricEigen } from './pca'

describe('pca', () => {
  it('finds the eigenvalues of a symmetric matrix', () => {
    const { values, vectors } = symmetricEigen(Float64Array.of(2, 1, 1, 2), 2)
    expect(values[0]).toBeCloseTo(3, 9)
    expect(values[1]).toBeCloseTo(1, 9)
    expect(Math.abs(vectors[0]!)).toBeCloseTo(Math.SQRT1_2, 9)
  })

  it('scores a frame that breaks the learned correlation by SPE, blaming the right variables', () => {
    const rows = Array.from({ length: 200 }, (_, i) => Float64Array.of(i, 2 * i + (i % 3) * 0.1, 5 + (i % 7) * 0.01))
    const model = fitPca(rows, 3, 0.9)
    const sc = newPcaScore(model)
    const normal = scorePca(model, Float64Array.of(100, 200, 5.03), sc).spe
    const broken = scorePca(model, Float64Array.of(100, 100, 5.03), sc)
    expect(broken.spe).toBeGreaterThan(100 * normal)
    const parts = Array.from(broken.residual, (e) => e * e)
    expect(parts[2]! / broken.spe).toBeLessThan(0.2)
    expect(quantile([3, 1, 2], 0.5)).toBe(2)
  })
})
