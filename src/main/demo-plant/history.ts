import type { IVariableHistorian } from 'node-opcua'
import { coerceStatusCode, DataValue, DataType, StatusCodes, type ReadRawModifiedDetails } from 'node-opcua'
import { SampleRing } from '../../shared/sampleRing'

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
  // The renderer's ring (one ring-buffer concept in the code base); statuses kept as their 32-bit codes.
  private readonly fine: SampleRing
  private readonly coarse: SampleRing
  private readonly dataType: DataType

  constructor(private readonly options: RingHistorianOptions) {
    this.fine = new SampleRing(options.fineCapacity)
    this.coarse = new SampleRing(options.coarseCapacity)
    this.dataType = options.boolean ? DataType.Boolean : DataType.Double
  }

  /** Add a value directly to the thinned store (used to backfill the day before start). */
  backfill(timeMs: number, value: number): void {
    this.coarse.push(timeMs, value, StatusCodes.Good.value)
  }

  async push(dv: DataValue): Promise<void> {
    const t = (dv.sourceTimestamp ?? new Date()).getTime()
    const raw: unknown = dv.value.value
    const v = typeof raw === 'boolean' ? (raw ? 1 : 0) : typeof raw === 'number' ? raw : NaN
    const status = dv.statusCode.value
    this.fine.push(t, v, status)
    const coarseLast = this.coarse.length === 0 ? -Infinity : this.coarse.timeAt(this.coarse.length - 1)
    if (t - coarseLast >= this.options.coarseIntervalMs) this.coarse.push(t, v, status)
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
    const fineFrom = this.fine.length === 0 ? Infinity : this.fine.timeAt(0)
    const picked: Array<[SampleRing, number]> = []
    // Thinned values only where the full-rate ring no longer reaches.
    for (let k = 0; k < this.coarse.length && this.coarse.timeAt(k) < fineFrom; k++) picked.push([this.coarse, k])
    for (let k = 0; k < this.fine.length; k++) picked.push([this.fine, k])
    const inRange = picked.filter(([r, i]) => {
      const t = r.timeAt(i)
      return (startMs === null || t >= startMs) && (endMs === null || t <= endMs)
    })
    if (isReversed) inRange.reverse()
    const limited = maxNumberToExtract > 0 ? inRange.slice(0, maxNumberToExtract) : inRange
    let out = limited.map(([r, i]) => this.toDataValue(r, i))
    if (reverseDataValue) out = out.reverse()
    callback(null, out)
  }

  private toDataValue(r: SampleRing, i: number): DataValue {
    const t = new Date(r.timeAt(i))
    const v = r.valueAt(i)
    return new DataValue({
      value: { dataType: this.dataType, value: this.dataType === DataType.Boolean ? v !== 0 : v },
      statusCode: coerceStatusCode(r.statusAt(i)),
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
