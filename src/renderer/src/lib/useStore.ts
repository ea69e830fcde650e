import { useSyncExternalStore } from 'react'
import type { ReadableStore } from './store'

/** Subscribes the calling component, and only it, to one store. */
export function useStore<T>(store: ReadableStore<T>): T {
  return useSyncExternalStore(store.subscribe, store.get)
}
