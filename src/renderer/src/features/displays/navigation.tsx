import { createContext, useContext, useMemo } from 'react'
import type { Navigator } from './navigator'
import { OVERVIEW } from './route'

/** Opening displays from anywhere on screen (tiles, alarm rows, work orders, the keyboard). */
export interface DisplayNavigation {
  openOverview(area?: string): void
  openAlarmSummary(): void
  openEquipment(name: string): void
  /** Opens the equipment display of `equipment` with the faceplate of `tag` on top. */
  openFaceplate(equipment: string, tag: string): void
  /** Opens the alarm summary on one alarm; `at` (epoch ms) is when it was seen, for its journal. */
  openAlarm(alarmId: string, at?: number): void
  /** Opens the equipment display of `equipment` with log entry `id` shown in its log. */
  openLogEntry(equipment: string, id: number): void
}

const NavigatorContext = createContext<Navigator | null>(null)

export const NavigatorProvider = NavigatorContext.Provider

/** The navigation functions; a component outside the provider gets ones that do nothing. */
export function useDisplayNavigation(): DisplayNavigation {
  const navigator = useContext(NavigatorContext)
  return useMemo(() => displayNavigation(navigator), [navigator])
}

/** For a row that opens its machine, e.g. the alarm banner: `const openEquipment = useOpenEquipment()`. */
export const useOpenEquipment = (): ((name: string) => void) => useDisplayNavigation().openEquipment

export function displayNavigation(navigator: Navigator | null): DisplayNavigation {
  return {
    openOverview: (area) => navigator?.open(area === undefined ? OVERVIEW : { display: 'overview', area }),
    openAlarmSummary: () => navigator?.open({ display: 'alarms' }),
    openEquipment: (equipment) => navigator?.open({ display: 'equipment', equipment }),
    openFaceplate: (equipment, tag) => navigator?.open({ display: 'equipment', equipment, tag }),
    openLogEntry: (equipment, log) => navigator?.open({ display: 'equipment', equipment, log }),
    openAlarm: (alarm, at) => navigator?.open(at === undefined ? { display: 'alarms', alarm } : { display: 'alarms', alarm, at: Math.round(at) })
  }
}
