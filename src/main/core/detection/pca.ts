/**
 * PCA for multivariate monitoring: fit on a learning period, then Hotelling's T²
 * (distance inside the model plane) and SPE/Q (distance from it) per frame, with
 * each variable's contribution. Dimensions are small (the tags of one machine),
 * so a Jacobi eigen-solver is plenty.
 */
export interface PcaModel {
  dim: number
  mean: Float64Array
  std: Float64Array
  /** Retained loadings, component-major: `loadings[k * dim + j]`. */
  loadings: Float64Array
  eigen: Float64Array
  components: number
}

/** Eigen-decomposition of a symmetric matrix (row-major, n×n); eigenvalues descending. */
export function symmetricEigen(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from(a)
  const v = new Float64Array(n * n)
  for (let i = 0; i < n; i++) v[i * n + i] = 1
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p * n + q]! ** 2
    if (off < 1e-20) break
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q]!
        if (Math.abs(apq) < 1e-300) continue
        const theta = (m[q * n + q]! - m[p * n + p]!) / (2 * apq)
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1))
        const c = 1 / Math.sqrt(t * t + 1)
        const s = t * c
        for (let k = 0; k < n; k++) {
          const akp = m[k * n + p]!
          const akq = m[k * n + q]!
          m[k * n + p] = c * akp - s * akq
          m[k * n + q] = s * akp + c * akq
        }
        for (let k = 0; k < n; k++) {
          const apk = m[p * n + k]!
          const aqk = m[q * n + k]!
          m[p * n + k] = c * apk - s * aqk
          m[q * n + k] = s * apk + c * aqk
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!
          const vkq = v[k * n + q]!
          v[k * n + p] = c * vkp - s * vkq
          v[k * n + q] = s * vkp + c * vkq
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => m[y * n + y]! - m[x * n + x]!)
  const values = new Float64Array(n)
  const vectors = new Float64Array(n * n)
  order.forEach((src, k) => {
    values[k] = m[src * n + src]!
    for (let j = 0; j < n; j++) vectors[k * n + j] = v[j * n + src]!
  })
  return { values, vectors }
}

/** Fits the model to rows (each of length `dim`), keeping components up to `varianceKept` of the variance. */
export function fitPca(rows: readonly ArrayLike<number>[], dim: number, varianceKept = 0.9): PcaModel {
  const n = rows.length
  const mean = new Float64Array(dim)
  const std = new Float64Array(dim)
  for (const r of rows) for (let j = 0; j < dim; j++) mean[j]! += r[j]! / n
  for (const r of rows) for (let j = 0; j < dim; j++) std[j]! += (r[j]! - mean[j]!) ** 2 / Math.max(n - 1, 1)
  for (let j = 0; j < dim; j++) std[j] = Math.sqrt(std[j]!) || 1
  const cov = new Float64Array(dim * dim)
  for (const r of rows) {
    for (let i = 0; i < dim; i++) {
      const zi = (r[i]! - mean[i]!) / std[i]!
      for (let j = i; j < dim; j++) cov[i * dim + j]! += (zi * (r[j]! - mean[j]!)) / std[j]! / Math.max(n - 1, 1)
    }
  }
  for (let i = 0; i < dim; i++) for (let j = 0; j < i; j++) cov[i * dim + j] = cov[j * dim + i]!
  const { values, vectors } = symmetricEigen(cov, dim)
  const total = values.reduce((a, b) => a + Math.max(b, 0), 0) || 1
  let k = 0
  let acc = 0
  while (k < dim - 1 && acc / total < varianceKept) acc += Math.max(values[k++]!, 0)
  k = Math.max(k, 1)
  const eigen = new Float64Array(k)
  for (let i = 0; i < k; i++) eigen[i] = Math.max(values[i]!, 1e-9)
  return { dim, mean, std, loadings: vectors.slice(0, k * dim), eigen, components: k }
}

/** Per-frame output of {@link scorePca}; reuse one object to avoid allocation. */
export interface PcaScore {
  t2: number
  spe: number
  /** Standardized residual per variable (for SPE contributions). */
  residual: Float64Array
  /** Reconstruction per variable in engineering units (the "expected" value). */
  expected: Float64Array
  /** Per-variable T² contribution (clipped at 0). */
  t2Part: Float64Array
  scores: Float64Array
}

/** Allocates the per-frame output buffers for a model. */
export function newPcaScore(m: PcaModel): PcaScore {
  return {
    t2: 0,
    spe: 0,
    residual: new Float64Array(m.dim),
    expected: new Float64Array(m.dim),
    t2Part: new Float64Array(m.dim),
    scores: new Float64Array(m.components)
  }
}

/** Scores one frame `x` (engineering units) against the model into `out`. */
export function scorePca(m: PcaModel, x: ArrayLike<number>, out: PcaScore): PcaScore {
  const { dim, components: k, loadings: p } = m
  out.t2 = 0
  for (let c = 0; c < k; c++) {
    let s = 0
    for (let j = 0; j < dim; j++) s += p[c * dim + j]! * ((x[j]! - m.mean[j]!) / m.std[j]!)
    out.scores[c] = s
    out.t2 += (s * s) / m.eigen[c]!
  }
  out.spe = 0
  for (let j = 0; j < dim; j++) {
    const z = (x[j]! - m.mean[j]!) / m.std[j]!
    let rec = 0
    let t2j = 0
    for (let c = 0; c < k; c++) {
      rec += p[c * dim + j]! * out.scores[c]!
      t2j += (p[c * dim + j]! * out.scores[c]!) / m.eigen[c]!
    }
    out.residual[j] = z - rec
    out.expected[j] = m.mean[j]! + rec * m.std[j]!
    out.t2Part[j] = Math.max(0, z * t2j)
    out.spe += (z - rec) ** 2
  }
  return out
}

/** The q-quantile (0..1) of values, by sorting a copy. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const s = Float64Array.from(values).sort()
  if (s.length === 0) return Number.NaN
  return s[Math.min(s.length - 1, Math.max(0, Math.floor(q * (s.length - 1))))]!
}
