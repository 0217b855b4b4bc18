// How faithful a 2-D layout is to the high-dimensional space: trustworthiness
// (are 2-D neighbours real neighbours?), continuity (do real neighbours stay
// neighbours?), kNN recall, and kNN label accuracy. Exact, by brute force over
// all points for a sample of query points (all of them when n ≤ sample).
export interface LayoutQuality {
  k: number;
  queries: number;
  trustworthiness: number;
  continuity: number;
  recall: number;
  /** share of queries whose 2-D neighbours' majority label is their own; null without labels */
  labelAccuracy: number | null;
}

function sqDistances(data: Float32Array, dim: number, q: number): Float64Array {
  const n = data.length / dim;
  const out = new Float64Array(n);
  const o = q * dim;
  for (let j = 0; j < n; j++) {
    let s = 0;
    const p = j * dim;
    for (let d = 0; d < dim; d++) {
      const t = data[o + d]! - data[p + d]!;
      s += t * t;
    }
    out[j] = s;
  }
  return out;
}

/** Rank (1 = nearest) of every other point seen from q; q itself gets 0. */
function ranks(dist: Float64Array, q: number): Int32Array {
  const order = Array.from({ length: dist.length }, (_, i) => i).filter((i) => i !== q);
  order.sort((a, b) => dist[a]! - dist[b]! || a - b);
  const r = new Int32Array(dist.length);
  order.forEach((j, i) => (r[j] = i + 1));
  return r;
}

export function sampleIndices(n: number, m: number, seed = 1): number[] {
  if (m >= n) return Array.from({ length: n }, (_, i) => i);
  let s = seed;
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < m; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    const j = i + (s % (n - i));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx.slice(0, m);
}

export function layoutQuality(high: Float32Array, highDim: number, low: Float32Array, k = 10, labels: readonly string[] | null = null, sample = 1000): LayoutQuality {
  const n = high.length / highDim;
  const queries = sampleIndices(n, sample);
  let tPen = 0, cPen = 0, hits = 0, correct = 0;
  for (const q of queries) {
    const rh = ranks(sqDistances(high, highDim, q), q);
    const rl = ranks(sqDistances(low, 2, q), q);
    const votes = new Map<string, number>();
    for (let j = 0; j < n; j++) {
      if (j === q) continue;
      const inLow = rl[j]! <= k, inHigh = rh[j]! <= k;
      if (inLow && !inHigh) tPen += rh[j]! - k;
      if (inHigh && !inLow) cPen += rl[j]! - k;
      if (inLow && inHigh) hits++;
      if (inLow && labels) votes.set(labels[j]!, (votes.get(labels[j]!) ?? 0) + 1);
    }
    if (labels) {
      const best = [...votes].sort((a, b) => b[1] - a[1])[0]?.[0];
      if (best === labels[q]) correct++;
    }
  }
  const m = queries.length;
  // Venna & Kaski's normalisation, with the query sample standing in for all n points.
  const norm = 2 / (m * k * (2 * n - 3 * k - 1));
  return {
    k, queries: m,
    trustworthiness: 1 - norm * tPen,
    continuity: 1 - norm * cPen,
    recall: hits / (m * k),
    labelAccuracy: labels ? correct / m : null,
  };
}
