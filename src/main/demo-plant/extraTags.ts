import { DataType, DataValue, StatusCodes, type Namespace, type UAObject, type UAVariable } from 'node-opcua'

/** Most synthetic tags a plant will create; the issue asks for at least 20,000. */
export const MAX_EXTRA_TAGS = 100_000

/** Node identifier of synthetic tag n (1-based): `Extra.T00001`. */
export function extraTagIdentifier(n: number): string {
  return `Extra.T${String(n).padStart(5, '0')}`
}

/** Synthetic tags; `tick` moves them all forward by one update. */
export interface ExtraTags {
  tick(nowMs: number): void
}

/**
 * Synthetic load-test tags under DemoMine/Extra, each changing every update. Pushing 20,000
 * values every 100 ms would eat a core, so values are computed when read (Read, or a sampled
 * monitored item's timer) from the current tick. Only items monitored exception-based
 * (samplingInterval 0) need a push; node-opcua then listens to the variable's value_changed,
 * so those, and only those, get one per tick.
 */
export function addExtraTags(namespace: Namespace, site: UAObject, count: number): ExtraTags {
  if (count <= 0) return { tick: () => {} }
  const folder = namespace.addObject({ componentOf: site, browseName: 'Extra', displayName: 'Extra', nodeId: 's=DemoMine.Extra' })
  const vars: UAVariable[] = []
  const phases = new Float64Array(count)
  let tickNo = 0
  let tickMs = Date.now()
  const valueOf = (i: number): DataValue =>
    new DataValue({
      // Distinct on every tick, so even a deadband-free item reports each change.
      value: { dataType: DataType.Double, value: 50 + 40 * Math.sin(2 * Math.PI * (phases[i]! + tickNo / 600)) + (tickNo % 1000) * 1e-6 },
      statusCode: StatusCodes.Good,
      sourceTimestamp: new Date(tickMs),
      serverTimestamp: new Date()
    })
  for (let n = 1; n <= count; n++) {
    phases[n - 1] = (n * 0.618) % 1
    const v = namespace.addVariable({
      componentOf: folder,
      browseName: extraTagIdentifier(n),
      displayName: extraTagIdentifier(n),
      nodeId: `s=${extraTagIdentifier(n)}`,
      dataType: 'Double',
      accessLevel: 'CurrentRead',
      userAccessLevel: 'CurrentRead',
      minimumSamplingInterval: 0
    })
    v.bindVariable({ timestamped_get: () => valueOf(n - 1) }, true)
    vars.push(v)
  }
  return {
    tick(nowMs) {
      tickNo++
      tickMs = nowMs
      for (let i = 0; i < vars.length; i++) {
        const v = vars[i]!
        if (v.listenerCount('value_changed') > 0) v.emit('value_changed', valueOf(i))
      }
    }
  }
}
