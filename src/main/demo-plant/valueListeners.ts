import type { EventEmitter } from 'node:events'
import type { UAVariable } from 'node-opcua'

type Listener = (...args: unknown[]) => void

/** The `value_changed` listeners of a variable, in the order they run. */
export function valueChangedListeners(v: UAVariable): Listener[] {
  return (v as unknown as EventEmitter).listeners('value_changed') as Listener[]
}

/**
 * Keep one of the `value_changed` listeners `instantiate` added to an alarm's input node.
 * node-opcua 2.182 installs a limit alarm's input monitoring twice (UAAlarmCondition's and
 * UALimitAlarm's instantiate), so a Bad input is evaluated twice: the second evaluation finds
 * the condition info unchanged and throws.
 */
export function dropDuplicateInputListeners(input: UAVariable, before: ReadonlySet<Listener>): void {
  const added = valueChangedListeners(input).filter((l) => !before.has(l))
  for (const l of added.slice(1)) (input as unknown as EventEmitter).removeListener('value_changed', l)
}

/**
 * The plant's own `value_changed` listeners (historian, alarm) run before any subscriber's
 * monitored item, and an EventEmitter stops at the first listener that throws: one failing
 * listener would leave a value that a Read returns but no subscription is told of. Each of
 * them logs its failure instead and lets the rest of the chain run.
 */
export function isolateListeners(v: UAVariable, warn: (message: string) => void): void {
  const emitter = v as unknown as EventEmitter
  for (const listener of valueChangedListeners(v)) {
    emitter.removeListener('value_changed', listener)
    emitter.on('value_changed', (...args: unknown[]) => {
      try {
        listener.apply(v, args)
      } catch (err) {
        warn(err instanceof Error ? err.message : String(err))
      }
    })
  }
}
