import type { HandoverNote, HandoverVersion, NoteSection, StandingInstruction } from '../../../shared/handover'
import type { PlantDatabase } from '../storage/plantDatabase'

/**
 * The handover tables of plantwatch.db. They are created here with IF NOT EXISTS rather
 * than as a numbered migration: alarm and work-order tables are being added on other
 * branches at the same time, and a numbered migration would collide at merge. Signed
 * versions are immutable in the database itself: triggers refuse any UPDATE or DELETE.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS handover_notes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  shift_start INTEGER NOT NULL,
  section TEXT NOT NULL,
  text TEXT NOT NULL,
  author TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS handover_notes_shift ON handover_notes (shift_start, id);
CREATE TABLE IF NOT EXISTS handover_versions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  shift_start INTEGER NOT NULL,
  version INTEGER NOT NULL,
  content TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  signed_by TEXT NOT NULL,
  signed_at INTEGER NOT NULL,
  supersedes INTEGER REFERENCES handover_versions (id),
  reason TEXT,
  last_note_id INTEGER NOT NULL,
  UNIQUE (shift_start, version)
);
CREATE TRIGGER IF NOT EXISTS handover_versions_immutable BEFORE UPDATE ON handover_versions
BEGIN SELECT RAISE(ABORT, 'a signed handover version is immutable; make a correction (a new version) instead'); END;
CREATE TRIGGER IF NOT EXISTS handover_versions_kept BEFORE DELETE ON handover_versions
BEGIN SELECT RAISE(ABORT, 'a signed handover version is never deleted'); END;
CREATE TABLE IF NOT EXISTS handover_acks (
  version_id INTEGER PRIMARY KEY REFERENCES handover_versions (id),
  by TEXT NOT NULL,
  at INTEGER NOT NULL,
  comment TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS handover_acks_immutable BEFORE UPDATE ON handover_acks
BEGIN SELECT RAISE(ABORT, 'an acknowledgement is immutable'); END;
CREATE TABLE IF NOT EXISTS handover_instructions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  text TEXT NOT NULL,
  author TEXT NOT NULL,
  at INTEGER NOT NULL,
  cleared_by TEXT,
  cleared_at INTEGER
);`

interface VersionRow {
  id: number
  shift_start: number
  version: number
  content: string
  content_hash: string
  signed_by: string
  signed_at: number
  supersedes: number | null
  reason: string | null
  last_note_id: number
  ack_by: string | null
  ack_at: number | null
  ack_comment: string | null
}

/** A stored version with its content text (the exact bytes that were hashed). */
export interface StoredVersion extends HandoverVersion {
  content: string
  lastNoteId: number
}

const toVersion = (r: VersionRow): StoredVersion => ({
  id: r.id,
  shiftStart: r.shift_start,
  version: r.version,
  contentHash: r.content_hash,
  signedBy: r.signed_by,
  signedAt: r.signed_at,
  supersedes: r.supersedes,
  reason: r.reason,
  acknowledgedBy: r.ack_by,
  acknowledgedAt: r.ack_at,
  ackComment: r.ack_comment,
  content: r.content,
  lastNoteId: r.last_note_id
})

/** Reads and writes of the handover tables. Writes run inside the caller's transaction (`ctx.transact`). */
export interface HandoverStore {
  notes(shiftStart: number, afterId?: number): HandoverNote[]
  addNote(shiftStart: number, section: NoteSection, text: string, author: string, at: number): HandoverNote
  /** Every signed version of a shift, oldest first. */
  versions(shiftStart: number): StoredVersion[]
  version(id: number): StoredVersion | undefined
  addVersion(v: { shiftStart: number; content: string; contentHash: string; signedBy: string; signedAt: number; supersedes: number | null; reason: string | null; lastNoteId: number }): StoredVersion
  acknowledge(versionId: number, by: string, at: number, comment: string): void
  /** The signed versions of every shift, newest shift first (the index of stored reports). */
  index(limit: number): StoredVersion[]
  instructions(includeCleared: boolean): StandingInstruction[]
  addInstruction(text: string, author: string, at: number): StandingInstruction
  /** Clears an instruction; undefined when there is none with that id or it was cleared already. */
  clearInstruction(id: number, by: string, at: number): StandingInstruction | undefined
}

export function createHandoverStore(db: PlantDatabase): HandoverStore {
  db.exec(SCHEMA)
  const versionSelect = `SELECT v.*, a.by AS ack_by, a.at AS ack_at, a.comment AS ack_comment FROM handover_versions v LEFT JOIN handover_acks a ON a.version_id = v.id`
  const q = {
    notes: db.prepare(`SELECT * FROM handover_notes WHERE shift_start = ? AND id > ? ORDER BY id`),
    addNote: db.prepare(`INSERT INTO handover_notes (shift_start, section, text, author, at) VALUES (?, ?, ?, ?, ?) RETURNING *`),
    versions: db.prepare(`${versionSelect} WHERE v.shift_start = ? ORDER BY v.version`),
    version: db.prepare(`${versionSelect} WHERE v.id = ?`),
    addVersion: db.prepare(
      `INSERT INTO handover_versions (shift_start, version, content, content_hash, signed_by, signed_at, supersedes, reason, last_note_id)
       VALUES (?, (SELECT COALESCE(MAX(version), 0) + 1 FROM handover_versions WHERE shift_start = ?), ?, ?, ?, ?, ?, ?, ?) RETURNING id`
    ),
    ack: db.prepare(`INSERT INTO handover_acks (version_id, by, at, comment) VALUES (?, ?, ?, ?)`),
    index: db.prepare(`${versionSelect} ORDER BY v.shift_start DESC, v.version DESC LIMIT ?`),
    instructions: db.prepare(`SELECT * FROM handover_instructions WHERE ? OR cleared_at IS NULL ORDER BY id`),
    addInstruction: db.prepare(`INSERT INTO handover_instructions (text, author, at) VALUES (?, ?, ?) RETURNING *`),
    clear: db.prepare(`UPDATE handover_instructions SET cleared_by = ?, cleared_at = ? WHERE id = ? AND cleared_at IS NULL RETURNING *`)
  }
  type NoteRow = { id: number; shift_start: number; section: NoteSection; text: string; author: string; at: number }
  type InstructionRow = { id: number; text: string; author: string; at: number; cleared_by: string | null; cleared_at: number | null }
  const toNote = (r: NoteRow): HandoverNote => ({ id: r.id, section: r.section, text: r.text, author: r.author, at: r.at })
  const toInstruction = (r: InstructionRow): StandingInstruction => ({ id: r.id, text: r.text, author: r.author, at: r.at, clearedBy: r.cleared_by, clearedAt: r.cleared_at })
  return {
    notes: (shiftStart, afterId = 0) => (q.notes.all(shiftStart, afterId) as NoteRow[]).map(toNote),
    addNote: (shiftStart, section, text, author, at) => toNote(q.addNote.get(shiftStart, section, text, author, at) as NoteRow),
    versions: (shiftStart) => (q.versions.all(shiftStart) as VersionRow[]).map(toVersion),
    version(id) {
      const row = q.version.get(id) as VersionRow | undefined
      return row && toVersion(row)
    },
    addVersion(v) {
      const { id } = q.addVersion.get(v.shiftStart, v.shiftStart, v.content, v.contentHash, v.signedBy, v.signedAt, v.supersedes, v.reason, v.lastNoteId) as { id: number }
      return toVersion(q.version.get(id) as VersionRow)
    },
    acknowledge: (versionId, by, at, comment) => void q.ack.run(versionId, by, at, comment),
    index: (limit) => (q.index.all(limit) as VersionRow[]).map(toVersion),
    instructions: (includeCleared) => (q.instructions.all(includeCleared ? 1 : 0) as InstructionRow[]).map(toInstruction),
    addInstruction: (text, author, at) => toInstruction(q.addInstruction.get(text, author, at) as InstructionRow),
    clearInstruction(id, by, at) {
      const row = q.clear.get(by, at, id) as InstructionRow | undefined
      return row && toInstruction(row)
    }
  }
}
