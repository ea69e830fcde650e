import { describe, expect, it } from 'vitest'
import { APP_ENTRY_URL, APP_ORIGIN } from './appProtocol'
import { displayHashOf, MAX_SAVED_WINDOWS, placeOnScreen, readWindowLayout, WINDOW_LAYOUT_KEY, writeWindowLayout, type SavedWindow } from './displayWindows'

const memoryStore = (initial?: unknown) => {
  const data = new Map<string, unknown>(initial === undefined ? [] : [[WINDOW_LAYOUT_KEY, initial]])
  return { get: (key: string) => data.get(key), set: (key: string, value: unknown) => void data.set(key, value) }
}
const warnings: string[] = []
const logger = { warn: (message: string) => void warnings.push(message) }

describe('displayHashOf', () => {
  it('lets our own displays open in a window, and nothing else', () => {
    expect(displayHashOf(`${APP_ENTRY_URL}#/equipment/CV-101`, APP_ORIGIN)).toBe('#/equipment/CV-101')
    expect(displayHashOf(`${APP_ORIGIN}/index.html#/area/Conveying/2`, APP_ORIGIN)).toBe('#/area/Conveying/2')
    expect(displayHashOf('https://example.com/#/equipment/CV-101', APP_ORIGIN)).toBeUndefined()
    expect(displayHashOf(`${APP_ENTRY_URL}`, APP_ORIGIN)).toBeUndefined()
    expect(displayHashOf(`${APP_ENTRY_URL}#javascript:alert(1)`, APP_ORIGIN)).toBeUndefined()
    expect(displayHashOf('not a url', APP_ORIGIN)).toBeUndefined()
    expect(displayHashOf('http://localhost:5173/#/alarms', 'http://localhost:5173')).toBe('#/alarms')
  })
})

describe('window layout', () => {
  const main: SavedWindow = { route: '#/', bounds: { x: 0, y: 0, width: 1920, height: 1080 }, maximized: true }
  const second: SavedWindow = { route: '#/equipment/CR-301', bounds: { x: 1920, y: 0, width: 1600, height: 900 }, maximized: false }

  it('round-trips the windows, main first', () => {
    const store = memoryStore()
    writeWindowLayout(store, [main, second])
    expect(readWindowLayout(store, logger)).toEqual([main, second])
  })

  it('keeps at most MAX_SAVED_WINDOWS', () => {
    const store = memoryStore()
    writeWindowLayout(store, Array.from({ length: MAX_SAVED_WINDOWS + 5 }, () => second))
    expect(readWindowLayout(store, logger)).toHaveLength(MAX_SAVED_WINDOWS)
  })

  it('ignores a damaged layout with a log line naming what is wrong', () => {
    warnings.length = 0
    expect(readWindowLayout(memoryStore([{ route: 'http://evil', bounds: main.bounds, maximized: false }]), logger)).toEqual([])
    expect(warnings[0]).toMatch(/window layout ignored \(a display hash starts with #\/\)/)
    expect(readWindowLayout(memoryStore('nonsense'), logger)).toEqual([])
    expect(readWindowLayout(memoryStore(), logger)).toEqual([])
  })
})

describe('placeOnScreen', () => {
  const left = { x: 0, y: 0, width: 1920, height: 1040 }
  const right = { x: 1920, y: 0, width: 2560, height: 1400 }

  it('puts a window back where it was while its monitor is there', () => {
    const bounds = { x: 2000, y: 100, width: 1600, height: 900 }
    expect(placeOnScreen(bounds, [left, right])).toEqual(bounds)
  })

  it('brings a window whose monitor is gone onto the primary one, shrunk to fit', () => {
    expect(placeOnScreen({ x: 2000, y: 100, width: 2400, height: 1300 }, [left])).toEqual({ x: 0, y: 0, width: 1920, height: 1040 })
    expect(placeOnScreen({ x: 5000, y: 100, width: 800, height: 600 }, [left])).toEqual({ x: 560, y: 220, width: 800, height: 600 })
  })

  it('brings back a window whose title bar is above every monitor', () => {
    expect(placeOnScreen({ x: 100, y: -500, width: 800, height: 600 }, [left]).y).toBe(220)
  })
})
