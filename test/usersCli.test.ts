import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../src/main/cli/index'
import { openPlantDatabase } from '../src/main/core/storage/plantDatabase'
import { createUserStore } from '../src/main/core/users/userStore'
import { tempDir } from './support/tempDir'

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await runCli(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s) })
  return { code, out, err }
}

/** The CLI as a process, for what only a process has: a stdin that is not a terminal. */
const runProcess = (input: string, ...argv: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', '-e', `import('./src/main/cli/index.ts').then(async (m) => { process.exitCode = await m.runCli(${JSON.stringify(argv)}, { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) }) })`], {
    input,
    encoding: 'utf8',
    timeout: 60_000
  })

describe('plantwatch users and audit', () => {
  it('adds, lists, disables and re-keys accounts, each audited, the password never stored in clear', async () => {
    const dir = tempDir('users-cli')
    const file = join(dir, 'pw.txt')
    writeFileSync(file, 'first password\n')
    expect(await run('users', 'add', 'ann', '--role', 'operator', '--password-file', file, '--data-dir', dir)).toMatchObject({ code: 0, out: 'added ann (operator)\n' })
    const fromStdin = runProcess('stdin password\nignored second line\n', 'users', 'add', 'sue', '--role', 'supervisor', '--data-dir', dir)
    expect(fromStdin.stderr).toBe('')
    expect(fromStdin.status).toBe(0)
    const listed = await run('users', 'list', '--data-dir', dir)
    expect(listed.out).toMatch(/^ann\s+operator\s+active\s+since \S+\nsue\s+supervisor\s+active/)
    expect(await run('users', 'disable', 'ann', '--data-dir', dir)).toMatchObject({ code: 0 })
    expect((await run('users', 'list', '--data-dir', dir)).out).toMatch(/ann\s+operator\s+disabled/)
    writeFileSync(file, 'second password\n')
    expect(await run('users', 'passwd', 'sue', '--password-file', file, '--data-dir', dir)).toMatchObject({ code: 0 })

    const db = openPlantDatabase(join(dir, 'plantwatch.db'))
    const users = createUserStore(db, Date.now)
    expect(await users.checkCredentials('sue', 'second password')).toMatchObject({ ok: true })
    expect(await users.checkCredentials('sue', 'stdin password')).toMatchObject({ ok: false })
    expect(await users.checkCredentials('ann', 'first password')).toMatchObject({ ok: false, reason: 'disabled' })
    db.close()
    const raw = readFileSync(join(dir, 'plantwatch.db')).toString('latin1') + readFileSync(join(dir, 'plantwatch.db-wal')).toString('latin1')
    for (const secret of ['first password', 'stdin password', 'second password']) expect(raw).not.toContain(secret)

    const out = join(dir, 'trail.csv')
    expect(await run('audit', 'export', '--from', '2000-01-01T00:00:00Z', '--to', '2100-01-01T00:00:00+01:00', '--out', out, '--data-dir', dir)).toMatchObject({ code: 0 })
    const csv = readFileSync(out, 'utf8').trim().split('\n')
    expect(csv[0]).toBe('seq,time,user,origin,command,summary,result,prev_hash,hash')
    expect(csv.slice(1).map((line) => line.split(',')[4])).toEqual(['users:add', 'users:add', 'users:disable', 'users:setPassword'])
    expect(csv.join('\n')).not.toContain('password"')
    expect(await run('audit', 'verify', '--data-dir', dir)).toMatchObject({ code: 0, out: 'audit trail intact: 4 records\n' })
  })

  it('refuses bad arguments with exit code 2 and changes nothing', async () => {
    const dir = tempDir('users-cli-bad')
    const file = join(dir, 'pw.txt')
    writeFileSync(file, 'short\n')
    expect(await run('users', 'add', 'ann', '--role', 'operator', '--password-file', file, '--data-dir', dir)).toMatchObject({ code: 2, err: expect.stringContaining('password refused: a password needs at least 8 characters') })
    writeFileSync(file, 'long enough\n')
    expect(await run('users', 'add', 'ann', '--role', 'boss', '--password-file', file, '--data-dir', dir)).toMatchObject({ code: 2, err: expect.stringContaining('--role must be one of viewer, operator, engineer, supervisor, admin') })
    expect(await run('users', 'add', 'no spaces', '--role', 'viewer', '--password-file', file, '--data-dir', dir)).toMatchObject({ code: 2 })
    expect(await run('users', 'add', 'ann', '--role', 'viewer', '--password-file', join(dir, 'missing'), '--data-dir', dir)).toMatchObject({ code: 2, err: expect.stringContaining('cannot read password file') })
    expect(await run('users', 'disable', 'nobody', '--data-dir', dir)).toMatchObject({ code: 1, err: expect.stringContaining('no user "nobody"') })
    expect(await run('users', 'add', 'ann', '--role', 'viewer', '--password-file', file, '--data-dir', dir)).toMatchObject({ code: 0 })
    expect(await run('users', 'add', 'ann', '--role', 'admin', '--password-file', file, '--data-dir', dir)).toMatchObject({ code: 1, err: expect.stringContaining('exists already') })
    expect(await run('audit', 'export', '--from', 'yesterday', '--to', '2026-01-01T00:00:00Z', '--out', join(dir, 'x.csv'), '--data-dir', dir)).toMatchObject({ code: 2, err: expect.stringContaining('--from must be an ISO 8601 time with an offset') })
    expect(await run('audit', 'export', '--from', '2026-01-01T00:00:00', '--to', '2026-01-02T00:00:00Z', '--out', join(dir, 'x.csv'), '--data-dir', dir)).toMatchObject({ code: 2 })
    expect(await run('audit', 'export', '--from', '2026-01-02T00:00:00Z', '--to', '2026-01-01T00:00:00Z', '--out', join(dir, 'x.csv'), '--data-dir', dir)).toMatchObject({ code: 2, err: expect.stringContaining('is before') })
    expect(await run('audit', 'export', '--from', '2026-01-01T00:00:00Z', '--to', '2026-01-02T00:00:00Z', '--out', join(dir, 'no-such-dir', 'x.csv'), '--data-dir', dir)).toMatchObject({ code: 2, err: expect.stringContaining('cannot write') })
    // One account, one audit record: the refusals changed nothing.
    expect((await run('users', 'list', '--data-dir', dir)).out.trim().split('\n')).toHaveLength(1)
    expect(await run('audit', 'verify', '--data-dir', dir)).toMatchObject({ code: 0, out: 'audit trail intact: 1 records\n' })
  })

  it('will not serve beyond this machine before an account exists', async () => {
    const dir = tempDir('serve-no-users')
    const served = await run('serve', '--host', '0.0.0.0', '--port', '0', '--data-dir', dir)
    expect(served).toMatchObject({ code: 1, err: expect.stringContaining('refusing to serve on 0.0.0.0 with no user accounts. Create one first: plantwatch users add NAME --role admin') })
  })

  it('names the first broken record of a tampered trail and exits 1', async () => {
    const dir = tempDir('audit-cli')
    const file = join(dir, 'pw.txt')
    writeFileSync(file, 'long enough\n')
    for (const name of ['a1', 'a2', 'a3']) await run('users', 'add', name, '--role', 'viewer', '--password-file', file, '--data-dir', dir)
    const db = openPlantDatabase(join(dir, 'plantwatch.db'))
    db.prepare("UPDATE audit_log SET user = 'mallory' WHERE seq = 2").run()
    db.close()
    expect(await run('audit', 'verify', '--data-dir', dir)).toMatchObject({ code: 1, err: 'audit trail broken at record 2: its content does not match its hash (edited)\n' })
  })
})
