import { formatTime } from '../../lib/format'
import type { TimeMarker } from './timeMarkers'

/** The marker shown under the chart: hovered, or pinned by a click or a [ ] step until Esc or another pick. */
export interface PickedMarker {
  marker: TimeMarker
  pinned: boolean
}

/**
 * What the picked marker says, kept one line high even when empty so the chart does not jump;
 * a pinned alarm marker offers to open its alarm, the keyboard's way to what a click on it does.
 */
export function TrendMarkerLine({ picked, onOpenAlarm }: { picked: PickedMarker | null; onOpenAlarm?: ((alarmId: string, at: number) => void) | undefined }) {
  const alarmId = picked?.pinned ? picked.marker.alarmId : undefined
  return (
    <div className="trend-marker-line">
      <p className="trend-marker" role="status" aria-label="Time marker" data-at={picked?.marker.at}>
        {picked ? `${new Date(picked.marker.at).toLocaleDateString()} ${formatTime(picked.marker.at)} · ${picked.marker.label}` : ''}
      </p>
      {picked && alarmId !== undefined && onOpenAlarm ? (
        <button type="button" className="link-button" onClick={() => onOpenAlarm(alarmId, picked.marker.at)}>
          Open in alarm summary
        </button>
      ) : null}
    </div>
  )
}
