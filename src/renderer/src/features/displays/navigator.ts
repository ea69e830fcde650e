import { createStore, type ReadableStore } from '../../lib/store'
import { formatRoute, parseRoute, sameRoute, type Route } from './route'

/** What the navigation bar shows: the display, and whether Back and Forward lead anywhere. */
export interface NavigationState {
  route: Route
  canBack: boolean
  canForward: boolean
}

/** The parts of `window` the navigator uses, so it runs (and is tested) without a browser. */
export interface NavigationWindow {
  location: { hash: string }
  history: {
    readonly state: unknown
    pushState(data: unknown, unused: string, url: string): void
    replaceState(data: unknown, unused: string, url: string): void
    back(): void
    forward(): void
  }
  addEventListener(type: 'popstate', listener: () => void): void
  removeEventListener(type: 'popstate', listener: () => void): void
}

export interface Navigator {
  state: ReadableStore<NavigationState>
  /** Opens a display as a new history entry (or in place of the current one with `replace`). */
  open(route: Route, options?: { replace?: boolean }): void
  back(): void
  forward(): void
  /** The display Back leads to, when this page opened it (after a reload, unknown). */
  previous(): Route | undefined
  dispose(): void
}

const positionOf = (state: unknown): number | undefined => {
  const at = (state as { plantwatchDisplay?: unknown } | null)?.plantwatchDisplay
  return typeof at === 'number' && Number.isInteger(at) && at >= 0 ? at : undefined
}

/**
 * Display navigation on the browser's own history: each display is an entry whose hash
 * names it, so the browser's (and the mouse's) back and forward buttons, a reload and a
 * pasted link all agree with the app's Back and Forward. Each entry carries its position
 * so the navigator knows whether there is anywhere to go back or forward to.
 */
export function createNavigator(win: NavigationWindow): Navigator {
  let position = positionOf(win.history.state) ?? 0
  let newest = position
  // What this page put at each position; entries from before a reload are unknown.
  const routes: (Route | undefined)[] = []
  routes[position] = parseRoute(win.location.hash)
  win.history.replaceState({ plantwatchDisplay: position }, '', formatRoute(parseRoute(win.location.hash)))
  const state = createStore<NavigationState>(snapshot())

  function snapshot(): NavigationState {
    return { route: parseRoute(win.location.hash), canBack: position > 0, canForward: position < newest }
  }

  const onPop = (): void => {
    const at = positionOf(win.history.state)
    if (at === undefined) {
      // A hash typed or pasted into the address bar: a new entry after the current one.
      position++
      newest = position
      win.history.replaceState({ plantwatchDisplay: position }, '', formatRoute(parseRoute(win.location.hash)))
    } else {
      position = at
      newest = Math.max(newest, at)
    }
    routes[position] = parseRoute(win.location.hash)
    state.set(snapshot())
  }
  win.addEventListener('popstate', onPop)

  return {
    state,
    open(route, options) {
      if (sameRoute(route, state.get().route)) return
      if (options?.replace) {
        win.history.replaceState({ plantwatchDisplay: position }, '', formatRoute(route))
      } else {
        position++
        newest = position
        win.history.pushState({ plantwatchDisplay: position }, '', formatRoute(route))
        routes.length = position
      }
      routes[position] = route
      state.set(snapshot())
    },
    back() {
      if (position > 0) win.history.back()
    },
    forward() {
      if (position < newest) win.history.forward()
    },
    previous: () => (position > 0 ? routes[position - 1] : undefined),
    dispose() {
      win.removeEventListener('popstate', onPop)
    }
  }
}
