import { useEffect, useState } from 'react'
import type { ContractClient, LatestValue } from '../../../../shared/contract'
import { formatTimestamp } from '../../lib/format'

/** How often an open faceplate asks the core for its tag's timestamps: as often as a person reads them. */
export const LATEST_POLL_MS = 1_000

/**
 * One tag's newest value with its source and server timestamps (`tags:latest`), asked every
 * {@link LATEST_POLL_MS} while mounted; one request at a time. Undefined until the first answer;
 * a refused or failed request keeps the last answer.
 */
export function useLatestValue(client: ContractClient, tag: string): LatestValue | undefined {
  const [latest, setLatest] = useState<LatestValue | undefined>(undefined)
  useEffect(() => {
    let live = true
    let asking = false
    const ask = async (): Promise<void> => {
      if (asking) return
      asking = true
      const result = await client.invoke('tags:latest', { tags: [tag] })
      asking = false
      if (live && result.ok && result.data[0]) setLatest(result.data[0])
    }
    void ask()
    const timer = setInterval(() => void ask(), LATEST_POLL_MS)
    return () => {
      live = false
      clearInterval(timer)
    }
  }, [client, tag])
  return latest
}

/**
 * What a faceplate says of the server's timestamp: its time, and how far it lies from the
 * source timestamp of the same value (a device clock that lags or leads the server shows
 * here, and so does a server that copies the source timestamp); or why there is none.
 * The faceplate asks once a second while the value row follows the live stream, so when
 * `shownSourceTime` (the value row's source timestamp) is another value's, the text names
 * the value the server timestamp belongs to.
 */
export function serverTimeText(latest: LatestValue | undefined, shownSourceTime?: number): { time: number; offset: string } | string {
  if (latest === undefined) return 'asking the server…'
  if (latest.serverTime === null) return latest.sourceTime === null ? 'no value yet' : 'not sent by the server'
  const offsetMs = latest.sourceTime === null ? 0 : latest.serverTime - latest.sourceTime
  const offset = Math.abs(offsetMs) < 1 ? 'same as its source timestamp' : `${(Math.abs(offsetMs) / 1000).toFixed(3)} s ${offsetMs > 0 ? 'after' : 'before'} its source timestamp`
  const of = latest.sourceTime !== null && shownSourceTime !== undefined && latest.sourceTime !== shownSourceTime ? `, of the value stamped ${formatTimestamp(latest.sourceTime)}` : ''
  return { time: latest.serverTime, offset: `${offset}${of}` }
}
