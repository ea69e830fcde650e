import type { Alarm, JournalEntry } from '../../../shared/alarms'
import { ALARM_COMMENTS_KEPT, SHELVE_MAX_MINUTES } from '../../../shared/alarms'
import type { PlantDatabase } from '../storage/plantDatabase'
import { journalRows } from './alarmStore'
import { SUPPRESSED_RAISE } from './alarmSummary'

/**
 * The alarm list as it stood at a past time, rebuilt from the alarm journal: what a report of
 * an older shift, or one made offline by `plantwatch report`, shows as standing, shelved,
 * suppressed and out-of-service alarms.
 *
 * The journal records every transition with the state after it (ISA-18.2 §11.6 state names),
 * so replaying it up to `at` gives each listed alarm's state, priority, message, value,
 * acknowledgement, shelving, design suppression, out of service and comments. It does not
 * record what is no transition: a prediction's ETA, a limit's value and the unit are absent
 * (`eta` undefined, `threshold` null, `unit` ''). A shelve's expiry is the time of its
 * automatic unshelve when the journal holds one; otherwise `shelved.until` is NaN and the
 * caller must say it is not recorded.
 *
 * @param at epoch ms; transitions strictly before it count.
 * @returns the listed alarms, in the order they were first raised.
 */
export function alarmListAt(db: PlantDatabase, at: number): Alarm[] {
  const listed = new Map<string, Alarm>()
  for (const e of journalRows(db, 0, at)) apply(listed, e)
  const alarms = [...listed.values()]
  for (const a of alarms) if (a.shelved) a.shelved.until = shelveEnd(db, a.id, a.shelved.at)
  return alarms
}

function apply(listed: Map<string, Alarm>, e: JournalEntry): void {
  if (e.kind === 'clear') {
    listed.delete(e.alarmId)
    return
  }
  let a = listed.get(e.alarmId)
  if (!a) {
    a = { id: e.alarmId, tag: e.tag, equipment: e.equipment, kind: e.alarmKind, limit: null, priority: e.priority, state: e.state, active: false, message: e.message, value: e.value, threshold: null, unit: '', raisedAt: e.at }
    listed.set(e.alarmId, a)
  }
  a.priority = e.priority
  a.state = e.state
  a.message = e.message
  a.value = e.value
  switch (e.kind) {
    case 'raise':
      a.active = true
      a.raisedAt = e.at
      delete a.clearedAt
      delete a.acknowledgedAt
      delete a.acknowledgedBy
      // A raise into designed suppression is journaled as one raise that says so.
      if (e.comment?.startsWith(SUPPRESSED_RAISE)) a.suppressed = { reason: e.comment.slice(SUPPRESSED_RAISE.length), at: e.at }
      break
    case 'acknowledge':
      a.acknowledgedAt = e.at
      if (e.user) a.acknowledgedBy = e.user
      if (e.comment) addComment(a, e)
      break
    case 'return':
      a.active = false
      a.clearedAt = e.at
      break
    case 'shelve':
      a.shelved = { by: e.user ?? 'plant', reason: e.comment ?? '', at: e.at, until: Number.NaN }
      break
    case 'unshelve':
      delete a.shelved
      break
    case 'suppress':
      a.suppressed = { reason: e.comment ?? '', at: e.at }
      break
    case 'unsuppress':
      delete a.suppressed
      break
    case 'disable':
      a.outOfService = { by: e.user ?? '', reason: e.comment ?? '', at: e.at }
      break
    case 'enable':
      delete a.outOfService
      break
    case 'comment':
      addComment(a, e)
      break
    default:
      break
  }
}

function addComment(a: Alarm, e: JournalEntry): void {
  a.comments = [...(a.comments ?? []), { at: e.at, by: e.user ?? 'plant', text: e.comment ?? '' }].slice(-ALARM_COMMENTS_KEPT)
}

/**
 * When a shelve ran out: the next change of its shelving, if that was the automatic unshelve
 * (no user) within the longest shelve; NaN when it was ended by hand or not yet.
 */
function shelveEnd(db: PlantDatabase, alarmId: string, shelvedAt: number): number {
  const row = db
    .prepare<[string, number, number]>("SELECT at, kind, user FROM alarm_journal WHERE alarm_id = ? AND kind IN ('unshelve', 'shelve', 'clear') AND at > ? AND at <= ? ORDER BY seq LIMIT 1")
    .get(alarmId, shelvedAt, shelvedAt + (SHELVE_MAX_MINUTES + 1) * 60_000) as { at: number; kind: string; user: string | null } | undefined
  return row?.kind === 'unshelve' && row.user === null ? row.at : Number.NaN
}
