import { useEffect } from 'react'
import { shortcutFor } from './shortcuts'

/** Moves focus to a shortcut's target; the app shell is the only window listener. */
export function useShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      const shortcut = shortcutFor(event)
      if (!shortcut) return
      for (const target of shortcut.targets) {
        const element = document.querySelector<HTMLElement>(`[data-shortcut="${target}"]:not(:disabled)`)
        if (!element) continue
        event.preventDefault()
        element.focus()
        if (shortcut.activate) element.click()
        return
      }
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [])
}
