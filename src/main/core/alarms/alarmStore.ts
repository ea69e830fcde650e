import { AlarmSchema, JOURNAL_QUERY_MAX, type Alarm, type AlarmTransition, type JournalEntry, type JournalQuery } from '../../../shared/alarms'
import type { Logger } from '../logger'
import type { PlantDatabase } from '../storage/plantDatabase'
import type { AlarmStore } from './alarmSummary'

/** Journal rows per INSERT statement: 13 parameters each, well under SQLite's 32,766. */
const JOURNAL_ROWS_PER_INSERT = 100

interface JournalRow {
  seq: number
  at: number
  kind: AlarmTransition['kind']
  alarm_id: string
  tag: string
  equipment: string
  alarm_kind: AlarmTransition['alarmKind']
  priority: AlarmTransition['priority']
  value: number | null
  state: AlarmTransition['state']
  message: string
  user: string | null
  comment: string | null
  annunciated: number
}

const toEntry = (r: JournalRow): JournalEntry => ({
  seq: r.seq,
  at: r.at,
  kind: r.kind,
  alarmId: r.alarm_id,
  tag: r.tag,
  equipment: r.equipment,
  alarmKind: r.alarm_kind,
  priority: r.priority,
  value: r.value,
  state: r.state,
  message: r.message,
  user: r.user,
  comment: r.comment,
  annunciated: r.annunciated === 1
})

/**
 * The alarm list and journal in the plant database (tables `alarm_list`, `alarm_journal`).
 * A saved batch is one transaction: the list and the journal never disagree, and a
 * failed write leaves neither half-written. A stored alarm that no longer parses (a
 * newer or damaged row) is skipped with a log line rather than stopping the start.
 */
export function createAlarmStore(db: PlantDatabase, logger?: Logger): AlarmStore {
  const upsert = db.prepare<[string, string]>('INSERT INTO alarm_list (id, alarm) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET alarm = excluded.alarm')
  const remove = db.prepare<[string]>('DELETE FROM alarm_list WHERE id = ?')
  // Rows go in statements of up to JOURNAL_ROWS_PER_INSERT: one call per row costs more than the row.
  const inserts = new Map<number, ReturnType<PlantDatabase['prepare']>>()
  const insertOf = (rows: number) => {
    let statement = inserts.get(rows)
    if (!statement) {
      statement = db.prepare(
        `INSERT INTO alarm_journal (at, kind, alarm_id, tag, equipment, alarm_kind, priority, value, state, message, user, comment, annunciated) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`
      )
      inserts.set(rows, statement)
    }
    return statement
  }
  const write = (upserts: readonly Alarm[], removed: readonly string[], transitions: readonly AlarmTransition[]): void => {
    for (let i = 0; i < transitions.length; i += JOURNAL_ROWS_PER_INSERT) {
      const chunk = transitions.slice(i, i + JOURNAL_ROWS_PER_INSERT)
      insertOf(chunk.length).run(
        chunk.flatMap((t) => [t.at, t.kind, t.alarmId, t.tag, t.equipment, t.alarmKind, t.priority, Number.isFinite(t.value) ? t.value : null, t.state, t.message, t.user, t.comment, t.annunciated ? 1 : 0])
      )
    }
    for (const alarm of upserts) upsert.run(alarm.id, JSON.stringify(alarm))
    for (const id of removed) remove.run(id)
  }
  const save = db.transaction(write)
  return {
    load() {
      const rows = db.prepare('SELECT id, alarm FROM alarm_list').all() as { id: string; alarm: string }[]
      return rows.flatMap((row) => {
        try {
          return [AlarmSchema.parse(JSON.parse(row.alarm))]
        } catch (error) {
          logger?.warn(`alarm list: stored alarm "${row.id}" skipped, it does not parse: ${(error as Error).message.slice(0, 200)}`)
          return []
        }
      })
    },
    save(upserts, removed, transitions) {
      // Inside an operator's command the batch joins its transaction and audit record (libsql does not nest transactions).
      if (db.inTransaction) write(upserts, removed, transitions)
      else save.immediate(upserts, removed, transitions)
    }
  }
}

/** The journal's rows in [from, to) matching the query's filters, oldest first, at most `limit` (default and cap {@link JOURNAL_QUERY_MAX}). */
export function queryJournal(db: PlantDatabase, q: JournalQuery): JournalEntry[] {
  const where = ['at >= @from', 'at < @to']
  if (q.equipment) where.push('equipment = @equipment')
  if (q.tag) where.push('tag = @tag')
  if (q.alarmId) where.push('alarm_id = @alarmId')
  if (q.priority) where.push('priority = @priority')
  if (q.user) where.push('user = @user')
  const kinds = q.kinds ?? []
  const tags = q.tags ?? []
  if (kinds.length > 0) where.push(`kind IN (${kinds.map((_, i) => `@k${i}`).join(', ')})`)
  if (tags.length > 0) where.push(`tag IN (${tags.map((_, i) => `@t${i}`).join(', ')})`)
  const params: Record<string, unknown> = { from: q.from, to: q.to, equipment: q.equipment, tag: q.tag, alarmId: q.alarmId, priority: q.priority, user: q.user, limit: q.limit ?? JOURNAL_QUERY_MAX }
  kinds.forEach((k, i) => (params[`k${i}`] = k))
  tags.forEach((t, i) => (params[`t${i}`] = t))
  for (const key of Object.keys(params)) if (params[key] === undefined) delete params[key]
  const sql = `SELECT * FROM alarm_journal WHERE ${where.join(' AND ')} ORDER BY seq LIMIT @limit`
  return (db.prepare(sql).all(params) as JournalRow[]).map(toEntry)
}

/** Every journal row in [from, to), oldest first, one at a time (for exports and KPIs over long spans). */
export function* journalRows(db: PlantDatabase, from: number, to: number): Generator<JournalEntry> {
  const rows = db.prepare<[number, number]>('SELECT * FROM alarm_journal WHERE at >= ? AND at < ? ORDER BY seq').iterate(from, to) as Iterable<JournalRow>
  for (const row of rows) yield toEntry(row)
}
