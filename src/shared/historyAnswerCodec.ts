import { z } from 'zod'
import { HistoryGapSchema, HistoryTierSchema, type HistorySeries } from './contract'

/**
 * Binary framing of a successful `history:query` answer for the WebSocket, where typed
 * arrays cannot travel as such (over Electron IPC they go by structured clone instead).
 *
 * Layout, little-endian:
 * - u32 magic "PWH1", u32 invoke id, u32 header length H;
 * - H bytes of UTF-8 JSON: `{ series: [{ mode, tag, length, gaps, source?, bucketMs? }] }`,
 *   the few strings and gaps of the answer (small, and JSON carries them well);
 * - then each series' columns in {@link COLUMNS} order, `length` values each, every column
 *   starting on an 8-byte boundary so it decodes as a view of the frame, without a copy.
 *
 * Values that are not finite numbers stay NaN (the float columns carry them bit for bit).
 * A failed answer is an ordinary JSON result frame; only `ok` answers are binary.
 */
const MAGIC = 0x50574831 // "PWH1"
const PREFIX_BYTES = 12

type ColumnKind = 'f64' | 'u32'
type RawColumn = Exclude<keyof Extract<HistorySeries, { mode: 'raw' }>, 'mode' | 'tag' | 'gaps'>
type DecimatedColumn = Exclude<keyof Extract<HistorySeries, { mode: 'decimated' }>, 'mode' | 'tag' | 'gaps' | 'source' | 'bucketMs'>

/** Each mode's columns in frame order, with their element type. */
const COLUMNS: Record<HistorySeries['mode'], readonly (readonly [RawColumn | DecimatedColumn, ColumnKind])[]> = {
  raw: [
    ['t', 'f64'],
    ['value', 'f64'],
    ['status', 'u32']
  ],
  decimated: [
    ['t', 'f64'],
    ['min', 'f64'],
    ['max', 'f64'],
    ['first', 'f64'],
    ['last', 'f64'],
    ['avg', 'f64'],
    ['n', 'u32'],
    ['good', 'u32']
  ]
}

const HeaderSchema = z.object({
  series: z.array(
    z.discriminatedUnion('mode', [
      z.object({ mode: z.literal('raw'), tag: z.string(), length: z.number().int().nonnegative(), gaps: z.array(HistoryGapSchema) }),
      z.object({
        mode: z.literal('decimated'),
        tag: z.string(),
        length: z.number().int().nonnegative(),
        gaps: z.array(HistoryGapSchema),
        source: HistoryTierSchema,
        bucketMs: z.number().positive()
      })
    ])
  )
})
type Header = z.infer<typeof HeaderSchema>

const align8 = (n: number): number => Math.ceil(n / 8) * 8
const bytesOf = (kind: ColumnKind): number => (kind === 'f64' ? 8 : 4)

/** The byte offset of every column of every series, and the frame's total length. */
function layout(header: Header, start: number): { offsets: number[][]; total: number } {
  let offset = start
  const offsets = header.series.map((meta) =>
    COLUMNS[meta.mode].map(([, kind]) => {
      const at = align8(offset)
      offset = at + meta.length * bytesOf(kind)
      return at
    })
  )
  return { offsets, total: align8(offset) }
}

/** Invoke ids that fit the frame's u32 field; the web host refuses invokes with any other id. */
export const isFrameId = (id: unknown): id is number => typeof id === 'number' && Number.isInteger(id) && id >= 0 && id <= 0xffff_ffff

/**
 * Encodes the answer to invoke `id` as one frame.
 * @throws RangeError when `id` is not {@link isFrameId}; Error when a series' columns differ
 *   in length (a bug in the handler, not bad input).
 */
