import { useEffect, useMemo, useRef, useState } from 'react'
import type { SessionState } from '../../../shared/access'
import { AlarmBanner } from '../features/alarms/AlarmBanner'
import { needsAcknowledge } from '../features/alarms/alarmOrder'
import { AlarmSummary } from '../features/alarms/AlarmSummary'
import { createAnnunciator } from '../features/alarms/annunciator'
import { Dialog } from '../lib/Dialog'
import { StatusBar } from '../features/connection/StatusBar'
import { MaintenancePanel } from '../features/maintenance/MaintenancePanel'
import { may } from '../features/session/access'
import { SignInScreen } from '../features/session/SignInScreen'
import { useIdleLock } from '../features/session/useIdleLock'
import { TrendPanel } from '../features/trend/TrendPanel'
import { equipmentNames, tagsOf } from '../lib/equipment'
import { useStore } from '../lib/useStore'
import { Header } from './Header'
import type { Runtime } from './runtime'
import { useShortcuts } from './useShortcuts'

/**
 * A browser nobody signed in on sees only the sign-in screen; a signed-in or locked console
 * sees the plant, and acts as far as its user's role allows.
 */
export function App({ runtime }: { runtime: Runtime }) {
  const session = useStore(runtime.session)
  useIdleLock(runtime.client, session, runtime.setSession)
  if (session === null) {
    return (
      <main className="sign-in-screen">
        <p className="muted" role="status">
          Connecting to Plantwatch…
        </p>
      </main>
    )
  }
  if (!session.canView) return <SignInScreen client={runtime.client} onSignedIn={runtime.setSession} />
  return <PlantScreen runtime={runtime} session={session} />
}

/** The one operator screen: alarms on top, trend and log in the middle, values and links below. */
function PlantScreen({ runtime, session }: { runtime: Runtime; session: SessionState }) {
  const tags = useStore(runtime.tags)
  const equipment = useMemo(() => equipmentNames(tags), [tags])
  const [chosen, setChosen] = useState<string | null>(null)
  const selected = chosen !== null && equipment.includes(chosen) ? chosen : (equipment[0] ?? null)
  const unitTags = useMemo(() => tagsOf(tags, selected), [tags, selected])
  useShortcuts()
  const annunciator = useMemo(() => createAnnunciator(runtime.client, () => runtime.alarms.get().some(needsAcknowledge)), [runtime])
  useEffect(() => () => annunciator.dispose(), [annunciator])
  const summary = useRef<HTMLDialogElement>(null)
  const [summaryOpen, setSummaryOpen] = useState(false)
  const openEquipment = (name: string) => {
    setChosen(name)
    summary.current?.close()
  }

  return (
    <div className="app">
      <Header
        equipment={equipment}
        selected={selected}
        onSelect={setChosen}
        client={runtime.client}
        session={session}
        onSession={runtime.setSession}
        alarms={runtime.alarms}
        tags={tags}
        samples={runtime.samples}
      />
      <AlarmBanner
        alarms={runtime.alarms}
        client={runtime.client}
        tags={runtime.tags}
        canAcknowledge={may(session, 'operator')}
        annunciator={annunciator}
        onOpenEquipment={openEquipment}
        onOpenSummary={() => {
          setSummaryOpen(true)
          summary.current?.showModal()
        }}
      />
      <Dialog ref={summary} title="Alarm summary" wide onClose={() => setSummaryOpen(false)}>
        {summaryOpen ? (
          <AlarmSummary
            alarms={runtime.alarms}
            client={runtime.client}
            canAct={may(session, 'operator')}
            canService={may(session, 'engineer')}
            open={summaryOpen}
            onOpenEquipment={openEquipment}
          />
        ) : null}
      </Dialog>
      <main className="workspace">
        <TrendPanel
          key={selected ?? ''}
          equipment={selected}
          tags={unitTags}
          allTags={tags}
          samples={runtime.samples}
          client={runtime.client}
          onPensChange={runtime.setTrendPens}
          maintenance={runtime.maintenance}
        />
        <MaintenancePanel
          client={runtime.client}
          entries={runtime.maintenance}
          onAdded={runtime.addMaintenanceEntries}
          equipment={equipment}
          canWrite={may(session, 'operator')}
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
