import { describe, expect, it } from 'vitest'
import { safeStorageCodec, type SafeStorageApi } from './safeStorageCodec'

/** Electron's safeStorage is the one part that cannot run here: a reversible stand-in with the same surface. */
function fakeSafeStorage(available: boolean, backend: ReturnType<SafeStorageApi['getSelectedStorageBackend']>, shouldReEncrypt = false): SafeStorageApi {
  return {
    isAsyncEncryptionAvailable: async () => available,
    getSelectedStorageBackend: () => backend,
    encryptStringAsync: async (plain) => Buffer.from(`enc:${plain}`).reverse(),
    decryptStringAsync: async (encrypted) => ({ result: Buffer.from(encrypted).reverse().toString().slice(4), shouldReEncrypt })
  }
}

describe('safeStorageCodec', () => {
  it('round-trips through safeStorage as base64 text and reports a rotated key as stale', async () => {
    const made = await safeStorageCodec(fakeSafeStorage(true, 'gnome_libsecret', true), 'linux')
    if (!('codec' in made)) throw new Error('expected a codec')
    expect(made.codec.name).toBe('the gnome_libsecret keyring')
    const stored = await made.codec.encrypt('s3cret')
    expect(stored).toMatch(/^[A-Za-z0-9+/]+=*$/)
    expect(stored).not.toContain('s3cret')
    expect(await made.codec.decrypt(stored)).toEqual({ plain: 's3cret', stale: true })
  })

  it('names the keychain of each platform', async () => {
    const name = async (platform: NodeJS.Platform): Promise<string | undefined> => {
      const made = await safeStorageCodec(fakeSafeStorage(true, 'unknown'), platform)
      return 'codec' in made ? made.codec.name : undefined
    }
    expect(await name('darwin')).toBe('the macOS Keychain')
    expect(await name('win32')).toBe('Windows DPAPI')
  })

  it('gives no codec, and says why, when the OS has no keychain or Linux falls back to basic_text', async () => {
    expect(await safeStorageCodec(fakeSafeStorage(false, 'gnome_libsecret'), 'linux')).toEqual({ noCodecReason: 'Electron safeStorage finds no OS keychain' })
    expect(await safeStorageCodec(fakeSafeStorage(true, 'basic_text'), 'linux')).toEqual({
      noCodecReason: 'Electron safeStorage has no keyring here (backend "basic_text": a fixed key, not encryption)'
    })
  })
})
