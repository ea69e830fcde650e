import type { MaintenanceEntry } from '../../../shared/domain'
import type { PlantDatabase } from '../storage/plantDatabase'

interface Row {
  id: number
  created_at: number
  text: string
  equipment: string | null
  source: MaintenanceEntry['source']
}

const toEntry = (row: Row): MaintenanceEntry => ({
  id: row.id,
  createdAt: row.created_at,
  text: row.text,
  equipment: row.equipment,
  source: row.source
})

export interface MaintenanceLog {
  add(entry: { text: string; equipment?: string | null; source?: MaintenanceEntry['source'] }): MaintenanceEntry
  /** Newest first. */
  list(limit?: number): MaintenanceEntry[]
}

/** The maintenance log, persisted in the plant database. Inputs are validated by the contract before they get here. */
export function createMaintenanceLog(db: PlantDatabase, clock: () => number): MaintenanceLog {
  const insert = db.prepare<[number, string, string | null, string]>(
    'INSERT INTO maintenance_log (created_at, text, equipment, source) VALUES (?, ?, ?, ?) RETURNING *'
  )
  const select = db.prepare<[number]>('SELECT * FROM maintenance_log ORDER BY created_at DESC, id DESC LIMIT ?')
  return {
    add({ text, equipment = null, source = 'operator' }) {
      return toEntry(insert.get(clock(), text, equipment, source) as Row)
    },
    list(limit = 200) {
      return (select.all(limit) as Row[]).map(toEntry)
    }
  }
}
