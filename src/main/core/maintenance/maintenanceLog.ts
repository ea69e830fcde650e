import type { MaintenanceEntry } from '../../../shared/domain'
import { workOrderNumberIn } from '../../../shared/workOrders'
import type { PlantDatabase } from '../storage/plantDatabase'

interface Row {
  id: number
  created_at: number
  text: string
  equipment: string | null
  source: MaintenanceEntry['source']
  due_at: number | null
  completed_at: number | null
  author: string | null
  completed_by: string | null
  work_order: string | null
}

const toEntry = (row: Row): MaintenanceEntry => ({
  id: row.id,
  createdAt: row.created_at,
  text: row.text,
  equipment: row.equipment,
  source: row.source,
  dueAt: row.due_at,
  completedAt: row.completed_at,
  author: row.author,
  completedBy: row.completed_by,
  workOrder: row.work_order
})

export interface NewMaintenanceEntry {
  text: string
  equipment?: string | null
  source?: MaintenanceEntry['source']
  dueAt?: number | null
  /** The alarm condition that scheduled this work (engine entries). */
  condition?: string | null
  /** The signed-in user who wrote it (operator entries). */
  author?: string | null
  /** The work order it is written for (its number); by default the first number its text quotes. */
  workOrder?: string | null
}

export interface MaintenanceLog {
  add(entry: NewMaintenanceEntry): MaintenanceEntry
  /** Newest first. */
  list(limit?: number): MaintenanceEntry[]
  /** Marks an entry done; undefined when there is no such entry. Completing twice keeps the first time. */
  complete(id: number, by?: string | null): MaintenanceEntry | undefined
  /** The newest entry `condition` scheduled at or after `since`, if any. */
  scheduledBy(condition: string, since: number): MaintenanceEntry | undefined
}

/** The maintenance log, persisted in the plant database. Inputs are validated by the contract before they get here. */
export function createMaintenanceLog(db: PlantDatabase, clock: () => number): MaintenanceLog {
  const insert = db.prepare<[number, string, string | null, string, number | null, string | null, string | null, string | null]>(
    'INSERT INTO maintenance_log (created_at, text, equipment, source, due_at, condition, author, work_order) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *'
  )
  const select = db.prepare<[number]>('SELECT * FROM maintenance_log ORDER BY created_at DESC, id DESC LIMIT ?')
  const byCondition = db.prepare<[string, number]>(
    'SELECT * FROM maintenance_log WHERE condition = ? AND created_at >= ? ORDER BY created_at DESC LIMIT 1'
  )
  // Completing twice keeps the first time and the first person.
  const markDone = db.prepare<[string | null, number, number]>(
    `UPDATE maintenance_log SET completed_by = CASE WHEN completed_at IS NULL THEN ? ELSE completed_by END,
       completed_at = COALESCE(completed_at, ?) WHERE id = ? RETURNING *`
  )
  return {
    complete(id, by = null) {
      const row = markDone.get(by, clock(), id) as Row | undefined
      return row && toEntry(row)
    },
    add({ text, equipment = null, source = 'operator', dueAt = null, condition = null, author = null, workOrder = workOrderNumberIn(text) }) {
      return toEntry(insert.get(clock(), text, equipment, source, dueAt, condition, author, workOrder) as Row)
    },
    list(limit = 200) {
      return (select.all(limit) as Row[]).map(toEntry)
    },
    scheduledBy(condition, since) {
      const row = byCondition.get(condition, since) as Row | undefined
      return row && toEntry(row)
    }
  }
}
