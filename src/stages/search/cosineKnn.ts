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
