import { DataType, DataValue, StatusCodes, type Namespace, type UAObject } from 'node-opcua'

/** Most synthetic tags a plant will create; the issue asks for at least 20,000. */
export const MAX_EXTRA_TAGS = 100_000

/** Node identifier of synthetic tag n (1-based): `Extra.T00001`. */
export function extraTagIdentifier(n: number): string {
  return `Extra.T${String(n).padStart(5, '0')}`
}

/**
 * Synthetic load-test tags under DemoMine/Extra. Their values are computed when read, from
 * the current update tick, instead of being pushed: 20,000 pushes every 100 ms would eat a
 * core, while sampling only costs for the items a client actually monitors.
 */
export function addExtraTags(namespace: Namespace, site: UAObject, count: number, updateIntervalMs: number, t0Ms: number): void {
  if (count <= 0) return
  const folder = namespace.addObject({ componentOf: site, browseName: 'Extra', nodeId: 's=DemoMine.Extra' })
  for (let n = 1; n <= count; n++) {
    const phase = (n * 0.618) % 1
    const v = namespace.addVariable({
      componentOf: folder,
      browseName: extraTagIdentifier(n),
      nodeId: `s=${extraTagIdentifier(n)}`,
      dataType: 'Double',
      // Sampled at the update rate: a monitored item sees exactly one new value per tick.
      minimumSamplingInterval: updateIntervalMs
    })
    v.bindVariable(
      {
        timestamped_get: () => {
          const tick = Math.floor((Date.now() - t0Ms) / updateIntervalMs)
          const ts = new Date(t0Ms + tick * updateIntervalMs)
          // A value that changes on every tick, so deadband-free items always report.
          const value = 50 + 40 * Math.sin(2 * Math.PI * (phase + tick / 600)) + (tick % 1000) * 1e-6
          return new DataValue({
            value: { dataType: DataType.Double, value },
            statusCode: StatusCodes.Good,
            sourceTimestamp: ts,
            serverTimestamp: new Date()
          })
        }
      },
      true
    )
  }
}
