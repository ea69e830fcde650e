import { describe, expect, it } from 'vitest'
import type { StreamScoreOptions } from './streamScore'
import { NAB_STREAM_OPTIONS, newStreamScore, stepStreamScore } from './streamScore'
import { gauss, rng } from './testSupport'

function scores(values: number[], o: StreamScoreOptions = NAB_STREAM_OPTIONS): number[] {
  const st = newStreamScore(o)
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

  it('reports a small level shift even shortly after a larger spike', () => {
    const r = rng(4)
    const values = Array.from({ length: 3000 }, (_, i) => 10 + gauss(r) + (i === 1800 ? 15 : 0) + (i >= 2200 ? 1.5 : 0))
    const s = scores(values)
    expect(s[1800]).toBeGreaterThan(0.5)
    expect(s.slice(1801, 2200).filter((x) => x > 0)).toEqual([])
    const shift = s.slice(2200, 2300).findIndex((x) => x > 0)
    expect(shift).toBeGreaterThanOrEqual(0)
    // One sample of 1.5σ is no record against the spike: the point channel alone misses it.
    expect(scores(values, { ...NAB_STREAM_OPTIONS, shortAlpha: 0 }).slice(2200, 2300).filter((x) => x > 0)).toEqual([])
  })

  it('stays in [0,1] on values near the float limits', () => {
    const r = rng(5)
    const values = Array.from({ length: 1500 }, (_, i) => (i === 1000 ? 1e308 : i === 1200 ? -1e308 : gauss(r)))
    const s = scores(values)
    expect(s.every((x) => x >= 0 && x <= 1)).toBe(true)
    expect(s[1000]).toBeGreaterThan(0.9)
  })

  it('a spike must stand out against earlier spikes faded by their age', () => {
    const r = rng(6)
    const values = Array.from({ length: 3000 }, (_, i) => gauss(r) + (i === 1000 ? 12 : i === 2300 ? 6 : 0))
    const pointOnly = { ...NAB_STREAM_OPTIONS, shortAlpha: 0 }
    const faded = scores(values, pointOnly)
    expect(faded[1000]).toBeGreaterThan(0.5)
    expect(faded[2300]).toBe(0)
    // Without the fading memory the second spike, out of the refractory window, is news.
    expect(scores(values, { ...pointOnly, recordFade: 0 })[2300]).toBeGreaterThan(0.5)
  })
})
