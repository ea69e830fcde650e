import type { EquipmentSettings, TagMap } from '../../shared/tagMap'
import { DEMO_MAINTENANCE_RULES } from './maintenanceRules'
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
    equipment: Object.fromEntries(
      EQUIPMENT.map((e) => {
        const shown = MAP_EQUIPMENT[e.id]
        return [e.id, { ...shown, ...(e.action ? { detectors: { action: e.action } } : {}) }]
      })
    ),
    maintenanceRules: DEMO_MAINTENANCE_RULES
  }
}

/**
 * How the tag map presents each machine: its type, its area (ISA-101 level 1 groups the
 * overview by these five), the operator's name for it, and what feeds it.
 */
const MAP_EQUIPMENT: Record<string, EquipmentSettings> = {
  'CV-101': { type: 'conveyor', area: 'Conveying', description: 'Crusher discharge conveyor', upstream: ['CR-301'] },
  'CV-102': { type: 'conveyor', area: 'Conveying', description: 'Transfer conveyor', upstream: ['CV-101'] },
  'CV-103': { type: 'conveyor', area: 'Conveying', description: 'Stockpile conveyor', upstream: ['CV-102'] },
  'DR-201': { type: 'drill', area: 'Drilling', description: 'Production drill 1' },
  'DR-202': { type: 'drill', area: 'Drilling', description: 'Production drill 2' },
  'CR-301': { type: 'crusher', area: 'Crushing', description: 'Primary crusher' },
  'PU-401': { type: 'pump', area: 'Pumping', description: 'Dewatering pump 1' },
  'PU-402': { type: 'pump', area: 'Pumping', description: 'Dewatering pump 2' },
  'EM-500': { type: 'energy meter', area: 'Power', description: 'Site incomer' }
}
