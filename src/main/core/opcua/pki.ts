import { OPCUACertificateManager } from 'node-opcua'

/**
 * A PKI store in a folder of ours (never the node-opcua default under ~), in the OPC UA
 * Part 6 layout, that trusts nothing it has not been told to trust: an unknown peer
 * certificate lands in `<rootFolder>/rejected`, and an engineer moves it to `trusted/certs`.
 * There are no folder watchers; the client calls `reloadCertificates()` before each
 * connection attempt, so a trust decision counts at the next retry without a restart.
 */
export async function createCertificateManager(rootFolder: string): Promise<OPCUACertificateManager> {
  const manager = new OPCUACertificateManager({
    rootFolder,
    automaticallyAcceptUnknownCertificate: false,
    // One watcher per store adds nothing for us and exhausts libuv's pool in tests.
    disableFileWatchers: true
  })
  await manager.initialize()
  return manager
}
