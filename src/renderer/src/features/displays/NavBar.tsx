import type { Alarm, EquipmentInfo } from '../../../../shared/domain'
import type { ReadableStore } from '../../lib/store'
import { useStore } from '../../lib/useStore'
import { nextUnacknowledgedEquipment } from './equipmentStatus'
import type { DisplayNavigation } from './navigation'
import type { Navigator } from './navigator'
import { areaOf } from './plantLayout'
import { formatRoute, type Route } from './route'

interface NavBarProps {
  navigator: Navigator
  navigation: DisplayNavigation
  equipment: ReadableStore<EquipmentInfo[]>
  alarms: ReadableStore<Alarm[]>
  /** Opens the display shown now in a window of its own (the desktop app); no button without it. */
  onOpenWindow?: ((route: Route) => void) | undefined
}

/**
 * Back and Forward, the breadcrumb (Plant › Area › Equipment), and the ways out that are always
 * there: the plant overview, the alarm summary and the next unacknowledged alarm's machine.
 * The shortcuts (Alt+B, Alt+P, Alt+S, Alt+N) press these buttons.
 */
export function NavBar({ navigator, navigation, equipment, alarms, onOpenWindow }: NavBarProps) {
  const { route, canBack, canForward } = useStore(navigator.state)
  const machines = useStore(equipment)
  const alarmList = useStore(alarms)
  const current = route.display === 'equipment' ? route.equipment : null
  const next = nextUnacknowledgedEquipment(alarmList, current)
  const area = route.display === 'equipment' ? areaOf(machines, route.equipment) : route.display === 'overview' ? route.area : undefined
  return (
    <nav className="nav-bar" aria-label="Displays">
      <button type="button" data-shortcut="back" disabled={!canBack} onClick={() => navigator.back()} title="Back (Alt+B)">
        Back
      </button>
      <button type="button" disabled={!canForward} onClick={() => navigator.forward()}>
        Forward
      </button>
      <ol className="breadcrumb" aria-label="Breadcrumb">
        <li>
          <Crumb href={formatRoute({ display: 'overview' })} current={route.display === 'overview' && route.area === undefined} onClick={() => navigation.openOverview()}>
            Plant
          </Crumb>
        </li>
        {area !== undefined ? (
          <li>
            <Crumb
              href={formatRoute({ display: 'overview', area })}
              current={route.display === 'overview'}
              onClick={() => navigation.openOverview(area)}
            >
              {area}
            </Crumb>
          </li>
        ) : null}
        {route.display === 'equipment' ? (
          <li>
            <Crumb href={formatRoute({ display: 'equipment', equipment: route.equipment })} current onClick={() => navigation.openEquipment(route.equipment)}>
              {route.equipment}
            </Crumb>
          </li>
        ) : null}
        {route.display === 'alarms' ? (
          <li>
            <span aria-current="page">Alarm summary</span>
          </li>
        ) : null}
      </ol>
      <span className="nav-spacer" />
      <button type="button" data-shortcut="overview" aria-pressed={route.display === 'overview'} onClick={() => navigation.openOverview()} title="Alt+P">
        Plant overview
      </button>
      <button type="button" data-shortcut="alarm-summary" aria-pressed={route.display === 'alarms'} onClick={() => navigation.openAlarmSummary()} title="Alt+M">
        Alarm summary
      </button>
      <button
        type="button"
        data-shortcut="next-unacknowledged"
        disabled={next === undefined}
        onClick={() => next !== undefined && navigation.openEquipment(next)}
        title="The machine of the next unacknowledged alarm (Alt+N)"
      >
        Next unacknowledged{next !== undefined ? `: ${next}` : ''}
      </button>
      {onOpenWindow ? (
        <button type="button" onClick={() => onOpenWindow(route)}>
          New window
        </button>
      ) : null}
    </nav>
  )
}

function Crumb({ href, current, onClick, children }: { href: string; current: boolean; onClick(): void; children: string }) {
  if (current) return <span aria-current="page">{children}</span>
  return (
    <a
      href={href}
      onClick={(event) => {
        event.preventDefault()
        onClick()
      }}
    >
      {children}
    </a>
  )
}
