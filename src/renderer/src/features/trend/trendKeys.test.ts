import { describe, expect, it } from 'vitest'
import { WHEEL_ZOOM_FACTOR } from './navigation'
import { stepMarker, trendKeyAction } from './trendKeys'

const key = (k: string, mods: Partial<KeyboardEvent> = {}) => ({ key: k, shiftKey: false, ctrlKey: false, altKey: false, metaKey: false, ...mods })

describe('trend keys', () => {
  it('zoom with + and −, pan with the arrows (Shift: further), leave modified keys alone', () => {
    expect(trendKeyAction(key('+'))).toEqual({ kind: 'zoom', factor: 1 / WHEEL_ZOOM_FACTOR })
    expect(trendKeyAction(key('-'))).toEqual({ kind: 'zoom', factor: WHEEL_ZOOM_FACTOR })
    expect(trendKeyAction(key('ArrowLeft'))).toEqual({ kind: 'pan', fraction: -0.1 })
    expect(trendKeyAction(key('ArrowRight', { shiftKey: true }))).toEqual({ kind: 'pan', fraction: 0.5 })
    expect(trendKeyAction(key('+', { ctrlKey: true }))).toBeNull()
    expect(trendKeyAction(key('a'))).toBeNull()
  })

  it('steps to the nearest marker before or after, and to none past the ends', () => {
    const markers = [{ at: 10 }, { at: 30 }, { at: 20 }]
    expect(stepMarker(markers, 20, 1)).toEqual({ at: 30 })
    expect(stepMarker(markers, 20, -1)).toEqual({ at: 10 })
    expect(stepMarker(markers, 25, -1)).toEqual({ at: 20 })
    expect(stepMarker(markers, 30, 1)).toBeNull()
    expect(stepMarker([], 0, -1)).toBeNull()
  })
})
