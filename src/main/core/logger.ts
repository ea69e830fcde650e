/** What core needs from a logger; hosts decide where lines go. */
export interface Logger {
  info(message: string): void
  warn(message: string): void
  error(message: string): void
}

/** Timestamped lines on stderr, so stdout stays free for command output (CSV, URLs). */
export const consoleLogger = (prefix = 'plantwatch'): Logger => {
  const line = (level: string, message: string): void => {
    process.stderr.write(`${new Date().toISOString()} ${prefix} ${level} ${message}\n`)
  }
  return { info: (m) => line('info', m), warn: (m) => line('warn', m), error: (m) => line('error', m) }
}

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined }
