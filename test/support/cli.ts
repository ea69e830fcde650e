import { spawn, type ChildProcess } from 'node:child_process'

export interface RunningCli {
  child: ChildProcess
  /** The match of the `ready` pattern in the command's output. */
  match: RegExpExecArray
  stop(): Promise<void>
}

/**
 * Starts a built `plantwatch` command as a user would (`bin/plantwatch.mjs`), and
 * resolves once its output matches `ready`; a start that fails shows the output.
 */
export async function startPlantwatchCli(args: string[], ready: RegExp, timeoutMs = 60_000): Promise<RunningCli> {
  const child = spawn(process.execPath, ['bin/plantwatch.mjs', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`plantwatch ${args[0]} did not start in ${timeoutMs} ms:\n${output}`)), timeoutMs)
    const look = (chunk: Buffer): void => {
      output += chunk.toString()
      const m = ready.exec(output)
      if (m) {
        clearTimeout(timer)
        resolve(m)
      }
    }
    child.stdout!.on('data', look)
    child.stderr!.on('data', look)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`plantwatch ${args[0]} exited with ${code}:\n${output}`))
    })
  })
  return {
    child,
    match,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      })
  }
}
