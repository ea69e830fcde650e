import type { Alarm, AlarmPriority } from '../../../../shared/domain'

/**
 * One shape per priority, with its number inside, so priorities are never told apart by
 * colour alone (ISA-101 §6.6; EEMUA 201): 1 square, 2 triangle, 3 inverted triangle, 4 circle.
 * With a `state`, the shape also says it: unacknowledged blinks, returned-unacknowledged,
 * latched and normal (a hidden alarm) are hollow, acknowledged is steady.
 */
const SHAPES: Record<AlarmPriority, string> = {
  1: 'M1 1 H15 V15 H1 Z',
  2: 'M8 0.5 L15.5 15 H0.5 Z',
  3: 'M0.5 1 H15.5 L8 15.5 Z',
  4: 'M8 1 A7 7 0 1 1 7.99 1 Z'
}
const NUMBER_Y: Record<AlarmPriority, number> = { 1: 12, 2: 13.5, 3: 10, 4: 12 }
const STATE_WORDS: Record<Alarm['state'], string> = {
  normal: 'back to normal',
  unacknowledged: 'unacknowledged',
  acknowledged: 'acknowledged',
  'returned-unacknowledged': 'returned, unacknowledged',
  latched: 'latched'
}

export function PriorityIcon({ priority, state, size = 18, className = '' }: { priority: AlarmPriority; state?: Alarm['state']; size?: number; className?: string }) {
  const label = state ? `Priority ${priority} alarm, ${STATE_WORDS[state]}` : `Priority ${priority}`
  return (
    <svg
      className={`priority-icon alarm-p${priority}${state ? ` icon-${state}` : ''} ${className}`}
      viewBox="0 0 16 16"
      width={size}
      height={size}
      role="img"
      aria-label={label}
    >
      <path d={SHAPES[priority]} className="priority-shape" />
      <text x="8" y={NUMBER_Y[priority]} textAnchor="middle" className="priority-number">
        {priority}
      </text>
    </svg>
  )
}
