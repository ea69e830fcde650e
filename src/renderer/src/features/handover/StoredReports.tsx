import { useEffect, useState } from 'react'
import type { ContractClient, Output } from '../../../../shared/contract'
import { downloadBase64 } from './download'
import { TableHead } from '../../lib/TableHead'

type Entry = Output<'report:list'>[number]

/** The index of signed reports (newest shift first), each version downloadable as PDF. */
export function StoredReports({ client, open, onMessage }: { client: ContractClient; open: boolean; onMessage(m: string): void }) {
  const [entries, setEntries] = useState<Entry[] | null>(null)
  useEffect(() => {
    if (!open) return
    void client.invoke('report:list', { limit: 50 }).then((r) => (r.ok ? setEntries(r.data) : onMessage(r.error.message)))
  }, [open])
  async function pdf(e: Entry): Promise<void> {
    const result = await client.invoke('report:export', { shiftStart: e.shiftStart, version: e.version, format: 'pdf' })
    if (!result.ok) return onMessage(result.error.message)
    downloadBase64(result.data.fileName, result.data.mimeType, result.data.base64)
    onMessage(`Downloaded ${result.data.fileName}.`)
  }
  if (!entries) return null
  return (
    <details className="handover-stored">
      <summary>Stored reports ({entries.length})</summary>
      {entries.length === 0 ? <p className="muted">No report has been signed yet.</p> : null}
      <table className="audit-table" aria-label="Stored reports">
        <TableHead columns={['Shift', 'Version', 'Signed by', 'Acknowledged by']} action="Download" />
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>
                {e.shiftName} {e.startLocal.slice(0, 16)}
              </td>
              <td className="numeric">
                v{e.version}
                {e.reason ? ` (correction: ${e.reason})` : ''}
              </td>
              <td>{e.signedBy}</td>
              <td>{e.acknowledgedBy ?? '—'}</td>
              <td>
                <button type="button" aria-label={`Download PDF of ${e.shiftName} ${e.startLocal.slice(0, 16)} v${e.version}`} onClick={() => void pdf(e)}>
                  PDF
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  )
}
