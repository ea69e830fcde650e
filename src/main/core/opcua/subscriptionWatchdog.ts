/**
 * Whether a subscription still delivers. A server answers every Publish within the
 * subscription's keep-alive interval (a notification or a keep-alive, Part 4 §5.13.1), so
 * silence for the whole subscription lifetime means the subscription is gone on the server
 * (deleted, expired, or the server restarted), whatever the socket says. Republish requests
 * in a burst with nothing delivered mean the client is looping on a server that cannot
 * republish (Part 4 §5.13.6: such a server must answer BadMessageNotAvailable).
 * Pure and clock-driven: the caller feeds events and asks `check(now)` on a timer.
 */
export interface SubscriptionWatchdog {
  /** A publish response arrived: data change, event or keep-alive. */
  delivered(now: number): void
  /** The client sent a Republish request. */
  republished(now: number): void
  /** `undefined` while healthy, else why the subscription is taken as lost. */
  check(now: number): string | undefined
}

/**
 * Republish requests within one lifetime with no delivery at all that count as a loop. A
 * client republishes once per missing sequence number after a gap, so a few are normal.
 */
export const REPUBLISH_LOOP_COUNT = 50

export function createSubscriptionWatchdog(lifetimeMs: number, now: number): SubscriptionWatchdog {
  let lastDelivery = now
  let republishes = 0
  let windowStart = now
  return {
    delivered(at) {
      lastDelivery = at
      republishes = 0
      windowStart = at
    },
    republished(at) {
      if (at - windowStart > lifetimeMs) {
        windowStart = at
        republishes = 0
      }
      republishes++
    },
    check(at) {
      if (republishes >= REPUBLISH_LOOP_COUNT) {
        return `the client is stuck republishing (${republishes} Republish requests without data in ${Math.round((at - windowStart) / 1000)} s)`
      }
      if (at - lastDelivery > lifetimeMs) {
        return `no publish response for ${Math.round((at - lastDelivery) / 100) / 10} s (subscription lifetime ${lifetimeMs / 1000} s): the server no longer serves the subscription`
      }
      return undefined
    }
  }
}
