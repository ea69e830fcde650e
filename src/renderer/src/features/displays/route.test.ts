import { describe, expect, it } from 'vitest'
import { createNavigator, type NavigationWindow } from './navigator'
import { formatRoute, parseRoute, type Route } from './route'

describe('routes', () => {
  it.each<Route>([
    { display: 'overview' },
    { display: 'overview', area: 'Crushing and conveying' },
    { display: 'overview', area: 'Area/1', page: 3 },
    { display: 'alarms' },
    { display: 'alarms', alarm: 'limit:CV-101.Vibration:HH' },
    { display: 'alarms', alarm: 'server:ns=2;s=PU 401/Trip', at: 1_764_500_000_123 },
    { display: 'equipment', equipment: 'CV-101' },
    { display: 'equipment', equipment: 'CV 101/x', tag: 'CV-101.Vibration' },
    { display: 'equipment', equipment: 'CV-101', log: 42 }
  ])('%j survives a round trip through the hash', (route) => {
    expect(parseRoute(formatRoute(route))).toEqual(route)
  })

  it.each(['', '#', '#/', '#/nonsense', '#/equipment/', '#/equipment/%E0%A4%A', '#/area/'])('%j opens the overview', (hash) => {
    expect(parseRoute(hash)).toEqual({ display: 'overview' })
  })

  it('ignores a page that is not a positive whole number', () => {
    expect(parseRoute('#/area/Drilling/0')).toEqual({ display: 'overview', area: 'Drilling' })
    expect(parseRoute('#/area/Drilling/x')).toEqual({ display: 'overview', area: 'Drilling' })
  })

  it('keeps an equipment display whose log entry is not a positive whole number, without the entry', () => {
    expect(parseRoute('#/equipment/CV-101/log/0')).toEqual({ display: 'equipment', equipment: 'CV-101' })
    expect(parseRoute('#/equipment/CV-101/log/x')).toEqual({ display: 'equipment', equipment: 'CV-101' })
  })

  it('keeps an alarm whose time is not a whole number of ms, without the time', () => {
    expect(parseRoute('#/alarms/limit%3AX%3AH/soon')).toEqual({ display: 'alarms', alarm: 'limit:X:H' })
    expect(parseRoute('#/alarms/')).toEqual({ display: 'alarms' })
  })
})

/** A browser history: entries with state and hash, a position, and popstate on back/forward. */
function fakeWindow(initialHash = ''): NavigationWindow & { typeHash(hash: string): void } {
  const entries: { state: unknown; hash: string }[] = [{ state: null, hash: initialHash }]
  let at = 0
  const listeners = new Set<() => void>()
  const hashOf = (url: string): string => (url.startsWith('#') ? url : '')
  const go = (delta: number): void => {
    const next = at + delta
    if (next < 0 || next >= entries.length) return
    at = next
    for (const l of listeners) l()
  }
  return {
    location: {
      get hash() {
        return entries[at]!.hash
      }
    },
    history: {
      get state() {
        return entries[at]!.state
      },
      pushState(data, _unused, url) {
        entries.length = at + 1
        entries.push({ state: data, hash: hashOf(url) })
        at++
      },
      replaceState(data, _unused, url) {
        entries[at] = { state: data, hash: hashOf(url) }
      },
      back: () => go(-1),
      forward: () => go(1)
    },
    addEventListener: (_type, l) => listeners.add(l),
    removeEventListener: (_type, l) => listeners.delete(l),
    typeHash(hash) {
      entries.length = at + 1
      entries.push({ state: null, hash })
      at++
      for (const l of listeners) l()
    }
  }
}

describe('createNavigator', () => {
  it('opens displays as history entries; Back and Forward follow them and say when they lead nowhere', () => {
    const win = fakeWindow('#/equipment/CV-101')
    const nav = createNavigator(win)
    expect(nav.state.get()).toEqual({ route: { display: 'equipment', equipment: 'CV-101' }, canBack: false, canForward: false })
    nav.open({ display: 'equipment', equipment: 'DR-201' })
    nav.open({ display: 'equipment', equipment: 'DR-201', tag: 'DR-201.MotorTemp' })
    expect(win.location.hash).toBe('#/equipment/DR-201/tag/DR-201.MotorTemp')
    expect(nav.previous()).toEqual({ display: 'equipment', equipment: 'DR-201' })
    nav.back()
    nav.back()
    expect(nav.state.get()).toMatchObject({ route: { equipment: 'CV-101' }, canBack: false, canForward: true })
    nav.forward()
    expect(nav.state.get()).toMatchObject({ route: { equipment: 'DR-201' }, canBack: true, canForward: true })
    nav.open({ display: 'alarms' })
    expect(nav.state.get()).toMatchObject({ route: { display: 'alarms' }, canBack: true, canForward: false })
    nav.dispose()
  })

  it('takes a hash typed into the address bar as a new display, and opening the same display twice adds nothing', () => {
    const win = fakeWindow()
    const nav = createNavigator(win)
    win.typeHash('#/area/Drilling')
    expect(nav.state.get()).toMatchObject({ route: { display: 'overview', area: 'Drilling' }, canBack: true })
    nav.open({ display: 'overview', area: 'Drilling' })
    nav.back()
    expect(nav.state.get()).toMatchObject({ route: { display: 'overview' }, canBack: false, canForward: true })
  })

  it('replaces the current entry when asked (closing a faceplate opened by a link)', () => {
    const win = fakeWindow('#/equipment/CV-101/tag/CV-101.Speed')
    const nav = createNavigator(win)
    nav.open({ display: 'equipment', equipment: 'CV-101' }, { replace: true })
    expect(nav.state.get()).toMatchObject({ route: { display: 'equipment', equipment: 'CV-101' }, canBack: false })
    expect(win.location.hash).toBe('#/equipment/CV-101')
  })
})
