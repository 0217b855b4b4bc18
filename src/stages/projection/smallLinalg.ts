// Dense linear algebra on small symmetric matrices (k ≤ a few hundred), in
// float64: the eigen-problem left after PCA's big matrix products, and the
// exact reference the tests compare against. Row-major Float64Arrays.

/** Cyclic Jacobi eigen-decomposition of a symmetric n×n matrix; values descending, vectors as columns. */
export function symmetricEigen(a: Float64Array, n: number, maxSweeps = 100): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from(a);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p * n + q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (m[q * n + q]! - m[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = m[k * n + p]!, akq = m[k * n + q]!;
          m[k * n + p] = c * akp - s * akq;
          m[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = m[p * n + k]!, aqk = m[q * n + k]!;
          m[p * n + k] = c * apk - s * aqk;
          m[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!, vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => m[j * n + j]! - m[i * n + i]!);
  const values = Float64Array.from(order, (i) => m[i * n + i]!);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    for (let k = 0; k < n; k++) vectors[k * n + dst] = v[k * n + src]!;
  });
  return { values, vectors };
}

/** Largest principal angle (radians) between the column spaces of two d×k orthonormal bases. */
export function maxPrincipalAngle(a: Float64Array, b: Float64Array, d: number, k: number): number {
  // singular values of AᵀB are the cosines; the smallest one gives the largest angle
  const m = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
    let s = 0;
    for (let r = 0; r < d; r++) s += a[r * k + i]! * b[r * k + j]!;
    m[i * k + j] = s;
  }
  const mtm = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
    let s = 0;
    for (let r = 0; r < k; r++) s += m[r * k + i]! * m[r * k + j]!;
    mtm[i * k + j] = s;
  }
  const { values } = symmetricEigen(mtm, k);
  const minCos = Math.sqrt(Math.max(0, Math.min(1, values[k - 1]!)));
  return Math.acos(minCos);
}

/**
 * Orthonormal columns for a d×k matrix (row-major) by modified Gram–Schmidt,
 * run twice ("twice is enough") in float64: robust where Cholesky-QR of a
 * float32 Gram matrix breaks down on ill-conditioned power iterates. A column
 * that vanishes is replaced by a fresh direction orthogonal to the others.
 */
export function orthonormalizeColumns(a: Float64Array, d: number, k: number): Float64Array {
  const cols = Array.from({ length: k }, (_, c) => Float64Array.from({ length: d }, (_, r) => a[r * k + c]!));
  let seed = 12345;
  for (let c = 0; c < k; c++) {
    const v = cols[c]!;
    for (let attempt = 0; ; attempt++) {
      for (let pass = 0; pass < 2; pass++) {
        for (let p = 0; p < c; p++) {
          const u = cols[p]!;
          let dot = 0;
          for (let r = 0; r < d; r++) dot += u[r]! * v[r]!;
          for (let r = 0; r < d; r++) v[r]! -= dot * u[r]!;
        }
      }
      let norm = 0;
      for (let r = 0; r < d; r++) norm += v[r]! * v[r]!;
      norm = Math.sqrt(norm);
      if (norm > 1e-12 || attempt > 3) {
        for (let r = 0; r < d; r++) v[r]! /= norm || 1;
        break;
      }
      for (let r = 0; r < d; r++) v[r] = ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32) - 0.5;
    }
  }
  const out = new Float64Array(d * k);
  for (let c = 0; c < k; c++) for (let r = 0; r < d; r++) out[r * k + c] = cols[c]![r]!;
  return out;
}
