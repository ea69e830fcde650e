import { memo } from 'react'
import type { TagInfo } from '../../../../shared/domain'
import type { Spark } from './sparklines'

/**
 * A shift of one tag as a thin line (average per bucket) over its min–max envelope, on the
 * tag's fixed EU range with its normal band, so a drift toward a limit shows at a glance.
 * Gaps in the history stay gaps. Drawn again only when its history or tag changes.
 */
export const Sparkline = memo(function Sparkline({ tag, spark, label }: { tag: TagInfo; spark: Spark | undefined; label: string }) {
  const width = 240
  const height = 36
  const { low, high } = tag.euRange
  const y = (v: number): number => height - ((Math.min(high, Math.max(low, v)) - low) / (high - low)) * height
  const bandTop = y(tag.limits.H ?? tag.limits.HH ?? high)
  const bandBottom = y(tag.limits.L ?? tag.limits.LL ?? low)
  const lines: string[] = []
  const envelope: string[] = []
  if (spark && spark.to > spark.from) {
    const x = (t: number): number => ((t - spark.from) / (spark.to - spark.from)) * width
    const bucketPx = spark.t.length > 1 ? x(spark.t[1]!) - x(spark.t[0]!) : 1
    let run: string[] = []
    let prevT = -Infinity
    spark.t.forEach((t, i) => {
      const avg = spark.avg[i]!
      const lo = spark.min[i]!
      const hi = spark.max[i]!
      // A missing bucket (more than two bucket widths) or no value breaks the line.
      if (!Number.isFinite(avg) || x(t) - x(prevT) > 2.5 * Math.max(bucketPx, 0.5)) {
        if (run.length > 1) lines.push(run.join(' '))
        run = []
      }
      if (Number.isFinite(avg)) run.push(`${x(t).toFixed(1)},${y(avg).toFixed(1)}`)
      if (Number.isFinite(lo) && Number.isFinite(hi)) envelope.push(`M${x(t).toFixed(1)},${y(hi).toFixed(1)}V${y(lo).toFixed(1)}`)
      prevT = t
    })
    if (run.length > 1) lines.push(run.join(' '))
  }
  return (
    <svg className="sparkline" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" role="img" aria-label={label}>
      <rect className="spark-band" x="0" y={bandTop} width={width} height={Math.max(0, bandBottom - bandTop)} />
      <path className="spark-envelope" d={envelope.join('')} />
      {lines.map((points, i) => (
        <polyline key={i} className="spark-line" points={points} />
      ))}
      {spark === undefined ? (
        <text x={width / 2} y={height / 2 + 4} textAnchor="middle" className="spark-empty">
          loading history…
        </text>
      ) : spark.t.length === 0 ? (
        <text x={width / 2} y={height / 2 + 4} textAnchor="middle" className="spark-empty">
          no history in this shift
        </text>
      ) : null}
    </svg>
  )
})
