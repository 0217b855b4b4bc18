// How faithful a 2-D layout is to the high-dimensional space: trustworthiness
// (are 2-D neighbours real neighbours?), continuity (do real neighbours stay
// neighbours?), kNN recall, and kNN label accuracy. Exact, by brute force over
// all points for a sample of query points (all of them when n ≤ sample). Only
// the k nearest and the ranks of the few points that change neighbourhood are
// computed: no query sorts all n distances.
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

/** Is i nearer to the query than j? Distance, then index (a strict total order, as a sort would give). */
const nearer = (dist: Float64Array, i: number, j: number) => dist[i]! < dist[j]! || (dist[i] === dist[j] && i < j);

/** The k nearest points to q (q excluded), nearest first: one pass with a small sorted buffer, no full sort. */
function nearest(dist: Float64Array, q: number, k: number): number[] {
  const best: number[] = [];
  for (let j = 0; j < dist.length; j++) {
    if (j === q) continue;
    if (best.length === k && !nearer(dist, j, best[k - 1]!)) continue;
    let at = best.length === k ? k - 1 : best.length;
    while (at > 0 && nearer(dist, j, best[at - 1]!)) {
      best[at] = best[at - 1]!;
      at--;
    }
    best[at] = j;
    if (best.length > k) best.length = k;
  }
  return best;
}

/** Rank of j seen from q (1 = nearest): only needed for the few points that left or joined the neighbourhood. */
function rankOf(dist: Float64Array, q: number, j: number): number {
  let r = 1;
  for (let i = 0; i < dist.length; i++) if (i !== q && i !== j && nearer(dist, i, j)) r++;
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
    const dh = sqDistances(high, highDim, q);
    const dl = sqDistances(low, 2, q);
    const nh = nearest(dh, q, k), nl = nearest(dl, q, k);
    const inHigh = new Set(nh), inLow = new Set(nl);
    const votes = new Map<string, number>();
    for (const j of nl) {
      if (inHigh.has(j)) hits++;
      else tPen += rankOf(dh, q, j) - k;
      if (labels) votes.set(labels[j]!, (votes.get(labels[j]!) ?? 0) + 1);
    }
    for (const j of nh) if (!inLow.has(j)) cPen += rankOf(dl, q, j) - k;
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
