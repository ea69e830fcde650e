import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { commandNames, type CommandHandlers } from '../../shared/contract'
import { createAuditTrail } from './audit/auditTrail'
import { createDispatcher } from './contractDispatch'
import { createEventHub } from './eventHub'
import { silentLogger } from './logger'
import { createMaintenanceHandlers } from './maintenance/maintenanceHandlers'
import { createMaintenanceLog } from './maintenance/maintenanceLog'
import { openPlantDatabase } from './storage/plantDatabase'
import { createUserAdmin } from './users/userAdmin'
import { SESSION_MAX_MS, createSessions } from './users/sessions'
import { createUserHandlers } from './users/userHandlers'
import { createUserStore } from './users/userStore'

const tempDir = (prefix: string): string => mkdtempSync(join(tmpdir(), `pw-${prefix}-`))

/** The dispatcher over a real database, with the maintenance and user features (no plant needed). */
async function setUp() {
  let now = 1_750_000_000_000
  const clock = () => now
  const db = openPlantDatabase(join(tempDir('dispatch'), 'plantwatch.db'))
  const users = createUserStore(db, clock)
  const audit = createAuditTrail(db, clock)
  const sessions = createSessions({ clock, idleLockMs: 0 })
  const hub = createEventHub(() => undefined)
  const log = createMaintenanceLog(db, clock)
  const unused = Object.fromEntries(commandNames.map((name) => [name, () => Promise.reject(new Error(`${name} not in this test`))]))
  const handlers = {
    ...unused,
    ...createMaintenanceHandlers(log, hub, () => new Set(['CV-101'])),
    ...createUserHandlers({ users, sessions, clock, logger: silentLogger })
  } as CommandHandlers
  const dispatch = createDispatcher({ handlers, sessions, db, audit, logger: silentLogger })
  const admin = createUserAdmin({ db, users, audit, origin: 'test', actor: null })
  await admin.add('ann', 'operator', 'ann-password')
  await admin.add('vic', 'viewer', 'vic-password')
  const session = (console = false) => {
    const s = sessions.open({ console, peer: '10.0.0.5' })
    return (channel: string, input?: unknown) => dispatch(s.id, channel, input, { origin: 'ws 10.0.0.5:4000' })
  }
  return { db, audit, log, session, advance: (ms: number) => (now += ms) }
}

describe('the dispatcher: contract, access, audit', () => {
  it('lets each role do what the contract declares, and audits refusals', async () => {
    const { session, audit, log } = await setUp()
    const browser = session()
    expect(await browser('maintenance:list')).toMatchObject({ ok: false, error: { code: 'unauthenticated', message: 'maintenance:list: sign in first' } })
    expect(await browser('session:signIn', { username: 'vic', password: 'vic-password' })).toMatchObject({ ok: true })
    expect(await browser('maintenance:list')).toMatchObject({ ok: true, data: [] })
    expect(await browser('maintenance:add', { text: 'x' })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(await browser('users:list')).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'users:list needs the admin role; vic has the viewer role' } })
    expect(log.list()).toEqual([])
    expect(audit.query().map((r) => [r.user, r.command, r.result])).toEqual([
      ['vic', 'users:list', 'forbidden'],
      ['vic', 'maintenance:add', 'forbidden'],
      ['vic', 'session:signIn', 'ok'],
      [null, 'maintenance:list', 'unauthenticated'],
      [null, 'users:add', 'ok'],
      [null, 'users:add', 'ok']
    ])
  })

  it('writes a change and its audit record in one transaction, or neither', async () => {
    const { session, db, log, audit } = await setUp()
    const operator = session()
    await operator('session:signIn', { username: 'ann', password: 'ann-password' })
    expect(await operator('maintenance:add', { text: 'greased the tail pulley', equipment: 'CV-101' })).toMatchObject({ ok: true, data: { author: 'ann' } })
    expect(audit.query({ command: 'maintenance:add' })[0]).toMatchObject({ user: 'ann', result: 'ok' })
    // The audit trail cannot be written (as on a full disk): the change must not be stored either.
    db.exec("CREATE TRIGGER no_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    expect(await operator('maintenance:add', { text: 'not recorded' })).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(log.list().map((e) => e.text)).toEqual(['greased the tail pulley'])
    db.exec('DROP TRIGGER no_audit')
    // A failure inside the change rolls it back and is audited as the refusal it is.
    expect(await operator('maintenance:complete', { id: 999 })).toMatchObject({ ok: false, error: { code: 'not-found' } })
    expect(audit.query({ command: 'maintenance:complete' }).map((r) => r.result)).toEqual(['not-found'])
    expect(audit.verify()).toMatchObject({ ok: true })
  })

  it('ends a sign-in after the session limit, and a locked console still sees the plant', async () => {
    const { session, advance } = await setUp()
    const browser = session()
    await browser('session:signIn', { username: 'ann', password: 'ann-password' })
    advance(SESSION_MAX_MS)
    expect(await browser('maintenance:add', { text: 'late' })).toMatchObject({ ok: false, error: { code: 'unauthenticated', message: 'maintenance:add: your session expired; sign in again' } })
    const desk = session(true)
    expect(await desk('maintenance:list')).toMatchObject({ ok: true })
    expect(await desk('maintenance:add', { text: 'x' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } })
  })

  it('gives a wrong password, an unknown user and a disabled account clear answers, and throttles', async () => {
    const { session, audit, db, advance } = await setUp()
    const browser = session()
    const signIn = (username: string, password: string) => browser('session:signIn', { username, password })
    expect(await signIn('ann', 'nope-nope')).toMatchObject({ ok: false, error: { code: 'unauthenticated', message: 'wrong user name or password' } })
    expect(await signIn('zed', 'nope-nope')).toMatchObject({ ok: false, error: { code: 'unauthenticated', message: 'wrong user name or password' } })
    createUserAdmin({ db, users: createUserStore(db, Date.now), audit, origin: 'test', actor: null }).disable('vic')
    expect(await signIn('vic', 'vic-password')).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'the account "vic" is disabled; ask an administrator' } })
    expect(audit.query({ command: 'session:signIn' }).map((r) => r.summary.split(' — ')[1])).toEqual(['disabled account', 'unknown user', 'wrong password'])
    await signIn('ann', 'nope-nope')
    await signIn('ann', 'nope-nope')
    // Five failures from this peer: even the right password waits now.
    expect(await signIn('ann', 'ann-password')).toMatchObject({ ok: false, error: { code: 'throttled', message: 'too many failed sign-ins; try again in 30 s' } })
    advance(30_000)
    expect(await signIn('ann', 'ann-password')).toMatchObject({ ok: true })
  })
})
