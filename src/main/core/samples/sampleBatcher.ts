import type { SampleBatch } from '../../../shared/contract'

const INITIAL_CAPACITY = 256

/**
 * Collects values as they arrive from the OPC UA stack and hands them on as one
 * columnar {@link SampleBatch} per event-loop turn. node-opcua delivers one publish
 * response's notifications in a single turn, so that is one batch per publish cycle.
 */
export interface SampleBatcher {
  push(tagIndex: number, sourceTime: number, value: number, status: number): void
  /** Sends whatever is pending now, without waiting for the turn to end. */
  flush(): void
}

export function createSampleBatcher(emit: (batch: SampleBatch) => void): SampleBatcher {
  let capacity = INITIAL_CAPACITY
  let tagIndex = new Uint32Array(capacity)
  let sourceTime = new Float64Array(capacity)
  let value = new Float64Array(capacity)
  let status = new Uint32Array(capacity)
  let length = 0
  let seq = 0
  let scheduled = false

  function grow(): void {
    capacity *= 2
    const grown = <T extends Uint32Array | Float64Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity)
      next.set(old)
      return next
    }
    tagIndex = grown(tagIndex, (n) => new Uint32Array(n))
    sourceTime = grown(sourceTime, (n) => new Float64Array(n))
    value = grown(value, (n) => new Float64Array(n))
    status = grown(status, (n) => new Uint32Array(n))
  }

  function flush(): void {
    scheduled = false
    if (length === 0) return
    // slice() copies: each batch owns its buffers, so transports may transfer them.
    const batch: SampleBatch = {
      seq: seq++,
      tagIndex: tagIndex.slice(0, length),
      sourceTime: sourceTime.slice(0, length),
      value: value.slice(0, length),
      status: status.slice(0, length)
    }
    length = 0
    emit(batch)
  }

  return {
    push(index, time, v, s) {
      if (length === capacity) grow()
      tagIndex[length] = index
      sourceTime[length] = time
      value[length] = v
      status[length] = s
      length++
      if (!scheduled) {
        scheduled = true
        setImmediate(flush)
      }
    },
    flush
  }
}
