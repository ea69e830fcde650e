import uPlot from 'uplot'
import { LIMIT_NAMES } from '../../../../shared/tagMap'
import type { TagInfo } from '../../../../shared/domain'
import { penStyle, scaleKey } from './pens'

/** Draws one pen's HH/H/L/LL limits as dotted lines in the pen's own muted colour. */
export function limitLinesPlugin(pen: TagInfo, penIndex: number): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (u) => {
          const px = uPlot.pxRatio
          const { left, top, width, height } = u.bbox
          const ctx = u.ctx
          ctx.save()
          ctx.beginPath()
          ctx.rect(left, top, width, height)
          ctx.clip()
          ctx.lineWidth = px
          ctx.setLineDash([2 * px, 4 * px])
          ctx.font = `${11 * px}px system-ui, sans-serif`
          ctx.textAlign = 'right'
          ctx.textBaseline = 'bottom'
          const { colour } = penStyle(penIndex)
          ctx.strokeStyle = colour
          ctx.fillStyle = colour
          for (const name of LIMIT_NAMES) {
            const limit = pen.limits[name]
            if (limit === undefined) continue
            const y = Math.round(u.valToPos(limit, scaleKey(penIndex), true)) + 0.5
            ctx.beginPath()
            ctx.moveTo(left, y)
            ctx.lineTo(left + width, y)
            ctx.stroke()
            ctx.fillText(`${name} ${limit}`, left + width - 4 * px, y - 2 * px)
          }
          ctx.restore()
        }
      ]
    }
  }
}
