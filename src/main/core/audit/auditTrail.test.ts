import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openPlantDatabase } from '../storage/plantDatabase'
import { GENESIS_HASH, auditHash, createAuditTrail, summarizeInput } from './auditTrail'

const tempDir = (prefix: string): string => mkdtempSync(join(tmpdir(), `pw-${prefix}-`))

const record = (command: string, summary = '{}') => ({ user: 'ann', origin: 'test', command, summary, result: 'ok' })

describe('the audit trail', () => {
  it('chains every record to the one before by SHA-256', () => {
    const db = openPlantDatabase(join(tempDir('audit'), 'plantwatch.db'))
    const audit = createAuditTrail(db, () => 1_700_000_000_000)
    const first = audit.append(record('alarms:acknowledge'))
    const second = audit.append(record('maintenance:add'))
    expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH })
    expect(second.prevHash).toBe(first.hash)
    expect(second.hash).toBe(auditHash({ ...second }))
    expect(audit.verify()).toEqual({ ok: true, records: 2 })
    expect(audit.query({ command: 'maintenance:add' }).map((r) => r.seq)).toEqual([2])
    db.close()
  })

  it('names the first edited, removed or reordered record, without stopping anything', () => {
    const db = openPlantDatabase(join(tempDir('audit'), 'plantwatch.db'))
    const audit = createAuditTrail(db, Date.now)
    for (let i = 0; i < 5; i++) audit.append(record(`c${i}`))
    db.prepare("UPDATE audit_log SET summary = '{\"ids\":[\"forged\"]}' WHERE seq = 3").run()
    expect(audit.verify()).toMatchObject({ ok: false, seq: 3, reason: expect.stringMatching(/does not match its hash/) })
    // Recomputing the edited record's hash does not help: the next record's link breaks.
    const edited = audit.query({ command: 'c2' })[0]!
    db.prepare('UPDATE audit_log SET hash = ? WHERE seq = 3').run(auditHash(edited))
    expect(audit.verify()).toMatchObject({ ok: false, seq: 4, reason: expect.stringMatching(/prevHash/) })
    db.prepare('DELETE FROM audit_log WHERE seq >= 3').run()
    expect(audit.verify()).toEqual({ ok: true, records: 2 })
    audit.append(record('after'))
    db.prepare('DELETE FROM audit_log WHERE seq = 2').run()
    expect(audit.verify()).toMatchObject({ ok: false, seq: 3, reason: expect.stringMatching(/expected record 2/) })
    db.close()
  })

  it('redacts secrets and cuts long inputs in summaries', () => {
    expect(summarizeInput({ username: 'ann', password: 'hunter22' })).toBe('{"username":"ann","password":"[redacted]"}')
    expect(summarizeInput({ user: { password: 'x', token: 'y' } })).toBe('{"user":{"password":"[redacted]","token":"[redacted]"}}')
    expect(summarizeInput({ text: 'x'.repeat(10_000) })).toHaveLength(500)
  })

  it('keeps one unbroken chain when two processes append to one data dir at once', async () => {
    const file = join(tempDir('audit-two'), 'plantwatch.db')
    createAuditTrail(openPlantDatabase(file), Date.now)
    const script = join(import.meta.dirname, 'auditAppender.fixture.ts')
    const run = (who: string) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', script, file, who, '150'], { stdio: ['ignore', 'ignore', 'inherit'] })
        child.on('exit', resolve)
      })
    expect(await Promise.all([run('host-a'), run('host-b')])).toEqual([0, 0])
    const db = openPlantDatabase(file)
    const audit = createAuditTrail(db, Date.now)
    expect(audit.verify()).toEqual({ ok: true, records: 300 })
    expect(new Set(audit.query({ limit: 1000 }).map((r) => r.origin))).toEqual(new Set(['host-a', 'host-b']))
    db.close()
  })
})
