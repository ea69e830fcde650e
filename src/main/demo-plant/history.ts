import type { IVariableHistorian } from 'node-opcua'
import { DataValue, DataType, StatusCodes, type ReadRawModifiedDetails, type StatusCode } from 'node-opcua'

/** Fixed-size ring of (time, value, status); numbers in typed arrays so a day of history costs little memory. */
class Ring {
  readonly t: Float64Array
  readonly v: Float64Array
  readonly s: StatusCode[]
  start = 0
  length = 0
  constructor(readonly capacity: number) {
    this.t = new Float64Array(capacity)
    this.v = new Float64Array(capacity)
    this.s = new Array<StatusCode>(capacity)
  }
  push(t: number, v: number, s: StatusCode): void {
    const i = (this.start + this.length) % this.capacity
    this.t[i] = t
    this.v[i] = v
    this.s[i] = s
    if (this.length < this.capacity) this.length++
    else this.start = (this.start + 1) % this.capacity
  }
  at(k: number): number {
    return (this.start + k) % this.capacity
  }
  oldestTime(): number {
    return this.length === 0 ? Infinity : this.t[this.start]!
  }
  lastTime(): number {
    return this.length === 0 ? -Infinity : this.t[this.at(this.length - 1)]!
  }
}

/** Sizing of a RingHistorian. */
export interface RingHistorianOptions {
  /** Every served value is kept until this many newer ones arrive. */
  fineCapacity: number
  /** Older values are thinned to one per coarseIntervalMs, up to coarseCapacity of them. */
  coarseCapacity: number
  coarseIntervalMs: number
  boolean: boolean
}

/**
 * HistoryRead (raw) backend for one variable. node-opcua's default historian keeps a DataValue
 * object per sample and a fixed count, which cannot hold 24 simulated hours at 10 changes/s;
 * this one keeps recent values at full rate and a thinned copy of the older ones.
 */
export class RingHistorian implements IVariableHistorian {
  private readonly fine: Ring
  private readonly coarse: Ring
  private readonly dataType: DataType

  constructor(private readonly options: RingHistorianOptions) {
    this.fine = new Ring(options.fineCapacity)
    this.coarse = new Ring(options.coarseCapacity)
    this.dataType = options.boolean ? DataType.Boolean : DataType.Double
  }

  /** Add a value directly to the thinned store (used to backfill the day before start). */
  backfill(timeMs: number, value: number): void {
    this.coarse.push(timeMs, value, StatusCodes.Good)
  }

  async push(dv: DataValue): Promise<void> {
    const t = (dv.sourceTimestamp ?? new Date()).getTime()
    const raw: unknown = dv.value.value
    const v = typeof raw === 'boolean' ? (raw ? 1 : 0) : typeof raw === 'number' ? raw : NaN
    this.fine.push(t, v, dv.statusCode)
    if (t - this.coarse.lastTime() >= this.options.coarseIntervalMs) this.coarse.push(t, v, dv.statusCode)
  }

  extractDataValues(
    details: ReadRawModifiedDetails,
    maxNumberToExtract: number,
    isReversed: boolean,
    reverseDataValue: boolean,
    callback: (err: Error | null, dataValue?: DataValue[]) => void
  ): void {
    const startMs = validTime(details.startTime)
    const endMs = validTime(details.endTime)
    const fineFrom = this.fine.oldestTime()
    const picked: Array<[Ring, number]> = []
    // Thinned values only where the full-rate ring no longer reaches.
    for (let k = 0; k < this.coarse.length; k++) {
      const i = this.coarse.at(k)
      if (this.coarse.t[i]! < fineFrom) picked.push([this.coarse, i])
    }
    for (let k = 0; k < this.fine.length; k++) picked.push([this.fine, this.fine.at(k)])
    const inRange = picked.filter(([r, i]) => {
      const t = r.t[i]!
      return (startMs === null || t >= startMs) && (endMs === null || t <= endMs)
    })
    if (isReversed) inRange.reverse()
    const limited = maxNumberToExtract > 0 ? inRange.slice(0, maxNumberToExtract) : inRange
    let out = limited.map(([r, i]) => this.toDataValue(r, i))
    if (reverseDataValue) out = out.reverse()
    callback(null, out)
  }

  private toDataValue(r: Ring, i: number): DataValue {
    const t = new Date(r.t[i]!)
    const v = r.v[i]!
    return new DataValue({
      value: { dataType: this.dataType, value: this.dataType === DataType.Boolean ? v !== 0 : v },
      statusCode: r.s[i] ?? StatusCodes.Good,
      sourceTimestamp: t,
      serverTimestamp: t
    })
  }
}

function validTime(d: Date | null | undefined): number | null {
  if (!d) return null
  const t = d.getTime()
  // node-opcua encodes "not set" as the OPC UA min date (1601).
  return Number.isFinite(t) && t > Date.UTC(1601, 0, 2) ? t : null
}
