import { useEffect, useState } from 'react'
import type { ContractClient } from '../../../../shared/contract'
import type { Shift } from '../../../../shared/handover'
import { shiftText } from './handoverText'

/** Checked each minute: a shift change shows within a minute, without a timer per second. */
const CHECK_MS = 60_000

/** The current shift in the header ("Morning shift 06:00–14:00 · crew A"). */
export function ShiftBadge({ client }: { client: ContractClient }) {
  const [shift, setShift] = useState<Shift | null>(null)
  useEffect(() => {
    let alive = true
    const load = async (): Promise<void> => {
      const result = await client.invoke('shifts:current', undefined)
      if (alive && result.ok) setShift(result.data.current)
    }
    void load()
    const timer = setInterval(() => void load(), CHECK_MS)
    return () => {
      alive = false
      clearInterval(timer)
    }
  }, [client])
  if (!shift) return null
  return (
    <span className="shift-badge" aria-label="Current shift" title={`${shift.site}: ${shift.startLocal} to ${shift.endLocal} (${shift.timeZone})`}>
      {shiftText(shift)}
    </span>
  )
}
