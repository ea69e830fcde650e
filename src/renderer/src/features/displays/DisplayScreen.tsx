import { useEffect, useState, type ReactNode } from 'react'
import type { Runtime } from '../../app/runtime'
import { useStore } from '../../lib/useStore'
import { createDisplayData, type DisplayData } from './displayData'
import { EquipmentDisplay } from './EquipmentDisplay'
import type { DisplayNavigation } from './navigation'
import type { Navigator } from './navigator'
import { PlantOverview } from './PlantOverview'
import { createSparklineLoader, type SparklineLoader } from './sparklines'

export interface DisplayResources {
  data: DisplayData
  sparklines: SparklineLoader
}

/** The displays' own data (machines, learned state, sparklines), made while the plant screen is up. */
export function useDisplayResources(runtime: Pick<Runtime, 'client' | 'transport' | 'tags'>): DisplayResources | null {
  const [resources, setResources] = useState<DisplayResources | null>(null)
  useEffect(() => {
    const made = { data: createDisplayData(runtime.client, runtime.transport.link, runtime.tags), sparklines: createSparklineLoader(runtime.client) }
    setResources(made)
    return () => {
      made.data.dispose()
      made.sparklines.dispose()
    }
  }, [runtime])
  return resources
}

interface DisplayScreenProps {
  runtime: Runtime
  navigator: Navigator
  navigation: DisplayNavigation
  resources: DisplayResources
  canAcknowledge: boolean
  canWrite: boolean
  /** Out of service and back (engineer and above; the host checks again). */
  canService: boolean
  /** The alarm summary display (the alarm feature's). */
  alarmSummary: ReactNode
  /** A machine's work orders, for its equipment display. */
  workOrders?: ((equipment: string) => ReactNode) | undefined
  /** Tiles on one overview screen (a wall display shows more); see OVERVIEW_TILES_PER_SCREEN. */
  tilesPerScreen?: number | undefined
}

/** The display the navigator points at: plant overview (level 1), equipment (2) with its faceplate (3), or the alarm summary. */
export function DisplayScreen({ runtime, navigator, navigation, resources, canAcknowledge, canWrite, canService, alarmSummary, ...slots }: DisplayScreenProps) {
  const { route } = useStore(navigator.state)
  switch (route.display) {
    case 'alarms':
      return (
        <section className="alarm-summary-display" aria-label="Alarm summary">
          {alarmSummary}
        </section>
      )
    case 'equipment':
      return (
        <EquipmentDisplay
          key={route.equipment}
          name={route.equipment}
          tag={route.tag}
          logEntry={route.log}
          tags={runtime.tags}
          alarms={runtime.alarms}
          health={runtime.health}
          maintenance={runtime.maintenance}
          samples={runtime.samples}
          data={resources.data}
          client={runtime.client}
          canAcknowledge={canAcknowledge}
          canWrite={canWrite}
          canService={canService}
          onAddedEntries={runtime.addMaintenanceEntries}
          onPensChange={runtime.setTrendPens}
          onOpenEquipment={navigation.openEquipment}
          onOpenTag={(tag) => (tag === undefined ? closeFaceplate(navigator, route.equipment) : navigation.openFaceplate(route.equipment, tag))}
          onOpenAlarm={navigation.openAlarm}
          workOrders={slots.workOrders?.(route.equipment)}
        />
      )
    case 'overview':
      return (
        <PlantOverview
          tags={runtime.tags}
          alarms={runtime.alarms}
          health={runtime.health}
          samples={runtime.samples}
          data={resources.data}
          sparklines={resources.sparklines}
          area={route.area}
          page={route.page}
          tilesPerScreen={slots.tilesPerScreen}
          onOpenEquipment={navigation.openEquipment}
          onOpenArea={(area, page) => navigator.open({ display: 'overview', area, page })}
        />
      )
  }
}

/** Closing a faceplate goes back to its equipment display, without leaving an extra history entry. */
function closeFaceplate(navigator: Navigator, equipment: string): void {
  const previous = navigator.previous()
  if (previous?.display === 'equipment' && previous.equipment === equipment && previous.tag === undefined) navigator.back()
  else navigator.open({ display: 'equipment', equipment }, { replace: true })
}
