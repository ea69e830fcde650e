import { useEffect, useState } from 'react'
import type { LearnedSummary } from '../../../../shared/anomaly'
import type { ContractClient } from '../../../../shared/contract'
import { TableHead } from '../../lib/TableHead'
import { learnedHours, regimesText } from './learnedText'

/**
 * What the anomaly engine has learned per machine: its mode, running hours and load regimes.
 * An engineer can reset a machine's learning after a repair (confirmed, audited).
 */
export function EngineLearning({ client, canReset, open }: { client: ContractClient; canReset: boolean; open: boolean }) {
  const [learned, setLearned] = useState<LearnedSummary[] | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const load = async (): Promise<void> => {
    const result = await client.invoke('detection:learned', undefined)
    if (result.ok) setLearned(result.data)
    else setMessage(result.error.message)
  }
  useEffect(() => {
    if (open) void load()
  }, [open])

  async function reset(equipment: string): Promise<void> {
    if (!window.confirm(`Reset what the engine learned about ${equipment}? It learns again from now; only limits judge it meanwhile.`)) return
    const result = await client.invoke('detection:resetLearning', { equipment })
    setMessage(result.ok ? `${equipment}: learning restarted.` : result.error.message)
    await load()
  }

  if (learned === null) return <p className="muted">Loading…</p>
  if (learned.length === 0) return <p className="muted">The anomaly engine is not running, or has no machines yet.</p>
  return (
    <div>
      <table className="audit-table" aria-label="What the engine learned">
        <TableHead columns={['Equipment', 'Mode', 'Running hours', 'Load regimes (hours learned)']} action />
        <tbody>
          {learned.map((machine) => (
            <tr key={machine.equipment}>
              <td>{machine.equipment}</td>
              <td>{machine.mode}</td>
              <td className="numeric">{learnedHours(machine.runningHours)}</td>
              <td>{regimesText(machine.regimes)}</td>
              <td>
                {canReset ? (
                  <button type="button" aria-label={`Reset learning of ${machine.equipment}`} onClick={() => void reset(machine.equipment)}>
                    Reset learning
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {message ? (
        <p role="status" className="muted">
          {message}
        </p>
      ) : null}
    </div>
  )
}
