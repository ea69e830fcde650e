import type { Alarm } from '../../../../shared/domain'

/**
 * Banner order: most urgent priority first (1 before 4), then newest first,
 * then by id so rows never swap places between two updates.
 */
export function compareAlarms(a: Alarm, b: Alarm): number {
  return a.priority - b.priority || b.raisedAt - a.raisedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

export const sortAlarms = (alarms: readonly Alarm[]): Alarm[] => [...alarms].sort(compareAlarms)

/** Unacknowledged alarms still need an operator, whether or not they returned to normal. */
export const needsAcknowledge = (alarm: Alarm): boolean => alarm.state !== 'acknowledged'
