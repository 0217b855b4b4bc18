// Exact nearest neighbours by cosine similarity over row vectors: rows are
// normalised once, so a query is one pass of dot products.

/** Rows of `dim` scaled to unit length (zero rows stay zero). */
export function normalizeRows(data: Float32Array, dim: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < data.length / dim; r++) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += data[r * dim + j]! ** 2;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let j = 0; j < dim; j++) out[r * dim + j] = data[r * dim + j]! * inv;
  }
  return out;
}

export interface Neighbour {
  index: number;
  score: number;
}

/** The k rows most similar to `query` (already unit length), best first; `skip` leaves rows out. */
export function cosineTopK(rows: Float32Array, dim: number, query: Float32Array, k: number, skip?: (i: number) => boolean): Neighbour[] {
  const best: Neighbour[] = [];
  const n = rows.length / dim;
  for (let i = 0; i < n; i++) {
    if (skip?.(i)) continue;
    let dot = 0;
    for (let j = 0, o = i * dim; j < dim; j++) dot += rows[o + j]! * query[j]!;
    if (best.length === k && dot <= best[k - 1]!.score) continue;
    // Insert in order; k is small, so a shift beats a heap here.
    let at = best.length;
    while (at > 0 && best[at - 1]!.score < dot) at--;
    best.splice(at, 0, { index: i, score: dot });
    if (best.length > k) best.pop();
  }
  return best;
}

export function row(rows: Float32Array, dim: number, i: number): Float32Array {
  return rows.subarray(i * dim, (i + 1) * dim);
}

/**
 * Dot products of m query rows with N rows (both unit length, `dim` wide), m × N
 * row-major: the CPU path of what the GPU does in one matmul. Four queries share
 * each pass over a row (about twice as fast as one at a time).
 */
export function similarityMatrix(queries: Float32Array, rows: Float32Array, dim: number): Float32Array {
  const m = queries.length / dim, n = rows.length / dim;
  const out = new Float32Array(m * n);
  for (let i = 0; i < n; i++) {
    const o = i * dim;
    let j = 0;
    for (; j + 4 <= m; j += 4) {
      let d0 = 0, d1 = 0, d2 = 0, d3 = 0;
      const q0 = j * dim, q1 = q0 + dim, q2 = q1 + dim, q3 = q2 + dim;
      for (let k = 0; k < dim; k++) {
        const r = rows[o + k]!;
        d0 += r * queries[q0 + k]!;
        d1 += r * queries[q1 + k]!;
        d2 += r * queries[q2 + k]!;
        d3 += r * queries[q3 + k]!;
      }
      out[j * n + i] = d0;
      out[(j + 1) * n + i] = d1;
      out[(j + 2) * n + i] = d2;
      out[(j + 3) * n + i] = d3;
    }
    for (; j < m; j++) {
      let d = 0;
      for (let k = 0, q = j * dim; k < dim; k++) d += rows[o + k]! * queries[q + k]!;
      out[j * n + i] = d;
    }
  }
  return out;
}
