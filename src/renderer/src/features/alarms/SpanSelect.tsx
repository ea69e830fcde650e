/** A look-back span an alarm view offers: its length and its label. */
export interface Span {
  ms: number
  label: string
}

/** "Span" picker of the journal and KPI views: how far back from now they read. */
export function SpanSelect({ spans, value, onChange }: { spans: readonly Span[]; value: number; onChange(ms: number): void }) {
  return (
    <label>
      Span
      <select value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {spans.map((s) => (
          <option key={s.ms} value={s.ms}>
            {s.label}
          </option>
        ))}
      </select>
    </label>
  )
}
