/** Growable columns of float64 rows: an open chunk being filled in memory. */
export class Rows {
  columns: Float64Array[]
  n = 0

  constructor(
    readonly width: number,
    capacity = 64
  ) {
    this.columns = Array.from({ length: width }, () => new Float64Array(capacity))
  }

  /** Rows whose columns are given (copied). */
  static of(columns: readonly Float64Array[], n = columns[0]?.length ?? 0): Rows {
    const rows = new Rows(columns.length, Math.max(64, n))
    columns.forEach((c, i) => rows.columns[i]!.set(c.subarray(0, n)))
    rows.n = n
    return rows
  }

  get start(): number {
    return this.columns[0]![0]!
  }

  get last(): number {
    return this.columns[0]![this.n - 1]!
  }

  /** Appends a row of a three-column (raw) chunk without building an array. */
  push3(a: number, b: number, c: number): void {
    if (this.n === this.columns[0]!.length) this.grow()
    this.columns[0]![this.n] = a
    this.columns[1]![this.n] = b
    this.columns[2]![this.n] = c
    this.n++
  }

  push(values: ArrayLike<number>): void {
    if (this.n === this.columns[0]!.length) this.grow()
    for (let c = 0; c < this.width; c++) this.columns[c]![this.n] = values[c]!
    this.n++
  }

  /** Appends row `i` of `columns` (same width). */
  pushFrom(columns: readonly Float64Array[], i: number): void {
    if (this.n === this.columns[0]!.length) this.grow()
    for (let c = 0; c < this.width; c++) this.columns[c]![this.n] = columns[c]![i]!
    this.n++
  }

  private grow(): void {
    this.columns = this.columns.map((old) => {
      const grown = new Float64Array(old.length * 2)
      grown.set(old)
      return grown
    })
  }

  /** Copies of the filled part of each column. */
  snapshot(): Float64Array[] {
    return this.columns.map((c) => c.slice(0, this.n))
  }
}
