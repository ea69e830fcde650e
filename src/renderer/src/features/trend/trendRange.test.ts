import { describe, expect, it } from 'vitest'
import { MAX_HISTORY_POINTS } from '../../../../shared/contract'
import { formatSpan, historyRequest, MAX_SPAN_MS, MIN_SPAN_MS, panBy, rangeBetween, TREND_PRESETS, viewRange, zoomAt } from './trendRange'

const NOW = 1_700_000_000_000
const H = 3_600_000

describe('trend ranges', () => {
  it('has the six presets in order, each with its own Alt digit', () => {
    expect(TREND_PRESETS.map((p) => p.label)).toEqual(['10 min', '1 h', '8 h', '24 h', '7 d', '30 d'])
    expect(TREND_PRESETS.map((p) => p.spanMs)).toEqual([600_000, H, 8 * H, 24 * H, 7 * 24 * H, 30 * 24 * H])
    expect(new Set(TREND_PRESETS.map((p) => p.code)).size).toBe(TREND_PRESETS.length)
  })

  it('a live view ends now and slides; a fixed one stays', () => {
    expect(viewRange({ live: true, spanMs: H }, NOW)).toEqual([NOW - H, NOW])
    expect(viewRange({ live: false, from: 1, to: 2 }, NOW)).toEqual([1, 2])
  })

  it('zooms around the anchor, keeping its place on screen', () => {
    const [from, to] = zoomAt([NOW - 2 * H, NOW - H], NOW - 1.5 * H, 0.5, NOW)
    expect(to - from).toBe(0.5 * H)
    expect((NOW - 1.5 * H - from) / (to - from)).toBeCloseTo(0.5)
    const out = zoomAt([NOW - 2 * H, NOW - H], NOW - 2 * H, 2, NOW)
    expect(out).toEqual([NOW - 2 * H, NOW])
  })

  it('never zooms past the span limits or into the future', () => {
    const tiny = zoomAt([NOW - 20_000, NOW - 10_000], NOW - 15_000, 0.01, NOW)
    expect(tiny[1] - tiny[0]).toBe(MIN_SPAN_MS)
    const huge = zoomAt([NOW - H, NOW], NOW, 1e9, NOW)
    expect(huge[1] - huge[0]).toBe(MAX_SPAN_MS)
    expect(huge[1]).toBeLessThanOrEqual(NOW)
  })

  it('pans into the past freely and stops at now', () => {
    expect(panBy([NOW - 2 * H, NOW - H], -H, NOW)).toEqual([NOW - 3 * H, NOW - 2 * H])
    expect(panBy([NOW - 2 * H, NOW - H], 5 * H, NOW)).toEqual([NOW - H, NOW])
  })

  it('a box zoom takes either drag direction and a minimum width', () => {
    expect(rangeBetween(NOW - H, NOW - 2 * H, NOW)).toEqual([NOW - 2 * H, NOW - H])
    const narrow = rangeBetween(NOW - H, NOW - H + 1, NOW)
    expect(narrow[1] - narrow[0]).toBe(MIN_SPAN_MS)
  })

  it('asks the historian for one bucket per pixel column, whole ms, end exclusive', () => {
    expect(historyRequest([NOW - H + 0.4, NOW + 0.2], 812.6)).toEqual({ from: NOW - H, to: NOW + 2, maxPoints: 813 })
    expect(historyRequest([0, 10], 1e9).maxPoints).toBe(MAX_HISTORY_POINTS)
    expect(historyRequest([0, 10], 0).maxPoints).toBe(1)
  })

  it('names spans the way the presets do', () => {
    expect(TREND_PRESETS.map((p) => formatSpan(p.spanMs))).toEqual(['10 min', '1 h', '8 h', '24 h', '7 d', '30 d'])
    expect(formatSpan(1.5 * H)).toBe('1.5 h')
    expect(formatSpan(45_000)).toBe('45 s')
  })
})
