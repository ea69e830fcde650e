import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import type { SecretCodec } from '../../src/main/core/settings/secrets'

/** Stands in for Electron safeStorage (the one part the tests may not run): AES-256-GCM under a key only this process knows. */
export function testCodec(key = randomBytes(32)): SecretCodec & { stale: boolean } {
  return {
    name: 'the test keychain',
    stale: false,
    async encrypt(plain) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')
    },
    async decrypt(stored) {
      const raw = Buffer.from(stored, 'base64')
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12))
      decipher.setAuthTag(raw.subarray(12, 28))
      return { plain: Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8'), stale: this.stale }
    }
  }
}
