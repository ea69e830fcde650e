/** A value that components read through `useSyncExternalStore` (see `useStore`). */
export interface ReadableStore<T> {
  get(): T
  subscribe(listener: () => void): () => void
}

export interface WritableStore<T> extends ReadableStore<T> {
  set(value: T): void
}

/** The smallest external store: listeners run only when the value changes identity. */
export function createStore<T>(initial: T): WritableStore<T> {
  let value = initial
  const listeners = new Set<() => void>()
  return {
    get: () => value,
    set(next) {
      if (Object.is(next, value)) return
      value = next
      for (const listener of [...listeners]) listener()
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    }
  }
}
