import { describe, expect, it } from 'vitest'
import { DECOY_HASH, hashPassword, verifyPassword } from './passwords'

describe('password hashing (scrypt, per-user salt)', () => {
  it('verifies the right password and refuses others', async () => {
    const stored = await hashPassword('s3cret-enough')
    expect(await verifyPassword('s3cret-enough', stored)).toBe(true)
    expect(await verifyPassword('s3cret-enougH', stored)).toBe(false)
    expect(await verifyPassword('', stored)).toBe(false)
  })

  it('salts every hash, keeps the cost with it, and never holds the password', async () => {
    const a = await hashPassword('same password')
    const b = await hashPassword('same password')
    expect(a).not.toBe(b)
    expect(a).toMatch(/^scrypt\$15\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/)
    expect(a).not.toContain('same password')
    expect(Buffer.from(a.split('$')[5]!, 'base64').toString('latin1')).not.toContain('same')
  })

  it('answers false, never throws, for malformed or hostile stored hashes', async () => {
    expect(await verifyPassword('x', 'plain text')).toBe(false)
    expect(await verifyPassword('x', 'scrypt$99$8$1$AAAA$AAAA')).toBe(false)
    expect(await verifyPassword('x', 'scrypt$abc$8$1$AAAA$AAAA')).toBe(false)
    expect(await verifyPassword('anything', DECOY_HASH)).toBe(false)
  })
})
