import { UsageError, parseFlags } from './args'
import { writeWhole } from './audit'
import { openPlantData } from './plantData'
import { createWorkOrderStore } from '../core/workorders/workOrderStore'
import { workOrdersCsv, workOrdersJson } from '../core/workorders/exportWorkOrders'

export const WORKORDERS_USAGE = `plantwatch workorders export [--format csv|json] [--state open|all] --out F
  Writes the work orders for a CMMS import: --state open (default) takes every order not yet
  done or cancelled, all takes every order. csv (default) is one row per order; json holds the
  evidence and history too (format "plantwatch.workorders" version 1, see docs/workorders.md).
  The file is written whole or not at all.`

type Io = { stdout(s: string): void; stderr(s: string): void }

/** Every order of the database, however many: an export is not a screen. */
const EXPORT_ALL = Number.MAX_SAFE_INTEGER

/** `plantwatch workorders …`; returns the exit code. */
export async function runWorkOrdersCommand(argv: string[], io: Io, dataDir: string): Promise<number> {
  const [action, ...rest] = argv
  if (action === '--help' || action === '-h') {
    io.stdout(`${WORKORDERS_USAGE}\n`)
    return 0
  }
  if (action !== 'export') throw new UsageError(`unknown workorders action ${JSON.stringify(action ?? '')}\n\n${WORKORDERS_USAGE}`)
  const flags = parseFlags(rest, { format: { type: 'string', default: 'csv' }, state: { type: 'string', default: 'open' }, out: { type: 'string' } })
  if (flags.format !== 'csv' && flags.format !== 'json') throw new UsageError(`--format must be csv or json, got ${JSON.stringify(flags.format)}`)
  if (flags.state !== 'open' && flags.state !== 'all') throw new UsageError(`--state must be open or all, got ${JSON.stringify(flags.state)}`)
  if (!flags.out) throw new UsageError(`--out F is required\n\n${WORKORDERS_USAGE}`)
  const data = openPlantData(dataDir)
  try {
    const orders = createWorkOrderStore(data.db).list({ state: flags.state === 'open' ? 'active' : 'all', limit: EXPORT_ALL })
    await writeWhole(flags.out, flags.format === 'json' ? workOrdersJson(orders, Date.now(), flags.state) : workOrdersCsv(orders))
    io.stdout(`wrote ${orders.length} work orders to ${flags.out}\n`)
    return 0
  } finally {
    data.close()
  }
}
