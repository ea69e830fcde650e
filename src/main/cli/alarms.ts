import { stringify } from 'csv-stringify/sync'
import type { Alarm, AlarmKpi } from '../../shared/alarms'
import { AlarmSchema } from '../../shared/alarms'
import { computeKpi } from '../core/alarms/alarmKpi'
import { journalRows } from '../core/alarms/alarmStore'
import { UsageError, parseFlags } from './args'
import { writeWhole } from './audit'
import { isoInstant, openPlantData } from './plantData'

export const ALARMS_USAGE = `plantwatch alarms journal --from ISO --to ISO --out F.csv
plantwatch alarms kpi --from ISO --to ISO [--json]
  journal writes every alarm transition in [from, to) (ISO 8601 with offset) as CSV:
  time, transition, alarm, tag, equipment, kind, priority, value, state, message, user, comment.
  kpi prints the alarm KPIs of the span against EEMUA 191 and ISA-18.2 targets.`

type Io = { stdout(s: string): void; stderr(s: string): void }

/** `plantwatch alarms …`; returns the exit code. */
export async function runAlarmsCommand(argv: string[], io: Io, dataDir: string): Promise<number> {
  const [action, ...rest] = argv
  if (action === '--help' || action === '-h') {
    io.stdout(`${ALARMS_USAGE}\n`)
    return 0
  }
  if (action !== 'journal' && action !== 'kpi') throw new UsageError(`unknown alarms action ${JSON.stringify(action ?? '')}\n\n${ALARMS_USAGE}`)
  const flags = parseFlags(rest, { from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } })
  const from = isoInstant('from', flags.from)
  const to = isoInstant('to', flags.to)
  if (to <= from) throw new UsageError(`--to (${flags.to}) must be after --from (${flags.from})`)
  if (action === 'journal' && !flags.out) throw new UsageError('--out F.csv is required')
  const data = openPlantData(dataDir)
  try {
    if (action === 'journal') {
      const header = ['seq', 'time', 'transition', 'alarm', 'tag', 'equipment', 'kind', 'priority', 'value', 'state', 'message', 'user', 'comment', 'annunciated']
      const rows = [...journalRows(data.db, from, to)].map((r) => [
        r.seq,
        new Date(r.at).toISOString(),
        r.kind,
        r.alarmId,
        r.tag,
        r.equipment,
        r.alarmKind,
        r.priority,
        r.value ?? '',
        r.state,
        r.message,
        r.user ?? '',
        r.comment ?? '',
        r.annunciated ? 'yes' : 'no'
      ])
      // A BOM and CRLF so spreadsheet programs on Windows read it as UTF-8 rows.
      await writeWhole(flags.out!, `\ufeff${stringify([header, ...rows], { record_delimiter: 'windows' })}`)
      io.stdout(`wrote ${rows.length} alarm transitions to ${flags.out}\n`)
      return 0
    }
    const list = (data.db.prepare('SELECT alarm FROM alarm_list').all() as { alarm: string }[]).flatMap((r): Alarm[] => {
      const parsed = AlarmSchema.safeParse(JSON.parse(r.alarm))
      return parsed.success ? [parsed.data] : []
    })
    const kpi = computeKpi(journalRows(data.db, from, to), list, from, to)
    io.stdout(flags.json ? `${JSON.stringify(kpi, null, 2)}\n` : kpiText(kpi))
    return 0
  } finally {
    data.close()
  }
}

const mark = (ok: boolean): string => (ok ? 'ok  ' : 'MISS')

/** The KPIs as a plain-text table, one measure per line, with the target and a verdict. */
export function kpiText(k: AlarmKpi): string {
  const t = k.targets
  return [
    `alarm KPIs ${new Date(k.from).toISOString()} – ${new Date(k.to).toISOString()} (${k.raises} annunciated alarms, ${k.operators} operator)`,
    `${mark(k.alarmsPer10Min <= t.alarmsPer10Min)} alarms per 10 min per operator  ${k.alarmsPer10Min}  (target ≤ ${t.alarmsPer10Min}, EEMUA 191; peak ${k.peakPer10Min})`,
    `${mark(k.floodPct < t.floodPct)} time in flood                    ${k.floodPct} %  (target < ${t.floodPct} %, ISA-18.2; ${k.floods} floods)`,
    `${mark(k.topBadActorsPct < t.topBadActorsPct || k.raises < 20)} top 10 bad actors' share         ${k.topBadActorsPct} %  (target < ${t.topBadActorsPct} %)`,
    `${mark(k.chattering.length <= t.chattering)} chattering alarms                ${k.chattering.length}  (target ${t.chattering})`,
    `${mark(k.standing.length < t.standing)} standing alarms (> 24 h)         ${k.standing.length}  (target < ${t.standing})`,
    `     shelved                          ${k.shelvedNow} now, ${k.shelves} shelve actions`,
    `     priority 1/2/3/4                 ${k.priorityPct[1]} / ${k.priorityPct[2]} / ${k.priorityPct[3]} / ${k.priorityPct[4]} %  (ISA-18.2: about 5 / 15 / 80 %)`,
    'top bad actors:',
    ...k.topBadActors.map((a, i) => `  ${i + 1}. ${a.alarmId}  ${a.raises}`),
    ''
  ].join('\n')
}
