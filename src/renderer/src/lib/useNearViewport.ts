import { createContext, startTransition, useCallback, useContext, useRef, useState } from 'react'

/**
 * Tells the elements of one scrolling display whether they are within one screen (the scroll
 * container's height) of its visible part. A display of hundreds of elements (a 500-machine
 * overview) draws the detail of those near the screen only, and each one subscribes to live
 * values only while near: the rest cost nothing per update.
 *
 * The root must be the scroll container itself: an IntersectionObserver on the window clips
 * each element by the container, so a margin around the window would never reach beyond it.
 * Elements may register before the root is known (React attaches a child's ref before its
 * parent's); they are observed once `setRoot` is called.
 */
export interface NearWatcher {
  watch(element: Element, listener: NearListener): void
  unwatch(element: Element): void
  /** The display's scroll container (a ref callback); null stops every observation. */
  setRoot(root: Element | null): void
}

/** Told whether the element is near (within a screen of) the visible part, and whether it is in it. */
export interface NearListener {
  near(near: boolean): void
  visible(visible: boolean): void
}

export function createNearWatcher(): NearWatcher {
  const listeners = new Map<Element, NearListener>()
  let observers: IntersectionObserver[] = []
  const observe = (root: Element, margin: string, tell: (listener: NearListener, yes: boolean) => void): IntersectionObserver =>
    new IntersectionObserver(
      (entries) => {
        // Drawing what is off screen is never urgent: a transition yields to input and frames.
        startTransition(() => {
          for (const entry of entries) {
            const listener = listeners.get(entry.target)
            if (listener) tell(listener, entry.isIntersecting)
          }
        })
      },
      { root, rootMargin: margin }
    )
  return {
    watch(element, listener) {
      listeners.set(element, listener)
      for (const observer of observers) observer.observe(element)
    },
    unwatch(element) {
      listeners.delete(element)
      for (const observer of observers) observer.unobserve(element)
    },
    setRoot(root) {
      for (const observer of observers) observer.disconnect()
      observers = []
      if (!root) return
      observers = [
        // One screen above and below: scrolling a screenful never shows an undrawn element.
        observe(root, '100% 0px 100% 0px', (listener, yes) => listener.near(yes)),
        observe(root, '0px', (listener, yes) => listener.visible(yes))
      ]
      for (const element of listeners.keys()) for (const observer of observers) observer.observe(element)
    }
  }
}

/** The watcher of the display an element is drawn in; without one, every element is near and visible. */
export const NearWatcherContext = createContext<NearWatcher | null>(null)

/**
 * Whether this element is near the visible part of its display, and whether it is in it.
 * `initial` is the answer to both before the browser has laid the element out, so the first
 * frame already shows the detail of what is on screen (a display passes true for its first
 * screenful). Near elements are drawn; only visible ones need to follow live values.
 */
export function useNearViewport<T extends Element>(initial: boolean): [(element: T | null) => void, boolean, boolean] {
  const watcher = useContext(NearWatcherContext)
  const [near, setNear] = useState(initial || watcher === null)
  const [visible, setVisible] = useState(initial || watcher === null)
  const element = useRef<T | null>(null)
  // React calls it with null on unmount, which stops the watch.
  const ref = useCallback(
    (node: T | null) => {
      if (element.current) watcher?.unwatch(element.current)
      element.current = node
      if (node) watcher?.watch(node, { near: setNear, visible: setVisible })
    },
    [watcher]
  )
  return [ref, near, visible]
}
