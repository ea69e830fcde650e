import { useEffect } from 'react'
import type { SessionState } from '../../../../shared/access'
import type { ContractClient } from '../../../../shared/contract'

const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const

/**
 * Locks the console after the host's idle time without keyboard or pointer input. The lock
 * keeps the plant and its alarms on screen; only acting needs a new sign-in.
 */
export function useIdleLock(client: ContractClient, session: SessionState | null, onLocked: (state: SessionState) => void): void {
  const signedIn = session?.user != null
  const idleMs = session?.idleLockMs ?? 0
  useEffect(() => {
    if (!signedIn || idleMs <= 0) return
    let timer = 0
    const arm = (): void => {
      window.clearTimeout(timer)
      timer = window.setTimeout(() => {
        void client.invoke('session:lock', undefined).then((result) => result.ok && onLocked(result.data))
      }, idleMs)
    }
    arm()
    for (const event of ACTIVITY_EVENTS) window.addEventListener(event, arm, { passive: true })
    return () => {
      window.clearTimeout(timer)
      for (const event of ACTIVITY_EVENTS) window.removeEventListener(event, arm)
    }
  }, [client, signedIn, idleMs, onLocked])
}
