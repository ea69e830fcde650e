import type { SafeStorage } from 'electron'
import type { SecretCodec } from '../core/settings/secrets'

/** The part of Electron's safeStorage that Plantwatch uses (the async API; the sync one is deprecated). */
export type SafeStorageApi = Pick<SafeStorage, 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'>

/**
 * The OS keychain as a {@link SecretCodec}, or why there is none. On Linux,
 * safeStorage falls back to `basic_text` (a key written in Chromium's source)
 * when no keyring answers: that is obfuscation, not encryption, so it counts as none
 * and the password stays plain text at mode 0600, reported as not encrypted.
 * Call after the app's `ready` event.
 */
export async function safeStorageCodec(
  safeStorage: SafeStorageApi,
  platform: NodeJS.Platform = process.platform
): Promise<{ codec: SecretCodec } | { noCodecReason: string }> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) return { noCodecReason: 'Electron safeStorage finds no OS keychain' }
  let name = platform === 'darwin' ? 'the macOS Keychain' : platform === 'win32' ? 'Windows DPAPI' : 'the OS keychain'
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend()
    if (backend === 'basic_text' || backend === 'unknown') {
      return { noCodecReason: `Electron safeStorage has no keyring here (backend "${backend}": a fixed key, not encryption)` }
    }
    name = `the ${backend} keyring`
  }
  return {
    codec: {
      name,
      encrypt: async (plain) => (await safeStorage.encryptStringAsync(plain)).toString('base64'),
      async decrypt(stored) {
        const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(Buffer.from(stored, 'base64'))
        return { plain: result, stale: shouldReEncrypt }
      }
    }
  }
}
