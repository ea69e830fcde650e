import Database from 'libsql'

export type PlantDatabase = InstanceType<typeof Database>

/** How long a write waits for another process's transaction before failing with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5_000

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
  `ALTER TABLE maintenance_log ADD COLUMN completed_at INTEGER;`,
  // Users are disabled, never deleted: audit records keep naming a real account.
  `CREATE TABLE users (
     name TEXT PRIMARY KEY,
     role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'engineer', 'supervisor', 'admin')),
     password_hash TEXT NOT NULL,
     disabled INTEGER NOT NULL DEFAULT 0,
     created_at INTEGER NOT NULL
   );
   CREATE TABLE audit_log (
     seq INTEGER PRIMARY KEY,
     at INTEGER NOT NULL,
     user TEXT,
     origin TEXT NOT NULL,
     command TEXT NOT NULL,
     summary TEXT NOT NULL,
     result TEXT NOT NULL,
     prev_hash TEXT NOT NULL,
     hash TEXT NOT NULL
   );
   CREATE INDEX audit_log_at ON audit_log (at);`,
  `ALTER TABLE maintenance_log ADD COLUMN author TEXT;
   ALTER TABLE maintenance_log ADD COLUMN completed_by TEXT;`,
  `CREATE TABLE pen_sets (
     user_name TEXT NOT NULL,
     name TEXT NOT NULL,
     tags TEXT NOT NULL,
     saved_at INTEGER NOT NULL,
     PRIMARY KEY (user_name, name)
   ) WITHOUT ROWID;`,
  // The active alarm list survives a restart; the journal keeps every ISA-18.2 transition.
  `CREATE TABLE alarm_list (
     id TEXT PRIMARY KEY,
     alarm TEXT NOT NULL
   ) WITHOUT ROWID;
   CREATE TABLE alarm_journal (
     seq INTEGER PRIMARY KEY,
     at INTEGER NOT NULL,
     kind TEXT NOT NULL,
     alarm_id TEXT NOT NULL,
     tag TEXT NOT NULL,
     equipment TEXT NOT NULL,
     alarm_kind TEXT NOT NULL,
     priority INTEGER NOT NULL,
     value REAL,
     state TEXT NOT NULL,
     message TEXT NOT NULL,
     user TEXT,
     comment TEXT,
     annunciated INTEGER NOT NULL
   );
   CREATE INDEX alarm_journal_at ON alarm_journal (at);
   CREATE INDEX alarm_journal_equipment ON alarm_journal (equipment, at);`,
  // Work orders (issue 11). The partial unique index is the rule "one open work order per
  // equipment and failure mode", held by the database itself.
  `CREATE TABLE work_orders (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     equipment TEXT NOT NULL,
     failure_mode TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('open', 'scheduled', 'in-progress', 'done', 'cancelled')),
     action TEXT NOT NULL,
     priority TEXT NOT NULL,
     craft TEXT NOT NULL,
     duration_h REAL NOT NULL,
     due_at INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     source TEXT NOT NULL CHECK (source IN ('detection', 'runtime')),
     cancel_reason TEXT,
     baseline_reset_at INTEGER
   );
   CREATE UNIQUE INDEX work_orders_one_active ON work_orders (equipment, failure_mode) WHERE state IN ('open', 'scheduled', 'in-progress');
   CREATE INDEX work_orders_closed ON work_orders (equipment, failure_mode, updated_at DESC);
   CREATE TABLE work_order_evidence (
     seq INTEGER PRIMARY KEY,
     work_order_id INTEGER NOT NULL REFERENCES work_orders (id),
     at INTEGER NOT NULL,
     alarm_id TEXT,
     event_id TEXT,
     kind TEXT NOT NULL,
     explanation TEXT NOT NULL,
     eta_at INTEGER,
     trend TEXT
   );
   CREATE INDEX work_order_evidence_order ON work_order_evidence (work_order_id, seq);
   CREATE INDEX work_order_evidence_event ON work_order_evidence (event_id);
   CREATE TABLE work_order_history (
     seq INTEGER PRIMARY KEY,
     work_order_id INTEGER NOT NULL REFERENCES work_orders (id),
     from_state TEXT,
     to_state TEXT NOT NULL,
     at INTEGER NOT NULL,
     user TEXT,
     note TEXT NOT NULL
   );
   CREATE INDEX work_order_history_order ON work_order_history (work_order_id, seq);`,
  // Which work order a log entry belongs to (its number), so an order lists its entries.
  `ALTER TABLE maintenance_log ADD COLUMN work_order TEXT;`
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
  // Two hosts on one data dir take turns on the write lock instead of failing at once.
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
  // libsql ignores better-sqlite3's `simple` and `pluck` options for pragmas: read the row.
  const version = (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version
  if (version > MIGRATIONS.length) {
    db.close()
    throw new Error(`${file}: database schema v${version} is newer than this Plantwatch (v${MIGRATIONS.length}); upgrade Plantwatch`)
  }
  // IMMEDIATE, and re-read inside: a second process that migrated meanwhile is not migrated twice.
  MIGRATIONS.forEach((sql, i) => {
    if (i < version) return
    db.transaction(() => {
      const current = (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version
      if (current > i) return
      db.exec(sql)
      db.exec(`PRAGMA user_version = ${i + 1}`)
    }).immediate()
  })
  return db
}
