import { useEffect, useId, useRef, useState } from 'react'
import type { SessionState } from '../../../../shared/access'
import type { ContractClient, Output } from '../../../../shared/contract'
import { NOTE_SECTIONS, REPORT_TABLES, type HandoverReport, type NoteSection, type Shift } from '../../../../shared/handover'
import { may } from '../session/access'
import { downloadBase64 } from './download'
import { InstructionsEditor } from './InstructionsEditor'
import { StoredReports } from './StoredReports'
import { reportState, SECTION_TITLES } from './handoverText'
import { TableHead } from '../../lib/TableHead'

/** The draft is regenerated this often while the view is open: it builds up live during the shift. */
const REFRESH_MS = 30_000

type Shifts = Output<'shifts:current'>

/**
 * Shift handover: the previous (due) or current shift's report as it builds up, its notes
 * editor, and the outgoing supervisor's "Sign off" and the incoming one's "Acknowledge
 * handover"; downloads as PDF, CSV or JSON. Every action is checked again by the host.
 */
export function HandoverView({ client, session, open }: { client: ContractClient; session: SessionState; open: boolean }) {
  const id = useId()
  const [shifts, setShifts] = useState<Shifts | null>(null)
  const [which, setWhich] = useState<'previous' | 'current'>('previous')
  const [report, setReport] = useState<HandoverReport | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const [section, setSection] = useState<NoteSection>('general')
  const [note, setNote] = useState('')
  const [comment, setComment] = useState('')
  const [reason, setReason] = useState('')
  const shift: Shift | undefined = shifts?.[which]

  // Loads overlap (the timer, an action, a change of shift): only the newest answer is shown.
  const latestLoad = useRef(0)
  const load = async (): Promise<void> => {
    const mine = ++latestLoad.current
    const s = await client.invoke('shifts:current', undefined)
    if (mine !== latestLoad.current) return
    if (!s.ok) return setMessage(s.error.message)
    setShifts(s.data)
    const r = await client.invoke('report:get', { shiftStart: s.data[which].start })
    if (mine !== latestLoad.current) return
    if (r.ok) setReport(r.data)
    else setMessage(r.error.message)
  }
  useEffect(() => {
    if (!open) return
    void load()
    const timer = setInterval(() => void load(), REFRESH_MS)
    return () => clearInterval(timer)
  }, [open, which])

  async function act<T>(what: string, call: () => Promise<{ ok: true; data: T } | { ok: false; error: { message: string } }>, after?: () => void): Promise<void> {
    const result = await call()
    setMessage(result.ok ? what : result.error.message)
    if (result.ok) after?.()
    await load()
  }

  async function download(format: 'pdf' | 'csv' | 'json'): Promise<void> {
    if (!shift) return
    const result = await client.invoke('report:export', { shiftStart: shift.start, format })
    if (!result.ok) return setMessage(result.error.message)
    downloadBase64(result.data.fileName, result.data.mimeType, result.data.base64)
    setMessage(`Downloaded ${result.data.fileName}.`)
  }

  if (!shifts || !shift) return <p className="muted">Loading…</p>
  const me = session.user?.name
  const latest = report?.versions.at(-1)
  const canSign = may(session, 'supervisor') && report?.state === 'draft'
  const canAck = may(session, 'supervisor') && report?.state === 'signed' && latest?.signedBy !== me
  return (
    <div className="handover">
      <div className="handover-bar">
        <label>
          Shift
          <select value={which} onChange={(e) => setWhich(e.target.value as 'previous' | 'current')}>
            <option value="previous">Previous: {shifts.previous.name} {shifts.previous.startLocal.slice(0, 16)} (due for handover)</option>
            <option value="current">Current: {shifts.current.name} {shifts.current.startLocal.slice(0, 16)}</option>
          </select>
        </label>
        <span className="handover-state" role="status" aria-label="Report state">
          {report ? reportState(report) : 'Loading…'}
        </span>
        <button type="button" onClick={() => void download('pdf')}>
          Download PDF
        </button>
        <button type="button" onClick={() => void download('csv')}>
          CSV
        </button>
        <button type="button" onClick={() => void download('json')}>
          JSON
        </button>
      </div>
      <p className="muted">
        {shift.site} · {shift.startLocal} to {shift.endLocal} ({shift.label}) · crew {shift.crew ?? 'not set'} · incoming: {shifts.next.name}
      </p>
      {report ? (
        <table className="audit-table" aria-label="Report sections">
          <TableHead columns={['Section', 'Rows', 'Note']} />
          <tbody>
            {REPORT_TABLES.map((name) => {
              const t = report.content.tables[name]
              return (
                <tr key={name}>
                  <td>{SECTION_TITLES[name]}</td>
                  <td className="numeric">{t.available ? t.rows.length : 'n/a'}</td>
                  <td className="muted">{t.note ?? ''}</td>
                </tr>
              )
            })}
            <tr>
              <td>Trend snapshots</td>
              <td className="numeric">{report.content.trends.available ? report.content.trends.rows.length : 'n/a'}</td>
              <td className="muted">{report.content.trends.note ?? ''}</td>
            </tr>
          </tbody>
        </table>
      ) : null}
      {report && report.content.tables.watch.rows.length > 0 ? (
        <>
          <h3 className="handover-heading">What to watch next shift</h3>
          <ul aria-label="What to watch next shift">
            {report.content.tables.watch.rows.map((r, i) => (
              <li key={i}>
                {r[0]} ({r[1]}): {r[2]} {r[4]}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3 className="handover-heading">Notes</h3>
      <ul aria-label="Notes">
        {[...(report?.content.notes ?? []), ...(report?.pendingNotes ?? [])].map((n) => (
          <li key={n.id}>
            <strong>{SECTION_TITLES[n.section] ?? n.section}</strong> · {n.author}: {n.text}
          </li>
        ))}
      </ul>
      {may(session, 'operator') ? (
        <form
          className="handover-form"
          onSubmit={(e) => {
            e.preventDefault()
            void act('Note added.', () => client.invoke('report:addNote', { shiftStart: shift.start, section, text: note }), () => setNote(''))
          }}
        >
          <label htmlFor={`${id}-section`}>Note section</label>
          <select id={`${id}-section`} value={section} onChange={(e) => setSection(e.target.value as NoteSection)}>
            {NOTE_SECTIONS.map((s) => (
              <option key={s} value={s}>
                {SECTION_TITLES[s]}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-note`}>Note</label>
          <textarea id={`${id}-note`} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
          <button type="submit" disabled={!note.trim()}>
            Add note
          </button>
        </form>
      ) : null}
      <InstructionsEditor client={client} canWrite={may(session, 'operator')} open={open} onMessage={setMessage} />
      {canSign ? (
        <button type="button" className="handover-primary" onClick={() => window.confirm(`Sign off the ${shift.name} shift? The report is locked as it is now.`) && void act('Signed off.', () => client.invoke('report:signOff', { shiftStart: shift.start }))}>
          Sign off
        </button>
      ) : null}
      {canAck ? (
        <form
          className="handover-form"
          onSubmit={(e) => {
            e.preventDefault()
            void act('Handover acknowledged.', () => client.invoke('report:acknowledge', { shiftStart: shift.start, comment }), () => setComment(''))
          }}
        >
          <label htmlFor={`${id}-ack`}>Acknowledgement comment</label>
          <textarea id={`${id}-ack`} rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
          <button type="submit" className="handover-primary" disabled={!comment.trim()}>
            Acknowledge handover
          </button>
        </form>
      ) : null}
      {may(session, 'supervisor') && report && report.state !== 'draft' && report.pendingNotes.length > 0 ? (
        <form
          className="handover-form"
          onSubmit={(e) => {
            e.preventDefault()
            void act('Correction signed.', () => client.invoke('report:correct', { shiftStart: shift.start, reason }), () => setReason(''))
          }}
        >
          <label htmlFor={`${id}-reason`}>Why correct the signed report</label>
          <input id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} />
          <button type="submit" disabled={!reason.trim()}>
            Sign correction
          </button>
        </form>
      ) : null}
      <StoredReports key={`${latest?.id ?? 0}-${latest?.acknowledgedBy ?? ""}`} client={client} open={open} onMessage={setMessage} />
      {message ? (
        <p role="status" className="muted" aria-label="Handover message">
          {message}
        </p>
      ) : null}
    </div>
  )
}
