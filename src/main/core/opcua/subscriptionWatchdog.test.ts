import { describe, expect, it } from 'vitest'
import { createSubscriptionWatchdog, REPUBLISH_LOOP_COUNT } from './subscriptionWatchdog'

describe('subscription watchdog', () => {
  it('stays quiet while publish responses arrive, and names the silence once the lifetime has passed', () => {
    const dog = createSubscriptionWatchdog(6_000, 0)
    for (let t = 0; t <= 20_000; t += 2_000) {
      dog.delivered(t)
      expect(dog.check(t + 1_000)).toBeUndefined()
    }
    expect(dog.check(26_000)).toBeUndefined()
    expect(dog.check(26_100)).toMatch(/no publish response for 6\.1 s \(subscription lifetime 6 s\)/)
  })

  it('takes a burst of republish requests without data for a loop, but not a few after a gap', () => {
    const dog = createSubscriptionWatchdog(6_000, 0)
    for (let i = 0; i < 5; i++) dog.republished(100 + i)
    expect(dog.check(200)).toBeUndefined()
    for (let i = 0; i < REPUBLISH_LOOP_COUNT; i++) dog.republished(300 + i)
    expect(dog.check(400)).toMatch(/stuck republishing/)
    dog.delivered(500)
    expect(dog.check(600)).toBeUndefined()
  })
})
