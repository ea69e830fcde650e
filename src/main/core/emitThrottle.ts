/** Shortest interval between two sends of one list to consoles (the alarm list, work orders). */
export const CONSOLE_EMIT_MIN_MS = 250

export interface EmitThrottle {
  request(): void
  /** Drops a pending run (on dispose). */
  cancel(): void
}

/**
 * Paces what the core sends to consoles: `request()` asks for `emit` to run, and it runs on a
 * later turn of the event loop, at most once every `minMs` (ms of wall time). Requests made
 * meanwhile are served by that one run, so the caller collects what changed and `emit` sends
 * the latest of it. In a flood the alarm list and the work orders change every publish cycle;
 * sent each time they would freeze every screen. The first request after a quiet spell goes
 * out at once.
 */
export function createEmitThrottle(minMs: number, emit: () => void): EmitThrottle {
  let timer: ReturnType<typeof setTimeout> | undefined
  let last = Number.NEGATIVE_INFINITY
  const run = (): void => {
    timer = undefined
    last = Date.now()
    emit()
  }
  return {
    request() {
      timer ??= setTimeout(run, Math.max(0, last + minMs - Date.now()))
    },
    cancel() {
      clearTimeout(timer)
      timer = undefined
    }
  }
}
