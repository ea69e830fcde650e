/**
 * End-to-end latency of plant values: arrival time minus the plant's source
 * timestamp, kept in a bounded ring so a long session cannot grow memory.
 */
export interface LatencyRecorder {
  /** Records one arrival per source time, all received at `arrivedAt` (epoch ms). */
  record(sourceTimes: Float64Array, arrivedAt: number): void
  /** Retained latencies in ms, oldest first (at most the capacity). */
  latencies(): number[]
  /** Values received since the last reset, including ones that fell out of the ring. */
  valuesReceived(): number
  reset(): void
}

export const LATENCY_CAPACITY = 200_000

export function createLatencyRecorder(capacity = LATENCY_CAPACITY): LatencyRecorder {
  const ring = new Float64Array(capacity)
  let received = 0
  return {
    record(sourceTimes, arrivedAt) {
      for (let i = 0; i < sourceTimes.length; i++) {
        ring[received % capacity] = arrivedAt - sourceTimes[i]!
        received++
      }
    },
    latencies() {
      const kept = Math.min(received, capacity)
      const start = received - kept
      const out = new Array<number>(kept)
      for (let i = 0; i < kept; i++) out[i] = ring[(start + i) % capacity]!
      return out
    },
    valuesReceived: () => received,
    reset() {
      received = 0
    }
  }
}
