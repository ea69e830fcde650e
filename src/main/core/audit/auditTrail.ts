import { createHash } from 'node:crypto'
import type { AuditRecord } from '../../../shared/access'
import type { PlantDatabase } from '../storage/plantDatabase'

/** The `prevHash` of the first record. */
export const GENESIS_HASH = '0'.repeat(64)
/** Longer input summaries are cut: the trail records what was asked, not bulk payloads. */
export const SUMMARY_MAX_CHARS = 500

export type NewAuditRecord = Pick<AuditRecord, 'user' | 'origin' | 'command' | 'summary' | 'result'>

/**
 * SHA-256 over the previous record's hash and this record's fields (seq included, so a
 * removed or reordered record breaks the chain). Hex, 64 characters.
 */
export function auditHash(record: Omit<AuditRecord, 'hash'>): string {
  const fields = [record.seq, record.at, record.user, record.origin, record.command, record.summary, record.result]
  return createHash('sha256').update(record.prevHash).update('\n').update(JSON.stringify(fields)).digest('hex')
}

const SECRET_KEY = /pass(word)?|secret|token|key|credential/i

/** The input as one JSON line with secrets replaced by `[redacted]`, cut to {@link SUMMARY_MAX_CHARS}. */
export function summarizeInput(input: unknown): string {
  if (input === undefined) return ''
  let text: string
  try {
    text = JSON.stringify(input, (key, value: unknown) => (key && SECRET_KEY.test(key) ? '[redacted]' : value)) ?? ''
  } catch {
    text = '(not serialisable)'
  }
  return text.length > SUMMARY_MAX_CHARS ? `${text.slice(0, SUMMARY_MAX_CHARS - 1)}…` : text
}

interface Row {
  seq: number
  at: number
  user: string | null
  origin: string
  command: string
  summary: string
  result: string
  prev_hash: string
  hash: string
}

const toRecord = (row: Row): AuditRecord => ({
  seq: row.seq,
  at: row.at,
  user: row.user,
  origin: row.origin,
  command: row.command,
  summary: row.summary,
  result: row.result,
  prevHash: row.prev_hash,
  hash: row.hash
})

export interface AuditQuery {
  from?: number | undefined
  to?: number | undefined
  user?: string | undefined
  command?: string | undefined
  limit?: number | undefined
}

/** The outcome of {@link AuditTrail.verify}: the first record that breaks the chain, if any. */
export type AuditVerification = { ok: true; records: number } | { ok: false; records: number; seq: number; reason: string }

/**
 * The append-only, hash-chained audit trail (IEC 62443-3-3 SR 2.8 auditable events,
 * SR 3.9 protection of audit information) in the plant database's `audit_log` table.
 */
export interface AuditTrail {
  /**
   * Appends one record. Must run inside a write transaction (`db.transaction(...).immediate()`)
   * so the chain's tail is read and extended under the database's lock, even with two hosts.
   */
  appendInTransaction(record: NewAuditRecord): AuditRecord
  /** Appends one record in a transaction of its own. */
  append(record: NewAuditRecord): AuditRecord
  /** Newest first. */
  query(filter?: AuditQuery): AuditRecord[]
  /** Oldest first, every record in [from, to] (epoch ms), for export. */
  range(from: number, to: number): Iterable<AuditRecord>
  /** Walks the whole chain; names the first record whose hash or link is wrong. */
  verify(): AuditVerification
}

export function createAuditTrail(db: PlantDatabase, clock: () => number): AuditTrail {
  const tail = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1')
  const insert = db.prepare(
    'INSERT INTO audit_log (seq, at, user, origin, command, summary, result, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'
  )
  const select = db.prepare(
    `SELECT * FROM audit_log
     WHERE at >= ? AND at <= ? AND (? IS NULL OR user = ?) AND (? IS NULL OR command = ?)
     ORDER BY seq DESC LIMIT ?`
  )
  const inRange = db.prepare('SELECT * FROM audit_log WHERE at >= ? AND at <= ? ORDER BY seq')
  const all = db.prepare('SELECT * FROM audit_log ORDER BY seq')

  function appendInTransaction(record: NewAuditRecord): AuditRecord {
    if (!db.inTransaction) throw new Error('audit records are appended inside a write transaction')
    const last = tail.get() as { seq: number; hash: string } | undefined
    const unsigned = { ...record, seq: (last?.seq ?? 0) + 1, at: clock(), prevHash: last?.hash ?? GENESIS_HASH }
    const full = { ...unsigned, hash: auditHash(unsigned) }
    insert.run(full.seq, full.at, full.user, full.origin, full.command, full.summary, full.result, full.prevHash, full.hash)
    return full
  }
  const appendAlone = db.transaction((record: NewAuditRecord) => appendInTransaction(record))

  return {
    appendInTransaction,
    append: (record) => appendAlone.immediate(record) as AuditRecord,
    query({ from, to, user, command, limit } = {}) {
      const rows = select.all(
        from ?? Number.MIN_SAFE_INTEGER,
        to ?? Number.MAX_SAFE_INTEGER,
        user ?? null,
        user ?? null,
        command ?? null,
        command ?? null,
        limit ?? 200
      ) as Row[]
      return rows.map(toRecord)
    },
    *range(from, to) {
      for (const row of inRange.iterate(from, to) as Iterable<Row>) yield toRecord(row)
    },
    verify() {
      let prevHash = GENESIS_HASH
      let expectedSeq = 1
      let records = 0
      for (const row of all.iterate() as Iterable<Row>) {
        const record = toRecord(row)
        records++
        const broken =
          record.seq !== expectedSeq
            ? `expected record ${expectedSeq}, found ${record.seq} (records removed or reordered)`
            : record.prevHash !== prevHash
              ? 'its prevHash is not the previous record’s hash'
              : auditHash(record) !== record.hash
                ? 'its content does not match its hash (edited)'
                : undefined
        if (broken) return { ok: false, records, seq: record.seq, reason: broken }
        prevHash = record.hash
        expectedSeq++
      }
      return { ok: true, records }
    }
  }
}
