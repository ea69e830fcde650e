import { describe, expect, it } from 'vitest'
import { newStreamScore, stepStreamScore } from './streamScore'
import { gauss, rng } from './testSupport'

function scores(values: number[]): number[] {
  const st = newStreamScore()
  return values.map((v) => stepStreamScore(st, v))
}

describe('stream score', () => {
  it('reports a spike once, early, and stays in [0,1]', () => {
    const r = rng(1)
    const values = Array.from({ length: 3000 }, (_, i) => 10 + gauss(r) + (i >= 2000 && i < 2050 ? 12 : 0))
    const s = scores(values)
    expect(s.every((x) => x >= 0 && x <= 1)).toBe(true)
    const top = s.indexOf(Math.max(...s))
    expect(top).toBe(2000)
    expect(s.slice(2001, 2050).filter((x) => x > 0.5)).toEqual([])
  })

  it('ignores NaN and Infinity without losing its state', () => {
    const r = rng(2)
    const clean = Array.from({ length: 1000 }, () => 5 + gauss(r))
    const dirty = clean.flatMap((v, i) => (i % 100 === 50 ? [Number.NaN, Infinity, v] : [v]))
    const a = scores(clean)
    const b = scores(dirty).filter((_, i, all) => Number.isFinite(dirty[i]!) || all.length === 0)
    expect(b).toEqual(a)
  })

  it('is causal: the score at i does not depend on later values', () => {
    const r = rng(3)
    const base = Array.from({ length: 2000 }, () => gauss(r))
    const changed = base.map((v, i) => (i > 1500 ? v * 10 + 50 : v))
    expect(scores(changed).slice(0, 1501)).toEqual(scores(base).slice(0, 1501))
  })
})
