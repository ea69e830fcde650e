import { useMemo, useState } from 'react'
import { AlarmBanner } from '../features/alarms/AlarmBanner'
import { StatusBar } from '../features/connection/StatusBar'
import { MaintenancePanel } from '../features/maintenance/MaintenancePanel'
import { TrendPanel } from '../features/trend/TrendPanel'
import { equipmentNames, tagsOf } from '../lib/equipment'
import { useStore } from '../lib/useStore'
import { Header } from './Header'
import type { Runtime } from './runtime'
import { useShortcuts } from './useShortcuts'

/** The one operator screen: alarms on top, trend and log in the middle, values and links below. */
export function App({ runtime }: { runtime: Runtime }) {
  const tags = useStore(runtime.tags)
  const equipment = useMemo(() => equipmentNames(tags), [tags])
  const [chosen, setChosen] = useState<string | null>(null)
  const selected = chosen !== null && equipment.includes(chosen) ? chosen : (equipment[0] ?? null)
  const unitTags = useMemo(() => tagsOf(tags, selected), [tags, selected])
  useShortcuts()

  return (
    <div className="app">
      <Header equipment={equipment} selected={selected} onSelect={setChosen} />
      <AlarmBanner alarms={runtime.alarms} client={runtime.client} tags={runtime.tags} />
      <main className="workspace">
        <TrendPanel
          key={selected ?? ''}
          equipment={selected}
          tags={unitTags}
          samples={runtime.samples}
          onPensChange={runtime.setTrendPens}
        />
        <MaintenancePanel
          client={runtime.client}
          entries={runtime.maintenance}
          onAdded={runtime.addMaintenanceEntries}
          equipment={equipment}
        />
      </main>
      <StatusBar
        connection={runtime.connection}
        link={runtime.transport.link}
        transport={runtime.transport}
        equipment={selected}
        tags={unitTags}
        samples={runtime.samples}
        alarms={runtime.alarms}
        health={runtime.health}
      />
    </div>
  )
}
