import { read } from 'read'
import { PasswordSchema, RoleSchema, UserNameSchema, type Role } from '../../shared/access'
import { readPasswordFile } from '../core/settings/secrets'
import { createUserAdmin } from '../core/users/userAdmin'
import { UsageError, parseCommandLine } from './args'
import { cliOrigin, openPlantData } from './plantData'

export const USERS_USAGE = `plantwatch users add NAME --role viewer|operator|engineer|supervisor|admin [--password-file F]
plantwatch users list
plantwatch users disable NAME
plantwatch users passwd NAME [--password-file F]
  Manages the accounts of a data dir. Without --password-file the password is asked for on a
  terminal (twice, not echoed), or read from the first line of stdin when it is not a terminal.
  Accounts are disabled, never deleted. Every change is written to the audit trail.`

type Io = { stdout(s: string): void; stderr(s: string): void }

/** `plantwatch users …`; returns the exit code. */
export async function runUsersCommand(argv: string[], io: Io, dataDir: string): Promise<number> {
  const [action, ...rest] = argv
  if (action === '--help' || action === '-h') {
    io.stdout(`${USERS_USAGE}\n`)
    return 0
  }
  const { flags, positionals } = parseCommandLine(rest, { role: { type: 'string' }, 'password-file': { type: 'string' } })
  const allowFlags = (...allowed: string[]): void => {
    const extra = Object.keys(flags).find((flag) => !allowed.includes(flag))
    if (extra) throw new UsageError(`users ${action} does not take --${extra}`)
  }
  const name = (): string => {
    const parsed = UserNameSchema.safeParse(positionals[0])
    if (positionals.length !== 1 || !parsed.success) {
      throw new UsageError(`users ${action} needs one user name${parsed.error ? `: ${parsed.error.issues[0]?.message}` : ''}\n\n${USERS_USAGE}`)
    }
    return parsed.data
  }
  switch (action) {
    case 'list': {
      allowFlags()
      if (positionals.length > 0) throw new UsageError('users list takes no arguments')
      return withData(dataDir, ({ users }) => {
        const rows = users.list()
        if (rows.length === 0) io.stdout('no users yet: plantwatch users add NAME --role admin\n')
        for (const user of rows) {
          io.stdout(`${user.name.padEnd(20)} ${user.role.padEnd(11)} ${user.disabled ? 'disabled' : 'active  '} since ${new Date(user.createdAt).toISOString()}\n`)
        }
        return 0
      })
    }
    case 'add': {
      allowFlags('role', 'password-file')
      const role = RoleSchema.safeParse(flags.role)
      if (!role.success) throw new UsageError(`--role must be one of ${RoleSchema.options.join(', ')}; got ${JSON.stringify(flags.role ?? '')}`)
      const user = name()
      const password = await newPassword(flags['password-file'])
      return withData(dataDir, async (data) => {
        await admin(data).add(user, role.data as Role, password)
        io.stdout(`added ${user} (${role.data})\n`)
        return 0
      })
    }
    case 'disable': {
      allowFlags()
      const user = name()
      return withData(dataDir, (data) => {
        admin(data).disable(user)
        io.stdout(`disabled ${user}; their audit records keep their name\n`)
        return 0
      })
    }
    case 'passwd': {
      allowFlags('password-file')
      const user = name()
      const password = await newPassword(flags['password-file'])
      return withData(dataDir, async (data) => {
        await admin(data).setPassword(user, password)
        io.stdout(`password of ${user} changed\n`)
        return 0
      })
    }
    default:
      throw new UsageError(`unknown users action ${JSON.stringify(action ?? '')}\n\n${USERS_USAGE}`)
  }
}

const admin = (data: ReturnType<typeof openPlantData>) => createUserAdmin({ ...data, origin: cliOrigin(), actor: null })

async function withData<T>(dataDir: string, work: (data: ReturnType<typeof openPlantData>) => T | Promise<T>): Promise<T> {
  const data = openPlantData(dataDir)
  try {
    return await work(data)
  } finally {
    data.close()
  }
}

/** From --password-file, a terminal prompt (twice) or stdin's first line; checked against the password rules. */
async function newPassword(file: string | undefined): Promise<string> {
  let password: string
  if (file !== undefined) {
    try {
      password = readPasswordFile(file).password
    } catch (error) {
      throw new UsageError((error as Error).message)
    }
  } else if (process.stdin.isTTY) {
    password = await read({ prompt: 'Password: ', silent: true, replace: '*' })
    const again = await read({ prompt: 'Password again: ', silent: true, replace: '*' })
    if (again !== password) throw new UsageError('the two passwords differ; nothing changed')
  } else {
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    password = firstLine(Buffer.concat(chunks).toString('utf8'))
  }
  const checked = PasswordSchema.safeParse(password)
  if (!checked.success) throw new UsageError(`password refused: ${checked.error.issues[0]?.message}`)
  return checked.data
}

const firstLine = (text: string): string => text.split(/\r?\n/)[0] ?? ''
