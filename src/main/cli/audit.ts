import { randomBytes } from 'node:crypto'
import { open, rename, rm } from 'node:fs/promises'
import { dirname, basename, join } from 'node:path'
import { stringify } from 'csv-stringify/sync'
import { UsageError, parseFlags } from './args'
import { isoInstant, openPlantData } from './plantData'

export const AUDIT_USAGE = `plantwatch audit verify
plantwatch audit export --from ISO --to ISO --out F.csv
  verify walks the hash chain of the audit trail: exit 0 when it holds, 1 naming the first
  broken record. export writes the records in [from, to] (ISO 8601 with offset) as CSV.`

type Io = { stdout(s: string): void; stderr(s: string): void }

/** `plantwatch audit …`; returns the exit code. */
export async function runAuditCommand(argv: string[], io: Io, dataDir: string): Promise<number> {
  const [action, ...rest] = argv
  if (action === '--help' || action === '-h') {
    io.stdout(`${AUDIT_USAGE}\n`)
    return 0
  }
  if (action === 'verify') {
    parseFlags(rest, {})
    const data = openPlantData(dataDir)
    try {
      const result = data.audit.verify()
      if (result.ok) {
        io.stdout(`audit trail intact: ${result.records} records\n`)
        return 0
      }
      io.stderr(`audit trail broken at record ${result.seq}: ${result.reason}\n`)
      return 1
    } finally {
      data.close()
    }
  }
  if (action === 'export') {
    const flags = parseFlags(rest, { from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' } })
    const from = isoInstant('from', flags.from)
    const to = isoInstant('to', flags.to)
    if (to < from) throw new UsageError(`--to (${flags.to}) is before --from (${flags.from})`)
    if (!flags.out) throw new UsageError('--out F.csv is required')
    const data = openPlantData(dataDir)
    try {
      const rows = [...data.audit.range(from, to)].map((r) => [r.seq, new Date(r.at).toISOString(), r.user ?? '', r.origin, r.command, r.summary, r.result, r.prevHash, r.hash])
      const csv = stringify([['seq', 'time', 'user', 'origin', 'command', 'summary', 'result', 'prev_hash', 'hash'], ...rows])
      await writeWhole(flags.out, csv)
      io.stdout(`wrote ${rows.length} audit records to ${flags.out}\n`)
      return 0
    } finally {
      data.close()
    }
  }
  throw new UsageError(`unknown audit action ${JSON.stringify(action ?? '')}\n\n${AUDIT_USAGE}`)
}

/** Writes a file whole or not at all: a temporary file in the same folder, then a rename. */
export async function writeWhole(file: string, content: string | Uint8Array): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(4).toString('hex')}.tmp`)
  try {
    const handle = await open(temp, 'wx', 0o600)
    try {
      await handle.writeFile(content)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, file)
  } catch (error) {
    await rm(temp, { force: true })
    throw new UsageError(`cannot write ${file}: ${(error as Error).message}`)
  }
}
