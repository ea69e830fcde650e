import type { RefObject } from 'react'
import type { TagInfo } from '../../../../shared/domain'
import { penStyle } from './pens'
import { TableHead } from '../../lib/TableHead'

interface TrendLegendProps {
  pens: readonly TagInfo[]
  /** Cells the chart writes directly (latest value, value at the cursor), so a stream does not re-render React. */
  latestRefs: RefObject<(HTMLTableCellElement | null)[]>
  cursorRefs: RefObject<(HTMLTableCellElement | null)[]>
  cursorTimeRef: RefObject<HTMLSpanElement | null>
  pointsRef: RefObject<HTMLSpanElement | null>
}

/** The pens' table under the trend: style, latest value, value at the cursor, normal range and scale. */
export function TrendLegend({ pens, latestRefs, cursorRefs, cursorTimeRef, pointsRef }: TrendLegendProps) {
  return (
    <table className="trend-legend" aria-live="off">
      <caption>
        Trend pens · <span ref={pointsRef} data-testid="trend-points" /> points plotted · dotted grey: not Good · cursor at{' '}
        <span ref={cursorTimeRef} data-testid="trend-cursor-time" />
      </caption>
      <TableHead columns={['Pen', 'Latest', 'At cursor', 'Normal range', 'Scale']} />
      <tbody>
        {pens.map((pen, i) => (
          <tr key={pen.name}>
            <th scope="row" title={pen.description}>
              <span
                className="pen-swatch"
                aria-hidden="true"
                style={{ borderTopColor: penStyle(i).colour, borderTopStyle: penStyle(i).dash ? 'dashed' : 'solid' }}
              />
              {pen.name}
            </th>
            <td className="numeric" ref={(cell) => void (latestRefs.current[i] = cell)} />
            <td className="numeric" data-testid="trend-cursor-value" ref={(cell) => void (cursorRefs.current[i] = cell)} />
            <td className="numeric">{normalRange(pen)}</td>
            <td className="numeric">
              {pen.euRange.low} – {pen.euRange.high} {pen.unit}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function normalRange(pen: TagInfo): string {
  const low = pen.limits.L ?? pen.limits.LL
  const high = pen.limits.H ?? pen.limits.HH
  if (low === undefined && high === undefined) return '—'
  return `${low ?? '…'} – ${high ?? '…'} ${pen.unit}`.trim()
}
