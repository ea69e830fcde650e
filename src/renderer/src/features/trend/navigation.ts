import type uPlot from 'uplot'

/** One wheel notch zooms by this much; five notches are a bit more than a factor 3. */
export const WHEEL_ZOOM_FACTOR = 1.25

export interface NavigationHandlers {
  /** Zoom by `factor` (>1 out) around time `anchor` (epoch ms). */
  zoom(anchor: number, factor: number): void
  /** Move the window by `deltaMs` (negative: into the past). */
  pan(deltaMs: number): void
  /** Show [a, b] (a box drawn with the mouse). */
  zoomTo(a: number, b: number): void
}

/**
 * Mouse navigation on the time axis: the wheel zooms around the pointer, a
 * drag with Shift or the middle button pans, a plain drag draws a box (uPlot's
 * select) that zooms to it. The chart owns the range; this only reports intent.
 */
export function navigationPlugin(handlers: NavigationHandlers): uPlot.Plugin {
  return {
    hooks: {
      ready: [
        (u) => {
          const over = u.over
          over.addEventListener(
            'wheel',
            (event) => {
              event.preventDefault()
              const anchor = u.posToVal(event.offsetX, 'x')
              handlers.zoom(anchor, event.deltaY > 0 ? WHEEL_ZOOM_FACTOR : 1 / WHEEL_ZOOM_FACTOR)
            },
            { passive: false }
          )
          // Captured on the root so uPlot's own drag (the box select) never starts for a pan.
          u.root.addEventListener(
            'mousedown',
            (event) => {
              if (!over.contains(event.target as Node)) return
              if (!(event.shiftKey || event.button === 1)) return
              event.preventDefault()
              event.stopPropagation()
              let lastX = event.clientX
              const move = (e: MouseEvent): void => {
                const msPerPx = ((u.scales.x?.max ?? 0) - (u.scales.x?.min ?? 0)) / Math.max(1, u.over.clientWidth)
                handlers.pan(-(e.clientX - lastX) * msPerPx)
                lastX = e.clientX
              }
              const up = (): void => {
                window.removeEventListener('mousemove', move)
                window.removeEventListener('mouseup', up)
              }
              window.addEventListener('mousemove', move)
              window.addEventListener('mouseup', up)
            },
            { capture: true }
          )
        }
      ],
      setSelect: [
        (u) => {
          const { left, width } = u.select
          if (width < 4) return
          handlers.zoomTo(u.posToVal(left, 'x'), u.posToVal(left + width, 'x'))
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false)
        }
      ]
    }
  }
}
