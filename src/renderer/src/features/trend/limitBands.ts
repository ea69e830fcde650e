import uPlot from 'uplot'
import type { TagInfo } from '../../../../shared/domain'
import { unitScaleKey } from './unitScales'

/**
 * Pale tints: the alarm zones are context, not an alarm; the saturated colours
 * stay for alarms themselves (ISA-101). H–HH and L–LL are the warning zones,
 * beyond HH and LL the trip zones.
 */
const WARNING_FILL = 'rgba(176, 138, 40, 0.10)'
const TRIP_FILL = 'rgba(160, 60, 40, 0.12)'
const LABEL = '#5a5a5a'

/** Draws one pen's alarm limits as bands behind the lines, on its unit's scale. */
export function limitBandsPlugin(pen: TagInfo): uPlot.Plugin {
  return {
    hooks: {
      drawClear: [
        (u) => {
          const { left, top, width, height } = u.bbox
          const scale = unitScaleKey(pen.unit)
          const y = (v: number): number => u.valToPos(v, scale, true)
          const ctx = u.ctx
          const px = uPlot.pxRatio
          ctx.save()
          ctx.beginPath()
          ctx.rect(left, top, width, height)
          ctx.clip()
          const band = (a: number | undefined, b: number | undefined, fill: string): void => {
            if (a === undefined || b === undefined) return
            const ya = y(a)
            const yb = y(b)
            ctx.fillStyle = fill
            ctx.fillRect(left, Math.min(ya, yb), width, Math.abs(ya - yb))
          }
          const { HH, H, L, LL } = pen.limits
          const scaleMin = u.scales[scale]?.min ?? pen.euRange.low
          const scaleMax = u.scales[scale]?.max ?? pen.euRange.high
          band(H, HH ?? scaleMax, WARNING_FILL)
          band(HH, scaleMax, TRIP_FILL)
          band(LL ?? scaleMin, L, WARNING_FILL)
          band(scaleMin, LL, TRIP_FILL)
          ctx.font = `${11 * px}px system-ui, sans-serif`
          ctx.textAlign = 'right'
          ctx.textBaseline = 'bottom'
          ctx.fillStyle = LABEL
          for (const [name, limit] of Object.entries(pen.limits)) {
            if (limit === undefined) continue
            ctx.fillText(`${pen.name} ${name} ${limit}`, left + width - 4 * px, y(limit) - 2 * px)
          }
          ctx.restore()
        }
      ]
    }
  }
}
