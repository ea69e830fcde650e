import { describe, expect, it } from 'vitest'
import { THROTTLE_FREE_FAILURES, THROTTLE_WINDOW_MS, createSignInThrottle } from './signInThrottle'

describe('sign-in throttling', () => {
  it('lets a few typos through, then makes each key wait, doubling', () => {
    let now = 1_000_000
    const throttle = createSignInThrottle(() => now)
    const keys = ['user:ann', 'peer:10.0.0.5']
    for (let i = 0; i < THROTTLE_FREE_FAILURES - 1; i++) throttle.failed(keys)
    expect(throttle.retryAfterMs(keys)).toBe(0)
    throttle.failed(keys)
    expect(throttle.retryAfterMs(keys)).toBe(30_000)
    // Another user from the same peer waits too; the same user from elsewhere as well.
    expect(throttle.retryAfterMs(['user:bob', 'peer:10.0.0.5'])).toBe(30_000)
    expect(throttle.retryAfterMs(['user:ann', 'peer:10.0.0.9'])).toBe(30_000)
    now += 30_000
    expect(throttle.retryAfterMs(keys)).toBe(0)
    throttle.failed(keys)
    expect(throttle.retryAfterMs(keys)).toBe(60_000)
  })

  it('forgets failures after the window, and a success clears the user', () => {
    let now = 0
    const throttle = createSignInThrottle(() => now)
    for (let i = 0; i < THROTTLE_FREE_FAILURES; i++) throttle.failed(['user:ann'])
    expect(throttle.retryAfterMs(['user:ann'])).toBeGreaterThan(0)
    now += THROTTLE_WINDOW_MS
    expect(throttle.retryAfterMs(['user:ann'])).toBe(0)
    for (let i = 0; i < THROTTLE_FREE_FAILURES; i++) throttle.failed(['user:ann'])
    throttle.succeeded('user:ann')
    expect(throttle.retryAfterMs(['user:ann'])).toBe(0)
  })
})
