import type { TagMap } from '../../shared/tagMap'
import { EQUIPMENT, NAMESPACE_URI, TAGS } from './model'

/**
 * The default tag map (resources/tagmap.default.json) as derived from the asset model, so the
 * shipped file cannot drift from what the plant serves; a test compares the two.
 */
export function defaultTagMap(): TagMap {
  return {
    version: 1,
    description: 'Demo mine: conveyors, drills, crusher, dewatering pumps and the main incomer',
    publishingIntervalMs: 100,
    tags: TAGS.map((t) => {
      const v = t.variable
      return {
        name: t.name,
        nodeId: `nsu=${NAMESPACE_URI};s=${t.name}`,
        equipment: t.equipment.id,
        description: v.description,
        signal: v.signal,
        unit: v.unit,
        euRange: { low: v.euRange.low, high: v.euRange.high },
        limits: { ...v.limits },
        ...(v.deadband !== undefined ? { deadband: v.deadband } : {}),
        ...(v.action !== undefined ? { action: v.action } : {})
      }
    }),
    equipment: Object.fromEntries(EQUIPMENT.flatMap((e) => (e.action ? [[e.id, { detectors: { action: e.action } }]] : [])))
  }
}
