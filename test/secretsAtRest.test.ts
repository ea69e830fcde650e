import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../src/main/cli/index'
import { openNodeSettings } from '../src/main/cli/nodeSettings'
import type { Logger } from '../src/main/core/logger'
import { ensureOwnerOnly, OWNER_ONLY_MODE } from '../src/main/core/settings/privateFile'
import { readPasswordFile, resolvePlantCredentials, SecretError } from '../src/main/core/settings/secrets'
import { settingsFilePath } from '../src/main/core/settings/settings'
import { loadPlantSettings, openSettingsStore } from '../src/main/hosting/plantSettings'
import { tempDir } from './support/tempDir'
import { testCodec } from './support/testCodec'

// Runs as any user; root reads files whatever their mode, so "unreadable" is shown with a folder.
const posix = process.platform !== 'win32'
const modeOf = (path: string): number => statSync(path).mode & 0o777

/** A logger that keeps its lines, to show what is said and that the password never is. */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  return { lines, info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`) }
}

/** A data dir whose settings.json holds `settings`, at `mode` (as an editor or an old version left it). */
function dataDirWith(settings: unknown, mode = 0o644): string {
  const dataDir = tempDir('settings')
  writeFileSync(settingsFilePath(dataDir), JSON.stringify(settings, null, 2), { mode })
  chmodSync(settingsFilePath(dataDir), mode)
  return dataDir
}

const SECRET = 'Pl@nt-s3cret w/ spaces'

const dir = tempDir('secrets')
const file = (name: string, text: string, mode = 0o600): string => {
  const path = join(dir, name)
  writeFileSync(path, text, { mode })
  chmodSync(path, mode)
  return path
}
const settingsFile = join(dir, 'settings.json')

describe('readPasswordFile', () => {
  it('reads one line, less its line break, and notices a file others can read', () => {
    expect(readPasswordFile(file('lf', `${SECRET}\n`))).toEqual({ password: SECRET, othersCanRead: false })
    expect(readPasswordFile(file('crlf', `${SECRET}\r\n`)).password).toBe(SECRET)
    expect(readPasswordFile(file('bare', SECRET)).password).toBe(SECRET)
    expect(readPasswordFile(file('loose', SECRET, 0o644)).othersCanRead).toBe(process.platform !== 'win32')
  })

  it('names the file and the fault for a missing, unreadable, empty or multi-line file, never the content', () => {
    const missing = join(dir, 'nope')
    expect(() => readPasswordFile(missing)).toThrow(new SecretError(`cannot read password file ${missing}: ENOENT: no such file or directory, open '${missing}'`))
    const folder = join(dir, 'a-folder')
    mkdirSync(folder)
    expect(() => readPasswordFile(folder)).toThrow(/cannot read password file .*a-folder: EISDIR/)
    expect(() => readPasswordFile(file('empty', '\n'))).toThrow(/password file .*empty is empty/)
    const twoLines = file('two', `${SECRET}\nsecond\n`)
    expect(() => readPasswordFile(twoLines)).toThrow(/holds more than one line/)
    try {
      readPasswordFile(twoLines)
    } catch (error) {
      expect((error as Error).message).not.toContain(SECRET)
    }
  })
})

describe('resolvePlantCredentials', () => {
  it('is anonymous without a stored user or flags', async () => {
    const anonymous = await resolvePlantCredentials(undefined, { settingsFile })
    expect(anonymous.storage).toBe('none')
    expect(anonymous.user).toBeUndefined()
  })

  it('takes --password-file over anything stored, with the stored or the --user name, and stores nothing', async () => {
    const passwordFile = file('pw', `${SECRET}\n`)
    const stored = { username: 'operator', password: 'old' }
    const fromFile = await resolvePlantCredentials(stored, { settingsFile, passwordFile, codec: testCodec() })
    expect(fromFile).toMatchObject({ storage: 'password-file', level: 'info', user: { username: 'operator', password: SECRET } })
    expect(fromFile.rewrite).toBeUndefined()
    expect(fromFile.note).toContain(passwordFile)
    expect((await resolvePlantCredentials(undefined, { settingsFile, passwordFile, username: 'eng' })).user).toEqual({ username: 'eng', password: SECRET })
    await expect(resolvePlantCredentials(undefined, { settingsFile, passwordFile })).rejects.toThrow(/--password-file needs a user name: pass --user NAME, or set plant.user.username in/)
    await expect(resolvePlantCredentials(stored, { settingsFile, username: 'eng' })).rejects.toThrow('--user needs --password-file')
    const loose = await resolvePlantCredentials(stored, { settingsFile, passwordFile: file('pw-loose', SECRET, 0o644) })
    if (process.platform !== 'win32') expect(loose).toMatchObject({ level: 'warn', note: expect.stringMatching(/other users can read .*pw-loose \(chmod 600 it\)/) })
  })

  it('with a keychain, encrypts a plain stored password and asks the host to write it back; decrypts it next time', async () => {
    const codec = testCodec()
    const first = await resolvePlantCredentials({ username: 'operator', password: SECRET }, { settingsFile, codec })
    expect(first).toMatchObject({ storage: 'encrypted', user: { username: 'operator', password: SECRET } })
    expect(first.rewrite?.password).toBeUndefined()
    expect(first.rewrite?.encryptedPassword).toBeDefined()
    expect(first.rewrite?.encryptedPassword).not.toContain(SECRET)
    const second = await resolvePlantCredentials(first.rewrite, { settingsFile, codec })
    expect(second).toMatchObject({ storage: 'encrypted', user: { username: 'operator', password: SECRET } })
    expect(second.rewrite).toBeUndefined()
    codec.stale = true
    const rotated = await resolvePlantCredentials(first.rewrite, { settingsFile, codec })
    expect(rotated.rewrite?.encryptedPassword).not.toBe(first.rewrite?.encryptedPassword)
    expect((await codec.decrypt(rotated.rewrite!.encryptedPassword!)).plain).toBe(SECRET)
  })

  it('without a keychain, uses a plain stored password and says it is not encrypted, and why', async () => {
    const plain = await resolvePlantCredentials({ username: 'operator', password: SECRET }, { settingsFile, noCodecReason: 'plain Node' })
    expect(plain).toMatchObject({ storage: 'plain-text', level: 'warn', user: { password: SECRET } })
    expect(plain.note).toMatch(/NOT encrypted: plain text in .*settings\.json .*because plain Node/)
    expect(plain.rewrite).toBeUndefined()
  })

  it('refuses, naming file and key, an encrypted password it cannot read and a user without a password', async () => {
    const { rewrite } = await resolvePlantCredentials({ username: 'operator', password: SECRET }, { settingsFile, codec: testCodec() })
    await expect(resolvePlantCredentials(rewrite, { settingsFile, noCodecReason: 'plain Node' })).rejects.toThrow(
      /settings\.json: plant\.user\.encryptedPassword was encrypted by the desktop app .*\(plain Node\): pass --password-file FILE/
    )
    await expect(resolvePlantCredentials(rewrite, { settingsFile, codec: testCodec() })).rejects.toThrow(
      /plant\.user\.encryptedPassword cannot be decrypted by this OS user's keychain/
    )
    await expect(resolvePlantCredentials({ username: 'operator' }, { settingsFile })).rejects.toThrow(
      /plant\.user "operator" has no password: set plant\.user\.password, or pass --password-file FILE/
    )
  })

  it('never puts the password in a note or an error', async () => {
    const notes: string[] = []
    const codec = testCodec()
    const { rewrite } = await resolvePlantCredentials({ username: 'u', password: SECRET }, { settingsFile, codec })
    for (const [stored, sources] of [
      [{ username: 'u', password: SECRET }, { settingsFile }],
      [{ username: 'u', password: SECRET }, { settingsFile, codec }],
      [rewrite, { settingsFile, codec }],
      [rewrite, { settingsFile }],
      [rewrite, { settingsFile, codec: testCodec() }],
      [undefined, { settingsFile, passwordFile: file('pw2', SECRET), username: 'u' }]
    ] as const) {
      await resolvePlantCredentials(stored, sources).then(
        (c) => notes.push(c.note),
        (e: Error) => notes.push(e.message)
      )
    }
    expect(notes).toHaveLength(6)
    for (const note of notes) expect(note).not.toContain(SECRET)
  })
})

describe('ensureOwnerOnly', () => {
  it.runIf(posix)('sets a file group or others can read to 0600 and says so; leaves 0600, 0400 and a missing file alone', () => {
    const log = recordingLogger()
    const loose = file('loose-settings.json', '{}', 0o644)
    expect(ensureOwnerOnly(loose, log)).toBe(OWNER_ONLY_MODE)
    expect(modeOf(loose)).toBe(0o600)
    expect(log.lines).toEqual([expect.stringMatching(/^warn .*loose-settings\.json had mode 0644; set to 0600 \(owner only\)/)])
    const strict = file('ro-settings.json', '{}', 0o400)
    expect(ensureOwnerOnly(strict, log)).toBe(0o400)
    expect(ensureOwnerOnly(file('ok.json', '{}', 0o600), log)).toBe(0o600)
    expect(ensureOwnerOnly(join(dir, 'absent.json'), log)).toBeUndefined()
    expect(log.lines).toHaveLength(1)
  })

  it('checks nothing on Windows, where the profile folder ACL protects the file', () => {
    const loose = file('win.json', '{}', 0o644)
    expect(ensureOwnerOnly(loose, recordingLogger(), 'win32')).toBeUndefined()
  })
})

describe('settings.json on disk, through conf', () => {
  const open = openSettingsStore

  it('plain Node: fixes the mode at load, uses the plain password, says it is not encrypted, never logs it', async () => {
    const dataDir = dataDirWith({ plant: { endpoint: 'opc.tcp://127.0.0.1:4840', user: { username: 'operator', password: SECRET } } })
    const log = recordingLogger()
    const { credentials } = await openNodeSettings(dataDir, {}, log)
    expect(credentials).toMatchObject({ storage: 'plain-text', user: { username: 'operator', password: SECRET } })
    if (posix) expect(modeOf(settingsFilePath(dataDir))).toBe(0o600)
    expect(log.lines.join('\n')).toMatch(/warn OPC UA user "operator": the password is NOT encrypted: plain text in .*settings\.json .*plain Node/)
    expect(log.lines.join('\n')).not.toContain(SECRET)
  })

  it('desktop: encrypts a plain password in the file itself, at 0600; the next load decrypts it; plain Node then needs --password-file', async () => {
    const dataDir = dataDirWith({ plant: { user: { username: 'operator', password: SECRET } } })
    const codec = testCodec()
    const log = recordingLogger()
    const first = await loadPlantSettings(open(dataDir), { codec }, log)
    expect(first.credentials).toMatchObject({ storage: 'encrypted', user: { password: SECRET } })
    const onDisk = readFileSync(settingsFilePath(dataDir), 'utf8')
    expect(onDisk).not.toContain(SECRET)
    const stored = (JSON.parse(onDisk) as { plant: { user: Record<string, string> } }).plant.user
    expect(Object.keys(stored).sort()).toEqual(['encryptedPassword', 'username'])
    if (posix) expect(modeOf(settingsFilePath(dataDir))).toBe(0o600)

    const second = await loadPlantSettings(open(dataDir), { codec }, log)
    expect(second.credentials).toMatchObject({ storage: 'encrypted', user: { username: 'operator', password: SECRET } })
    expect(readFileSync(settingsFilePath(dataDir), 'utf8')).toBe(onDisk)
    expect(log.lines.join('\n')).not.toContain(SECRET)

    await expect(openNodeSettings(dataDir, {}, log)).rejects.toThrow(/plant\.user\.encryptedPassword was encrypted by the desktop app .*pass --password-file FILE/)
    const withFile = await openNodeSettings(dataDir, { passwordFile: file('pw-desktop', `${SECRET}\n`) }, log)
    expect(withFile.credentials).toMatchObject({ storage: 'password-file', user: { username: 'operator', password: SECRET } })
    expect(readFileSync(settingsFilePath(dataDir), 'utf8')).toBe(onDisk)
  })
})

describe('plantwatch serve --password-file', () => {
  const cli = async (argv: string[]): Promise<{ code: number; out: string; err: string }> => {
    let out = ''
    let err = ''
    const code = await runCli(argv, { stdout: (s) => void (out += s), stderr: (s) => void (err += s) })
    return { code, out, err }
  }

  it('a missing or unreadable password file: a clear error naming it, exit 2, nothing started', async () => {
    const dataDir = dataDirWith({ plant: { endpoint: 'opc.tcp://127.0.0.1:1', user: { username: 'operator' } } })
    const missing = join(dataDir, 'no-such-password')
    const gone = await cli(['serve', '--data-dir', dataDir, '--port', '0', '--password-file', missing])
    expect(gone).toMatchObject({ code: 2, out: '' })
    expect(gone.err).toBe(`plantwatch serve: cannot read password file ${missing}: ENOENT: no such file or directory, open '${missing}'\n`)
    const unreadable = await cli(['serve', '--data-dir', dataDir, '--port', '0', '--password-file', dataDir])
    expect(unreadable.code).toBe(2)
    expect(unreadable.err).toMatch(/^plantwatch serve: cannot read password file .*: EISDIR/)
  }, 60_000) // the first call loads the OPC UA stack (serve's module)

  it('a user without a password, --user alone, or an empty flag: exit 2 saying what to pass', async () => {
    const dataDir = dataDirWith({ plant: { endpoint: 'opc.tcp://127.0.0.1:1', user: { username: 'operator' } } })
    expect((await cli(['serve', '--data-dir', dataDir, '--port', '0'])).err).toMatch(/plant\.user "operator" has no password: .*--password-file FILE/)
    expect(await cli(['serve', '--data-dir', dataDir, '--user', 'eng'])).toMatchObject({ code: 2, err: 'plantwatch serve: --user needs --password-file (its password)\n' })
    expect((await cli(['serve', '--data-dir', dataDir, '--password-file='])).code).toBe(2)
  })
})
