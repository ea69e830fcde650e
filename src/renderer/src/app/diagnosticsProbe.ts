import type { LatencyRecorder } from '../lib/latencyRecorder'

/** The benchmark's probe; the only window global the renderer sets, and only on request. */
export interface PlantwatchDiagnostics {
  /** End-to-end latencies in ms (arrival − source timestamp), oldest first. */
  latencies(): number[]
  valuesReceived(): number
  reset(): void
}

declare global {
  interface Window {
    plantwatchDiagnostics?: PlantwatchDiagnostics
  }
}

/** Installs `window.plantwatchDiagnostics` when the page URL has `?diagnostics=1`. */
export function installDiagnosticsProbe(recorder: LatencyRecorder, search: string): void {
  if (new URLSearchParams(search).get('diagnostics') !== '1') return
  window.plantwatchDiagnostics = {
    latencies: () => recorder.latencies(),
    valuesReceived: () => recorder.valuesReceived(),
    reset: () => recorder.reset()
  }
}
