import { startPlantwatchCli } from '../support/cli'

/** A `plantwatch serve` process, as a user starts it (the built CLI). */
export interface ServedHmi {
  url: string
  stop(): Promise<void>
}

/** Starts `plantwatch serve` on a free port and resolves with its URL once it listens. */
export async function serveHmi(options: { dataDir: string; endpoint?: string }): Promise<ServedHmi> {
  const args = ['serve', '--port', '0', '--data-dir', options.dataDir]
  if (options.endpoint) args.push('--endpoint', options.endpoint)
  const served = await startPlantwatchCli(args, /Plantwatch HMI: (http:\/\/\S+)/, 30_000)
  return { url: served.match[1]!, stop: served.stop }
}
