import type uPlot from 'uplot'
import type { MaintenanceEntry } from '../../../../shared/domain'
import type { ReadableStore } from '../../lib/store'

/**
 * An event on the trend's time axis. Any source maps its rows to this: maintenance-log
 * entries and work orders here ({@link maintenanceMarkers}), alarm raise, acknowledge and
 * return from the alarm journal (kind 'alarm', with its priority 1 (highest) … 4).
 */
export interface TimeMarker {
  /** Epoch ms. */
  at: number
  kind: 'alarm' | 'maintenance' | 'workorder'
  priority?: number
  /** What the marker says when hovered, clicked or stepped to. */
  label: string
  /** An alarm marker's alarm: clicking the marker opens it in the alarm summary. */
  alarmId?: string
}

/**
 * Maintenance-log entries of the trend's equipment (and site-wide ones) as markers: a
 * note where it was written; a work order (scheduled by the engine) where it was raised
 * and, once done, where it was completed.
 */
export function maintenanceMarkers(entries: readonly MaintenanceEntry[], equipment: ReadonlySet<string>): TimeMarker[] {
  const markers: TimeMarker[] = []
  for (const entry of entries) {
    if (entry.equipment !== null && !equipment.has(entry.equipment)) continue
    const where = entry.equipment ?? 'site'
    const who = entry.author ?? (entry.source === 'engine' ? 'engine' : 'unknown')
    if (entry.dueAt === null) {
      markers.push({ at: entry.createdAt, kind: 'maintenance', label: `Log · ${where} · ${who}: ${entry.text}` })
      continue
    }
    markers.push({ at: entry.createdAt, kind: 'workorder', label: `Work order raised · ${where}: ${entry.text}` })
    if (entry.completedAt !== null) {
      markers.push({ at: entry.completedAt, kind: 'workorder', label: `Work order done · ${where} · ${entry.completedBy ?? 'unknown'}: ${entry.text}` })
    }
  }
  return markers.sort((a, b) => a.at - b.at)
}

/** A store of markers derived from another store, recomputed only when that one changes. */
export function derivedMarkers<T>(source: ReadableStore<T>, toMarkers: (value: T) => TimeMarker[]): ReadableStore<readonly TimeMarker[]> {
  let seen: T | undefined
  let markers: TimeMarker[] = []
  return {
    get() {
      const value = source.get()
      if (value !== seen) {
        seen = value
        markers = toMarkers(value)
      }
      return markers
    },
    subscribe: (listener) => source.subscribe(listener)
  }
}

/** Several marker sources (the maintenance log, the alarm journal) as one, in time order. */
export function mergedMarkers(sources: readonly ReadableStore<readonly TimeMarker[]>[]): ReadableStore<readonly TimeMarker[]> {
  let seen: (readonly TimeMarker[])[] = []
  let markers: readonly TimeMarker[] = []
  return {
    get() {
      const now = sources.map((source) => source.get())
      if (now.length !== seen.length || now.some((list, i) => list !== seen[i])) {
        seen = now
        markers = now.flat().sort((a, b) => a.at - b.at)
      }
      return markers
    },
    subscribe(listener) {
      const off = sources.map((source) => source.subscribe(listener))
      return () => off.forEach((unsubscribe) => unsubscribe())
    }
  }
}

/**
 * ISA-101: alarm markers carry their priority's colour (the one place the trend uses
 * saturated colour); log and work-order markers stay muted.
 */
const ALARM_COLOURS = ['#c0392b', '#d35400', '#b7950b', '#6c3483']
const MARKER_COLOURS = { maintenance: '#4f6d8a', workorder: '#2f4f4f' } as const
/** Half-width of a marker's triangle and of its hit zone, in CSS px. */
const MARKER_HALF_PX = 5

export const markerColour = (marker: TimeMarker): string =>
  marker.kind === 'alarm' ? (ALARM_COLOURS[Math.min(3, Math.max(0, (marker.priority ?? 4) - 1))] ?? ALARM_COLOURS[3]!) : MARKER_COLOURS[marker.kind]

/** The markers within [from, to], in time order. */
export function markersIn(markers: readonly TimeMarker[], from: number, to: number): TimeMarker[] {
  return markers.filter((m) => m.at >= from && m.at <= to)
}

/**
 * Draws markers as triangles on the time axis's edge of the plot, with a faint line up
 * through the plot, and reports the marker under the pointer (hover) or clicked.
 */
export function markersPlugin(options: {
  markers: () => readonly TimeMarker[]
  /** The marker under the pointer, or null when it leaves it; `pinned` when clicked. */
  onPick(marker: TimeMarker | null, pinned: boolean): void
}): uPlot.Plugin {
  const near = (u: uPlot, offsetX: number): TimeMarker | null => {
    let best: TimeMarker | null = null
    let bestPx = MARKER_HALF_PX + 1
    for (const marker of options.markers()) {
      const px = Math.abs(u.valToPos(marker.at, 'x') - offsetX)
      if (px < bestPx) {
        best = marker
        bestPx = px
      }
    }
    return best
  }
  return {
    hooks: {
      ready: [
        (u) => {
          let hovered: TimeMarker | null = null
          u.over.addEventListener('mousemove', (event) => {
            // Only near the bottom edge, where the triangles are: elsewhere the cursor reads values.
            const marker = u.over.clientHeight - event.offsetY <= 3 * MARKER_HALF_PX ? near(u, event.offsetX) : null
            if (marker === hovered) return
            hovered = marker
            options.onPick(marker, false)
          })
          u.over.addEventListener('click', (event) => {
            const marker = u.over.clientHeight - event.offsetY <= 3 * MARKER_HALF_PX ? near(u, event.offsetX) : null
            if (marker) options.onPick(marker, true)
          })
        }
      ],
      draw: [
        (u) => {
          const { left, top, width, height } = u.bbox
          const px = devicePixelRatio || 1
          const ctx = u.ctx
          const [from, to] = [u.scales.x?.min ?? 0, u.scales.x?.max ?? 0]
          ctx.save()
          for (const marker of markersIn(options.markers(), from, to)) {
            const x = u.valToPos(marker.at, 'x', true)
            if (x < left || x > left + width) continue
            ctx.strokeStyle = markerColour(marker)
            ctx.globalAlpha = 0.35
            ctx.lineWidth = px
            ctx.beginPath()
            ctx.moveTo(x, top)
            ctx.lineTo(x, top + height)
            ctx.stroke()
            ctx.globalAlpha = 1
            ctx.fillStyle = markerColour(marker)
            const half = MARKER_HALF_PX * px
            ctx.beginPath()
            ctx.moveTo(x, top + height - 2 * half)
            ctx.lineTo(x - half, top + height)
            ctx.lineTo(x + half, top + height)
            ctx.closePath()
            ctx.fill()
          }
          ctx.restore()
        }
      ]
    }
  }
}
