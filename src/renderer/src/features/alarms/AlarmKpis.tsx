import { useEffect, useState } from 'react'
import type { AlarmKpi } from '../../../../shared/alarms'
import type { ContractClient } from '../../../../shared/contract'
import { TableHead } from '../../lib/TableHead'
import { SpanSelect, type Span } from './SpanSelect'

const SPANS: readonly Span[] = [
  { ms: 8 * 3_600_000, label: 'Last 8 h' },
  { ms: 24 * 3_600_000, label: 'Last 24 h' },
  { ms: 7 * 86_400_000, label: 'Last 7 days' },
  { ms: 30 * 86_400_000, label: 'Last 30 days' }
]

/** "meets" or "misses": said in words, never by colour alone. */
const verdict = (ok: boolean) => <span className={ok ? 'kpi-ok' : 'kpi-miss'}>{ok ? 'meets target' : 'misses target'}</span>

/** Alarm system performance from the journal, against EEMUA 191 and ISA-18.2 targets. */
export function AlarmKpis({ client }: { client: ContractClient }) {
  const [spanMs, setSpanMs] = useState(SPANS[1]!.ms)
  const [kpi, setKpi] = useState<AlarmKpi | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let stale = false
    const to = Date.now()
    void client.invoke('alarms:kpi', { from: to - spanMs, to }).then((r) => {
      if (stale) return
      setKpi(r.ok ? r.data : null)
      setError(r.ok ? null : r.error.message)
    })
    return () => {
      stale = true
    }
  }, [client, spanMs])
  return (
    <section aria-label="Alarm KPIs">
      <SpanSelect spans={SPANS} value={spanMs} onChange={setSpanMs} />
      {error ? (
        <p role="alert" className="inline-error">
          {error}
        </p>
      ) : null}
      {kpi ? (
        <>
          <table className="audit-table kpi-table" aria-label="Alarm KPIs">
            <TableHead columns={['Measure', 'Value', 'Target', 'Verdict']} />
            <tbody>
              <tr>
                <th scope="row">Alarms per 10 min per operator</th>
                <td className="numeric">{kpi.alarmsPer10Min}</td>
                <td>≤ {kpi.targets.alarmsPer10Min} (EEMUA 191)</td>
                <td>{verdict(kpi.alarmsPer10Min <= kpi.targets.alarmsPer10Min)}</td>
              </tr>
              <tr>
                <th scope="row">Time in flood</th>
                <td className="numeric">
                  {kpi.floodPct} % ({kpi.floods} floods, peak {kpi.peakPer10Min} in 10 min)
                </td>
                <td>&lt; {kpi.targets.floodPct} % (ISA-18.2)</td>
                <td>{verdict(kpi.floodPct < kpi.targets.floodPct)}</td>
              </tr>
              <tr>
                <th scope="row">Top 10 bad actors' share</th>
                <td className="numeric">{kpi.topBadActorsPct} %</td>
                <td>&lt; {kpi.targets.topBadActorsPct} %</td>
                <td>{verdict(kpi.topBadActorsPct < kpi.targets.topBadActorsPct || kpi.raises < 20)}</td>
              </tr>
              <tr>
                <th scope="row">Chattering alarms</th>
                <td className="numeric">{kpi.chattering.length}</td>
                <td>{kpi.targets.chattering}</td>
                <td>{verdict(kpi.chattering.length <= kpi.targets.chattering)}</td>
              </tr>
              <tr>
                <th scope="row">Standing alarms (active &gt; 24 h)</th>
                <td className="numeric">{kpi.standing.length}</td>
                <td>&lt; {kpi.targets.standing}</td>
                <td>{verdict(kpi.standing.length < kpi.targets.standing)}</td>
              </tr>
              <tr>
                <th scope="row">Shelved</th>
                <td className="numeric">
                  {kpi.shelvedNow} now, {kpi.shelves} shelve actions
                </td>
                <td>—</td>
                <td />
              </tr>
              <tr>
                <th scope="row">Priority distribution (1/2/3/4)</th>
                <td className="numeric">
                  {kpi.priorityPct[1]} / {kpi.priorityPct[2]} / {kpi.priorityPct[3]} / {kpi.priorityPct[4]} % ({kpi.priorityCounts[1]} / {kpi.priorityCounts[2]} /{' '}
                  {kpi.priorityCounts[3]} / {kpi.priorityCounts[4]} alarms)
                </td>
                <td>about 5 / 15 / 80 % (ISA-18.2)</td>
                <td />
              </tr>
            </tbody>
          </table>
          <h3>Top bad actors</h3>
          <ol className="bad-actors">
            {kpi.topBadActors.map((a) => (
              <li key={a.alarmId}>
                {a.alarmId} — {a.raises} alarms
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  )
}
