import type { EventName, EventPayload } from '../../shared/contract'

type Listener<K extends EventName> = (payload: EventPayload<K>) => void

/** Typed fan-out of contract events to the hosts' transports. */
export interface EventHub {
  emit<K extends EventName>(event: K, payload: EventPayload<K>): void
  on<K extends EventName>(event: K, listener: Listener<K>): () => void
}

export function createEventHub(onListenerError: (event: EventName, error: unknown) => void): EventHub {
  const listeners = new Map<EventName, Set<Listener<never>>>()
  return {
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) {
        // A failing transport must not stop the others or the core's loop.
        try {
          ;(listener as Listener<typeof event>)(payload)
        } catch (error) {
          onListenerError(event, error)
        }
      }
    },
    on(event, listener) {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      set.add(listener as Listener<never>)
      return () => void set.delete(listener as Listener<never>)
    }
  }
}
