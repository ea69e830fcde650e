import { describe, expect, it } from 'vitest'
import { SHORTCUT_HELP, shortcutFor } from './shortcuts'

const key = (code: string, mods: Partial<Record<'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey', boolean>> = {}) => ({
  code,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  ...mods
})

describe('shortcutFor', () => {
  it('maps Alt+letter by physical key', () => {
    expect(shortcutFor(key('KeyA', { altKey: true }))?.targets[0]).toBe('acknowledge')
    expect(shortcutFor(key('KeyL', { altKey: true }))?.targets).toEqual(['log-entry'])
  })

  it('ignores plain letters and other modifier combinations', () => {
    expect(shortcutFor(key('KeyA'))).toBeUndefined()
    expect(shortcutFor(key('KeyA', { altKey: true, ctrlKey: true }))).toBeUndefined()
    expect(shortcutFor(key('KeyZ', { altKey: true }))).toBeUndefined()
  })

  it('documents every shortcut in the help line', () => {
    expect(SHORTCUT_HELP).toContain('Alt+A')
    expect(SHORTCUT_HELP).toContain('Alt+L')
    expect(SHORTCUT_HELP).toContain('Alt+C')
    expect(SHORTCUT_HELP).toMatch(/\+\/− zoom.*←\/→ pan/)
  })

  it('reaches the displays: overview, alarm summary, the next unacknowledged alarm, back', () => {
    const pressed = (code: string) => shortcutFor(key(code, { altKey: true }))
    expect(pressed('KeyP')).toMatchObject({ targets: ['overview'], activate: true })
    expect(pressed('KeyM')).toMatchObject({ targets: ['alarm-summary'], activate: true })
    expect(pressed('KeyS')).toMatchObject({ targets: ['silence'], activate: true })
    expect(pressed('KeyN')).toMatchObject({ targets: ['next-unacknowledged'], activate: true })
    expect(pressed('KeyB')).toMatchObject({ targets: ['back'], activate: true })
    // Electron's default menu takes Alt+F/E/V/W/H.
    expect(['KeyF', 'KeyE', 'KeyV', 'KeyW', 'KeyH'].map(pressed).filter(Boolean)).toEqual([])
  })
})