export function encodeHistoryAnswer(id: number, series: readonly HistorySeries[]): ArrayBuffer {
  if (!isFrameId(id)) throw new RangeError(`history answer: invoke id ${id} does not fit 32 bits`)
  const meta = series.map((s): Header['series'][number] =>
    s.mode === 'raw'
      ? { mode: 'raw', tag: s.tag, length: s.t.length, gaps: s.gaps }
      : { mode: 'decimated', tag: s.tag, length: s.t.length, gaps: s.gaps, source: s.source, bucketMs: s.bucketMs }
  )
  const header = new TextEncoder().encode(JSON.stringify({ series: meta }))
  const { offsets, total } = layout({ series: meta }, PREFIX_BYTES + header.length)
  const buffer = new ArrayBuffer(total)
  const prefix = new DataView(buffer, 0, PREFIX_BYTES)
  prefix.setUint32(0, MAGIC, true)
  prefix.setUint32(4, id, true)
  prefix.setUint32(8, header.length, true)
  new Uint8Array(buffer, PREFIX_BYTES, header.length).set(header)
  series.forEach((s, k) => {
    const n = meta[k]!.length
    COLUMNS[s.mode].forEach(([name, kind], c) => {
      const column = (s as unknown as Record<string, Float64Array | Uint32Array>)[name]!
      if (column.length !== n) throw new Error(`history answer: "${s.tag}" has ${n} times but ${column.length} ${name} values`)
      const target = kind === 'f64' ? new Float64Array(buffer, offsets[k]![c]!, n) : new Uint32Array(buffer, offsets[k]![c]!, n)
      target.set(column)
    })
  })
  return buffer
}

/** The invoke id of a `history:query` answer frame, or undefined when `buffer` is another kind of frame. */
export function historyAnswerId(buffer: ArrayBuffer): number | undefined {
  if (buffer.byteLength < 8) return undefined
  const prefix = new DataView(buffer, 0, 8)
  return prefix.getUint32(0, true) === MAGIC ? prefix.getUint32(4, true) : undefined
}

/**
 * Decodes a frame made by {@link encodeHistoryAnswer}. The columns are views of `buffer`
 * (no copy), so the caller must not reuse it.
 * @throws Error naming what is wrong: not a history frame, a truncated or overlong frame,
 *   or a header that is not the expected JSON.
 */
export function decodeHistoryAnswer(buffer: ArrayBuffer): { id: number; series: HistorySeries[] } {
  if (buffer.byteLength < PREFIX_BYTES) throw new Error(`history answer too short: ${buffer.byteLength} bytes`)
  const prefix = new DataView(buffer, 0, PREFIX_BYTES)
  if (prefix.getUint32(0, true) !== MAGIC) throw new Error('history answer has a bad magic number')
  const id = prefix.getUint32(4, true)
  const headerBytes = prefix.getUint32(8, true)
  if (PREFIX_BYTES + headerBytes > buffer.byteLength) {
    throw new Error(`history answer truncated: its header needs ${headerBytes} bytes, ${buffer.byteLength - PREFIX_BYTES} are there`)
  }
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(buffer, PREFIX_BYTES, headerBytes)))
  } catch (error) {
    throw new Error(`history answer header is not JSON: ${(error as Error).message}`)
  }
  const parsed = HeaderSchema.safeParse(json)
  if (!parsed.success) throw new Error(`history answer header is malformed: ${z.prettifyError(parsed.error).replace(/\s*\n\s*/g, '; ')}`)
  const header = parsed.data
  const { offsets, total } = layout(header, PREFIX_BYTES + headerBytes)
  if (total !== buffer.byteLength) {
    throw new Error(`history answer of ${header.series.length} series should be ${total} bytes, got ${buffer.byteLength}${total > buffer.byteLength ? ' (truncated)' : ''}`)
  }
  const series = header.series.map((meta, k): HistorySeries => {
    const columns: Record<string, Float64Array | Uint32Array> = {}
    COLUMNS[meta.mode].forEach(([name, kind], c) => {
      const at = offsets[k]![c]!
      columns[name] = kind === 'f64' ? new Float64Array(buffer, at, meta.length) : new Uint32Array(buffer, at, meta.length)
    })
    const described =
      meta.mode === 'raw'
        ? { mode: meta.mode, tag: meta.tag, gaps: meta.gaps }
        : { mode: meta.mode, tag: meta.tag, gaps: meta.gaps, source: meta.source, bucketMs: meta.bucketMs }
    return { ...described, ...columns } as unknown as HistorySeries
  })
  return { id, series }
}
