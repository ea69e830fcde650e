import { join } from 'node:path'
import { openHistorian } from '../core/historian/historian'
import type { Historian } from '../core/historian/types'
import { createMaintenanceLog } from '../core/maintenance/maintenanceLog'
import { createHandover } from '../core/reports/handover'
import { maintenanceIn, shiftCalendarOrDefault } from '../core/reports/handoverFeature'
import { exportShift } from '../core/reports/handoverHandlers'
import { createShifts, ShiftError } from '../core/reports/shiftCalendar'
import { existsSync, readFileSync } from 'node:fs'
import { parseSettings, settingsFilePath } from '../core/settings/settings'
import { loadTagMap } from '../core/tagmap/loadTagMap'
import { ContractFailure } from '../core/contractDispatch'
import { appPaths } from '../hosting/appPaths'
import { ExportFormatSchema } from '../../shared/handover'
import { parseFlags, UsageError } from './args'
import { writeWhole } from './audit'
import { openPlantData } from './plantData'
import { alarmAndWorkOrderSources } from '../core/reports/liveSources'

export const REPORT_USAGE = `plantwatch report --shift "2026-11-25 06:00" --out FILE [--format pdf|csv|json] [--paper A4|Letter] [--version N] [--data-dir DIR]
  Writes the handover report of the shift that starts at that local time (in the time zone of
  the shift calendar, settings.json "shifts") without a browser or display. A signed shift gives
  its latest signed version (or --version N); an unsigned one a DRAFT generated from the
  historian, maintenance log, alarm journal, work orders and audit trail of the data folder
  (the alarm list at the shift's end is rebuilt from the journal, without predicted times).
  The engine's modes are not in the data folder: that column says so.
  A time that is not a shift start, a shift in the future or an output that cannot be written:
  a message, exit 2, no file.`

type Io = { stdout(s: string): void; stderr(s: string): void }

/** `plantwatch report …`; returns the exit code. */
export async function runReportCommand(argv: string[], io: Io, dataDir: string): Promise<number> {
  const flags = parseFlags(argv, {
    shift: { type: 'string' },
    out: { type: 'string' },
    format: { type: 'string' },
    paper: { type: 'string' },
    version: { type: 'string' },
    help: { type: 'boolean', short: 'h' }
  })
  if (flags.help) {
    io.stdout(`${REPORT_USAGE}\n`)
    return 0
  }
  if (!flags.shift) throw new UsageError(`--shift is required: the local start of the shift, e.g. "2026-11-25 06:00"\n\n${REPORT_USAGE}`)
  if (!flags.out) throw new UsageError('--out FILE is required')
  const format = ExportFormatSchema.safeParse(flags.format ?? formatOf(flags.out))
  if (!format.success) throw new UsageError(`--format must be pdf, csv or json, got "${flags.format}"`)
  const paper = (flags.paper ?? 'A4').toUpperCase()
  if (paper !== 'A4' && paper !== 'LETTER') throw new UsageError(`--paper must be A4 or Letter, got "${flags.paper}"`)
  const version = flags.version === undefined ? undefined : Number(flags.version)
  if (version !== undefined && !(Number.isInteger(version) && version > 0)) throw new UsageError(`--version must be a version number (1, 2, …), got "${flags.version}"`)

  // Read as plain JSON: the report only reads settings (conf, which also writes them, takes longer to load).
  const settingsFile = settingsFilePath(dataDir)
  const settings = parseSettings(existsSync(settingsFile) ? (JSON.parse(readFileSync(settingsFile, 'utf8')) as unknown) : {}, settingsFile)
  let shifts
  let start: number
  try {
    shifts = createShifts(shiftCalendarOrDefault(settings.shifts))
    start = shifts.startingLocal(flags.shift).start
  } catch (error) {
    if (error instanceof ShiftError) throw new UsageError(`--shift: ${error.message}`)
    throw error
  }
  const tagMap = await loadTagMap(settings.tagMapFile ?? appPaths().defaultTagMap)
  const tags = tagMap.tags.map((t, index) => ({ ...t, index }))
  const equipment = [...new Set(tags.map((t) => t.equipment))].map((name) => ({ name, ...(tagMap.equipment?.[name] ?? {}) }))
  const data = openPlantData(dataDir)
  let historian: Historian | undefined
  try {
    try {
      historian = openHistorian({ file: join(dataDir, 'historian.db'), readOnly: true })
    } catch (error) {
      io.stderr(`historian not read (${(error as Error).message}): the report says so where it needs it\n`)
    }
    const log = createMaintenanceLog(data.db, Date.now)
    const handover = createHandover({
      db: data.db,
      audit: data.audit,
      shifts,
      clock: Date.now,
      sources: {
        equipment: () => equipment,
        tags: () => tags,
        historian: () => historian,
        maintenance: maintenanceIn((limit) => log.list(limit)),
        audit: (from, to) => data.audit.range(from, to - 1),
        ...alarmAndWorkOrderSources(data.db)
      }
    })
    let out
    try {
      out = await exportShift(handover, start, format.data, version, paper)
    } catch (error) {
      if (error instanceof ContractFailure) throw new UsageError(error.message)
      throw error
    }
    await writeWhole(flags.out, out.bytes)
    io.stderr(`wrote ${out.fileName.endsWith('draft.' + format.data) ? 'a DRAFT' : 'the signed'} report of the shift ${flags.shift} to ${flags.out}\n`)
    return 0
  } finally {
    historian?.close()
    data.close()
  }
}

const formatOf = (file: string): string => (/\.(csv|json)$/i.exec(file)?.[1] ?? 'pdf').toLowerCase()
