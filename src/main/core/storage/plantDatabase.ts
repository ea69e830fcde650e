import Database from 'libsql'

export type PlantDatabase = InstanceType<typeof Database>

/**
 * Schema migrations, applied in order inside one transaction each; the index + 1
 * is the `user_version` a database reaches after it. Append only: never edit a
 * migration that has shipped.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE maintenance_log (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     created_at INTEGER NOT NULL,
     text TEXT NOT NULL,
     equipment TEXT,
     source TEXT NOT NULL CHECK (source IN ('operator', 'engine'))
   );
   CREATE INDEX maintenance_log_created ON maintenance_log (created_at DESC);`,
  // Work the anomaly engine schedules: when it is due, and which condition asked for it.
  `ALTER TABLE maintenance_log ADD COLUMN due_at INTEGER;
   ALTER TABLE maintenance_log ADD COLUMN condition TEXT;
   CREATE INDEX maintenance_log_condition ON maintenance_log (condition, created_at DESC);`,
  `ALTER TABLE maintenance_log ADD COLUMN completed_at INTEGER;`
]

/**
 * Opens (creating if needed) the plant database file and brings its schema up to
 * date. WAL keeps the UI's reads from blocking the writers.
 */
export function openPlantDatabase(file: string): PlantDatabase {
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  // libsql ignores better-sqlite3's `simple` and `pluck` options for pragmas: read the row.
  const version = (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version
  if (version > MIGRATIONS.length) {
    db.close()
    throw new Error(`${file}: database schema v${version} is newer than this Plantwatch (v${MIGRATIONS.length}); upgrade Plantwatch`)
  }
  MIGRATIONS.slice(version).forEach((sql, i) => {
    db.transaction(() => {
      db.exec(sql)
      db.exec(`PRAGMA user_version = ${version + i + 1}`)
    })()
  })
  return db
}
