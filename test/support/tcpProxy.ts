import { createServer, connect, type Server, type Socket } from 'node:net'

/** A TCP relay on 127.0.0.1 whose link can be cut and restored: a network outage, with the server still running. */
export interface TcpProxy {
  port: number
  /** `opc.tcp://127.0.0.1:<proxy port><path>`. */
  endpoint(path: string): string
  /** Drops every relayed connection and refuses new ones (the port stays ours). */
  cut(): Promise<void>
  /** Accepts connections again on the same port. */
  restore(): Promise<void>
  close(): Promise<void>
}

export async function startTcpProxy(targetPort: number, port = 0): Promise<TcpProxy> {
  const sockets = new Set<Socket>()
  let listener: Server | undefined
  let listenPort = port
  const listen = async (): Promise<void> => {
    const server = createServer((inbound) => {
      const outbound = connect(targetPort, '127.0.0.1')
      for (const s of [inbound, outbound]) {
        sockets.add(s)
        s.on('error', () => undefined)
        s.on('close', () => {
          sockets.delete(s)
          inbound.destroy()
          outbound.destroy()
        })
      }
      inbound.pipe(outbound)
      outbound.pipe(inbound)
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(listenPort, '127.0.0.1', resolve)
    })
    listenPort = (server.address() as { port: number }).port
    listener = server
  }
  const cut = async (): Promise<void> => {
    const server = listener
    listener = undefined
    for (const s of sockets) s.destroy()
    sockets.clear()
    if (server) await new Promise((resolve) => server.close(resolve))
  }
  await listen()
  return {
    port: listenPort,
    endpoint: (path) => `opc.tcp://127.0.0.1:${listenPort}${path}`,
    cut,
    restore: listen,
    close: cut
  }
}
