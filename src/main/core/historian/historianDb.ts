import { existsSync, renameSync } from 'node:fs'
import Database from 'libsql'

export type HistorianDatabase = InstanceType<typeof Database>

/**
 * The historian's schema. Plain tables, integer epoch-ms times and a BLOB per chunk, so
 * the DML moves to PostgreSQL as written (BLOB becomes BYTEA, INTEGER PRIMARY KEY a
 * BIGSERIAL); upserts use `ON CONFLICT ... DO UPDATE`, which both speak.
 * Tiers: 0 raw, 1 one-minute rollups, 2 one-hour rollups. `tag_id` NULL in a gap: all tags.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE historian_tag (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_ms INTEGER NOT NULL);
   CREATE TABLE historian_chunk (
     id INTEGER PRIMARY KEY,
     tag_id INTEGER NOT NULL,
     tier INTEGER NOT NULL,
     start_ms INTEGER NOT NULL,
     end_ms INTEGER NOT NULL,
     n INTEGER NOT NULL,
     data BLOB NOT NULL,
     UNIQUE (tag_id, tier, start_ms)
   );
   CREATE INDEX historian_chunk_age ON historian_chunk (tier, end_ms);
   CREATE TABLE historian_gap (
     id INTEGER PRIMARY KEY,
     tag_id INTEGER,
     start_ms INTEGER NOT NULL,
     end_ms INTEGER,
     reason TEXT NOT NULL
   );
   CREATE INDEX historian_gap_start ON historian_gap (start_ms);
   CREATE TABLE historian_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  // The write-ahead staging of each flush (staging.ts): one row per flush, not one per tag.
  // AUTOINCREMENT: ids never go back when the table empties (staging drops blobs by id).
  `CREATE TABLE historian_staging (id INTEGER PRIMARY KEY AUTOINCREMENT, data BLOB NOT NULL);`
]

/** SQLite result codes that mean the file is damaged, not that the disk is busy or full. */
const CORRUPT_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB'])

export const isCorruption = (error: unknown): boolean => {
  const code = (error as { code?: string }).code ?? ''
  return CORRUPT_CODES.has(code) || [...CORRUPT_CODES].some((c) => code.startsWith(`${c}_`))
}

/** What {@link openHistorianDb} found. */
export interface OpenedHistorianDb {
  db: HistorianDatabase
  /** Set when a damaged file was moved aside and a new one started: where it went. */
  movedAside?: string
}

function open(file: string): HistorianDatabase {
  const db = new Database(file)
  try {
    db.pragma('journal_mode = WAL')
    // A process crash (kill -9) loses no committed transaction under WAL with NORMAL;
    // only a power loss can lose the last ones, which FULL would cost an fsync per flush to avoid.
    db.pragma('synchronous = NORMAL')
    // An export reading beside the recording app waits for its short write transactions.
    db.pragma('busy_timeout = 5000')
    const version = (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version
    if (version > MIGRATIONS.length) {
      throw new Error(`${file}: historian schema v${version} is newer than this Plantwatch (v${MIGRATIONS.length}); upgrade Plantwatch`)
    }
    MIGRATIONS.slice(version).forEach((sql, i) => {
      db.transaction(() => {
        db.exec(sql)
        db.exec(`PRAGMA user_version = ${version + i + 1}`)
      })()
    })
    // Touches the schema and the chunk index: a garbage or truncated file fails here, not mid-run.
    db.prepare('SELECT count(*) FROM historian_tag').get()
    db.prepare('SELECT max(end_ms) FROM historian_chunk WHERE tier = 0').get()
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

/**
 * Opens (creating if needed) the historian file. A corrupted file is renamed to
 * `<file>.corrupt-<ISO time>` (with its -wal and -shm) and a new one started; the
 * caller tells the operator. Other errors (newer schema, no permission) are thrown.
 */
export function openHistorianDb(file: string, now: () => number = Date.now): OpenedHistorianDb {
  try {
    return { db: open(file) }
  } catch (error) {
    if (!isCorruption(error)) throw error
    const aside = moveAside(file, now())
    return { db: open(file), movedAside: aside }
  }
}

/** Renames a damaged database and its WAL files out of the way; returns the new name. */
export function moveAside(file: string, at: number): string {
  const aside = `${file}.corrupt-${new Date(at).toISOString().replace(/[:.]/g, '-')}`
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix)
  return aside
}

/**
 * Runs `work` in one transaction. Unlike libsql's `transaction()`, the error that failed
 * it is the one thrown: SQLite rolls back by itself on SQLITE_FULL, and a second ROLLBACK
 * would replace "disk full" by "no transaction is active".
 */
export function inTransaction<T>(db: HistorianDatabase, work: () => T): T {
  db.exec('BEGIN')
  try {
    const result = work()
    db.exec('COMMIT')
    return result
  } catch (error) {
    try {
      db.exec('ROLLBACK')
    } catch {
      // Already rolled back by SQLite itself.
    }
    throw error
  }
}
