import { describe, expect, it } from 'vitest'
import { isTrustedUpgrade } from './webHost'

describe('who may open the contract WebSocket', () => {
  it('accepts pages this host served on loopback, under its loopback names', () => {
    expect(isTrustedUpgrade({ host: '127.0.0.1:5180', origin: 'http://127.0.0.1:5180' }, '127.0.0.1', 5180)).toBe(true)
    expect(isTrustedUpgrade({ host: 'localhost:5180', origin: 'http://localhost:5180' }, '127.0.0.1', 5180)).toBe(true)
  })

  it('refuses other sites, and names that only rebind to here', () => {
    expect(isTrustedUpgrade({ host: '127.0.0.1:5180', origin: 'http://evil.example' }, '127.0.0.1', 5180)).toBe(false)
    expect(isTrustedUpgrade({ host: 'evil.example:5180', origin: 'http://evil.example:5180' }, '127.0.0.1', 5180)).toBe(false)
    expect(isTrustedUpgrade({}, '127.0.0.1', 5180)).toBe(false)
  })

  it('serves operator stations when bound to every interface, still same-origin only', () => {
    expect(isTrustedUpgrade({ host: 'hmi-01:5180', origin: 'http://hmi-01:5180' }, '0.0.0.0', 5180)).toBe(true)
    expect(isTrustedUpgrade({ host: 'hmi-01:5180', origin: 'http://evil.example' }, '0.0.0.0', 5180)).toBe(false)
  })
})
