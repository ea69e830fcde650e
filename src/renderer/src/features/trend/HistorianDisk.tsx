import { useEffect, useState } from 'react'
import type { ContractClient, HistorianDisk as Disk } from '../../../../shared/contract'
import { formatSpan } from './trendRange'
import { TableHead } from '../../lib/TableHead'

/** Disk use changes slowly: once a minute is plenty, and costs the host one small query. */
const REFRESH_MS = 60_000

/** Bytes in the binary units a file manager shows. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`
}

const TIER_NAMES = { raw: 'Raw samples', '1m': '1-minute rollups', '5m': '5-minute rollups', '10m': '10-minute rollups', '1h': '1-hour rollups' } as const

/** The historian's disk use against its budget, with the bytes and retention of each tier when opened. */
export function HistorianDisk({ client }: { client: ContractClient }) {
  const [disk, setDisk] = useState<Disk | null>(null)
  const [error, setError] = useState('')
  useEffect(() => {
    let current = true
    const load = (): void =>
      void client.invoke('history:disk', undefined).then((result) => {
        if (!current) return
        if (result.ok) {
          setDisk(result.data)
          setError('')
        } else setError(result.error.message)
      })
    load()
    const timer = setInterval(load, REFRESH_MS)
    return () => {
      current = false
      clearInterval(timer)
    }
  }, [client])
  const share = disk ? Math.round((disk.usedBytes / disk.budgetBytes) * 100) : 0
  return (
    <details className="historian-disk">
      <summary>
        Historian disk:{' '}
        {disk ? (
          <span data-testid="historian-disk">
            {formatBytes(disk.usedBytes)} of {formatBytes(disk.budgetBytes)} ({share} %)
          </span>
        ) : (
          error || '…'
        )}
      </summary>
      {disk ? (
        <table className="historian-disk-tiers">
          <caption>Stored per tier (file on disk {formatBytes(disk.fileBytes)}, with the write-ahead log)</caption>
          <TableHead columns={['Tier', 'Size', 'Kept for']} />
          <tbody>
            {disk.tiers.map((tier) => (
              <tr key={tier.tier}>
                <th scope="row">{TIER_NAMES[tier.tier]}</th>
                <td className="numeric">{formatBytes(tier.bytes)}</td>
                <td className="numeric">{formatSpan(tier.retentionMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </details>
  )
}
