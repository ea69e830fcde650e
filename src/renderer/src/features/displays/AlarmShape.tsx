import type { Alarm } from '../../../../shared/domain'
import { PriorityIcon } from '../alarms/PriorityIcon'

/** An alarm's priority shape and state on a display: the alarm feature's one icon, sized for tiles. */
export function AlarmShape({ alarm, size = 20 }: { alarm: Pick<Alarm, 'priority' | 'state'>; size?: number }) {
  return <PriorityIcon priority={alarm.priority} state={alarm.state} size={size} />
}
