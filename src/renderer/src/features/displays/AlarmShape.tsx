import type { Alarm } from '../../../../shared/domain'

const SHAPE_NAME = { 1: 'triangle', 2: 'diamond', 3: 'square', 4: 'circle' } as const

const STATE_WORDS: Record<Alarm['state'], string> = {
  unacknowledged: 'unacknowledged',
  acknowledged: 'acknowledged',
  'returned-unacknowledged': 'returned, unacknowledged'
}

/**
 * An alarm's priority as a shape with its number (ISA-101: colour is never the only cue):
 * 1 triangle, 2 diamond, 3 square, 4 circle, in the priority's colour. Unacknowledged blinks,
 * returned-unacknowledged is hollow, acknowledged is steady.
 */
export function AlarmShape({ alarm, size = 20 }: { alarm: Pick<Alarm, 'priority' | 'state'>; size?: number }) {
  const label = `Priority ${alarm.priority} alarm, ${STATE_WORDS[alarm.state]}`
  return (
    <svg
      className={`alarm-shape alarm-p${alarm.priority} shape-${alarm.state}`}
      width={size}
      height={size}
      viewBox="0 0 20 20"
      role="img"
      aria-label={label}
    >
      <title>{label}</title>
      <Outline priority={alarm.priority} />
      <text x="10" y={alarm.priority === 1 ? 15.5 : 14} textAnchor="middle" className="alarm-shape-number">
        {alarm.priority}
      </text>
    </svg>
  )
}

function Outline({ priority }: { priority: Alarm['priority'] }) {
  const shape = SHAPE_NAME[priority]
  if (shape === 'triangle') return <polygon className="alarm-shape-fill" points="10,1 19,18.5 1,18.5" />
  if (shape === 'diamond') return <polygon className="alarm-shape-fill" points="10,0.5 19.5,10 10,19.5 0.5,10" />
  if (shape === 'square') return <rect className="alarm-shape-fill" x="2" y="2" width="16" height="16" />
  return <circle className="alarm-shape-fill" cx="10" cy="10" r="9" />
}
