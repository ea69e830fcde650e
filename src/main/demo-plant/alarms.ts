import type { AddressSpace } from 'node-opcua'
import type { BuiltModel } from './addressSpace'

/** Server-side alarms of the plant. */
export interface PlantAlarms {
  update(): void
  dispose(): void
}

export function installAlarms(_addressSpace: AddressSpace, _built: BuiltModel): PlantAlarms {
  return { update: () => {}, dispose: () => {} }
}
