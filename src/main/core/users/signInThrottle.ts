/**
 * Failed sign-ins are throttled per user name and per peer (IEC 62443-3-3 SR 1.11
 * unsuccessful login attempts; NIST SP 800-63B §5.2.2 rate limiting): after
 * {@link THROTTLE_FREE_FAILURES} failures within {@link THROTTLE_WINDOW_MS}, each further
 * attempt waits 30 s, doubling per failure, at most 15 min. A success clears the user's count.
 */
export const THROTTLE_FREE_FAILURES = 5
export const THROTTLE_WINDOW_MS = 15 * 60_000
const FIRST_DELAY_MS = 30_000
const MAX_DELAY_MS = 15 * 60_000

export interface SignInThrottle {
  /** How long the caller must wait before trying any of `keys` again; 0: go ahead. */
  retryAfterMs(keys: readonly string[]): number
  failed(keys: readonly string[]): void
  succeeded(key: string): void
}

export function createSignInThrottle(clock: () => number): SignInThrottle {
  const failures = new Map<string, number[]>()
  const recent = (key: string, now: number): number[] => {
    const times = (failures.get(key) ?? []).filter((t) => now - t < THROTTLE_WINDOW_MS)
    if (times.length === 0) failures.delete(key)
    else failures.set(key, times)
    return times
  }
  const waitFor = (key: string, now: number): number => {
    const times = recent(key, now)
    if (times.length < THROTTLE_FREE_FAILURES) return 0
    const delay = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (times.length - THROTTLE_FREE_FAILURES))
    return Math.max(0, times[times.length - 1]! + delay - now)
  }
  return {
    retryAfterMs: (keys) => Math.max(0, ...keys.map((key) => waitFor(key, clock()))),
    failed(keys) {
      const now = clock()
      for (const key of keys) failures.set(key, [...recent(key, now), now])
    },
    succeeded: (key) => void failures.delete(key)
  }
}
