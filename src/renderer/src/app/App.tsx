import { useEffect, useMemo } from 'react'
import type { SessionState } from '../../../shared/access'
import { AlarmBanner } from '../features/alarms/AlarmBanner'
import { needsAcknowledge } from '../features/alarms/alarmOrder'
import { AlarmSummary } from '../features/alarms/AlarmSummary'
import { createAnnunciator } from '../features/alarms/annunciator'
import { StatusBar } from '../features/connection/StatusBar'
import { DisplayScreen, useDisplayResources } from '../features/displays/DisplayScreen'
import { displayNavigation, NavigatorProvider } from '../features/displays/navigation'
import type { Navigator } from '../features/displays/navigator'
import { NavBar } from '../features/displays/NavBar'
import type { Route } from '../features/displays/route'
import '../features/displays/displays.css'
import { may } from '../features/session/access'
import { SignInScreen } from '../features/session/SignInScreen'
import { useIdleLock } from '../features/session/useIdleLock'
import { createOrderRequests, WorkOrderLinksProvider, type WorkOrderLinks } from '../features/workorders/workOrderLinks'
import type { TagInfo } from '../../../shared/domain'
import { equipmentNames } from '../lib/equipment'
import { createStore } from '../lib/store'
import { useStore } from '../lib/useStore'
import { Header } from './Header'
import type { Runtime } from './runtime'
import { useShortcuts } from './useShortcuts'

/**
 * A browser nobody signed in on sees only the sign-in screen; a signed-in or locked console
 * sees the plant, and acts as far as its user's role allows.
 */
export function App(props: { runtime: Runtime; navigator: Navigator; openWindow?: (route: Route) => void; tilesPerScreen?: number | undefined }) {
  const { runtime } = props
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
  return <PlantScreen session={session} {...props} />
}

/** Until the display data is made, no alarm knows its work orders. */
const NOT_READ: WorkOrderLinks['byAlarm'] = createStore(null)

/** The displays show every value with its quality; the status bar keeps to the links. */
const NO_TAGS: readonly TagInfo[] = []

/**
 * The operator screen: header and alarms on top, then the display hierarchy (plant overview,
 * equipment, faceplate, alarm summary) under its navigation bar, and the links below.
 */
function PlantScreen({
  runtime,
  session,
  navigator,
  openWindow,
  tilesPerScreen
}: {
  runtime: Runtime
  session: SessionState
  navigator: Navigator
  openWindow?: ((route: Route) => void) | undefined
  tilesPerScreen?: number | undefined
}) {
  const tags = useStore(runtime.tags)
  const equipment = useMemo(() => equipmentNames(tags), [tags])
  const { route } = useStore(navigator.state)
  const navigation = useMemo(() => displayNavigation(navigator), [navigator])
  const resources = useDisplayResources(runtime)
  const orderRequests = useMemo(createOrderRequests, [])
  const workOrderLinks = useMemo<WorkOrderLinks>(
    () => ({ ...orderRequests, byAlarm: resources?.data.workOrdersByAlarm ?? NOT_READ, logEntries: runtime.maintenance }),
    [orderRequests, resources, runtime]
  )
  const selected = route.display === 'equipment' ? route.equipment : null
  useShortcuts()
  const annunciator = useMemo(() => createAnnunciator(runtime.client, () => runtime.alarms.get().some(needsAcknowledge)), [runtime])
  useEffect(() => () => annunciator.dispose(), [annunciator])

  const banner = (
    <AlarmBanner
      alarms={runtime.alarms}
      client={runtime.client}
      tags={runtime.tags}
      canAcknowledge={may(session, 'operator')}
      annunciator={annunciator}
      onOpenEquipment={navigation.openEquipment}
      onOpenSummary={navigation.openAlarmSummary}
    />
  )
  const summary =
    route.display === 'alarms' ? (
      <AlarmSummary
        key={route.alarm ?? ''}
        focus={route.alarm === undefined ? undefined : { alarmId: route.alarm, at: route.at }}
        alarms={runtime.alarms}
        client={runtime.client}
        canAct={may(session, 'operator')}
        canService={may(session, 'engineer')}
        open
        onOpenEquipment={navigation.openEquipment}
      />
    ) : null
  return (
    <NavigatorProvider value={navigator}>
      <WorkOrderLinksProvider value={workOrderLinks}>
        <div className="app">
          <Header
            equipment={equipment}
            selected={selected}
            onSelect={navigation.openEquipment}
            client={runtime.client}
            session={session}
            onSession={runtime.setSession}
            alarms={runtime.alarms}
            tags={tags}
            samples={runtime.samples}
          />
          {banner}
          <main className="display-main">
            {resources ? (
              <>
                <NavBar navigator={navigator} navigation={navigation} equipment={resources.data.equipment} alarms={runtime.alarms} onOpenWindow={openWindow} />
                <DisplayScreen
                  runtime={runtime}
                  navigator={navigator}
                  navigation={navigation}
                  resources={resources}
                  canAcknowledge={may(session, 'operator')}
                  canWrite={may(session, 'operator')}
                  canService={may(session, 'engineer')}
                  alarmSummary={summary}
                  tilesPerScreen={tilesPerScreen}
                />
              </>
            ) : null}
          </main>
          <StatusBar
            connection={runtime.connection}
            link={runtime.transport.link}
            transport={runtime.transport}
            equipment={selected}
            tags={NO_TAGS}
            samples={runtime.samples}
            alarms={runtime.alarms}
            health={runtime.health}
          />
        </div>
      </WorkOrderLinksProvider>
    </NavigatorProvider>
  )
}
