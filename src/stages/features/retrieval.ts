// Retrieval quality of descriptors: cosine similarity, precision@k and mean
// average precision for "find the other views of the same scene".
export function l2normalize(v: Float32Array): Float32Array {
  let s = 0;
  for (const x of v) s += x * x;
  const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
  return v.map((x) => x * inv);
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

export interface RetrievalScores {
  /** share of queries whose nearest neighbour shows the same scene */
  precisionAt1: number;
  /** share of the k nearest (k = views per scene − 1) that show the same scene */
  precisionAtK: number;
  meanAveragePrecision: number;
  /** mean cosine similarity of same-scene pairs minus that of different-scene pairs */
  margin: number;
}

/** Leave-one-out retrieval over all descriptors; labels name each one's scene. */
export function retrievalScores(vectors: Float32Array[], labels: readonly string[]): RetrievalScores {
  const n = vectors.length;
  let p1 = 0, pk = 0, ap = 0, same = 0, sameN = 0, diff = 0, diffN = 0;
  for (let q = 0; q < n; q++) {
    const ranked = [];
    for (let j = 0; j < n; j++) {
      if (j === q) continue;
      const s = cosine(vectors[q]!, vectors[j]!);
      const rel = labels[j] === labels[q];
      ranked.push({ s, rel });
      if (rel) {
        same += s;
        sameN++;
      } else {
        diff += s;
        diffN++;
      }
    }
    ranked.sort((a, b) => b.s - a.s);
    const relevant = ranked.filter((r) => r.rel).length;
    if (ranked[0]?.rel) p1++;
    pk += ranked.slice(0, relevant).filter((r) => r.rel).length / Math.max(1, relevant);
    let hits = 0, sum = 0;
    ranked.forEach((r, i) => {
      if (r.rel) sum += ++hits / (i + 1);
    });
    ap += relevant ? sum / relevant : 0;
  }
  return { precisionAt1: p1 / n, precisionAtK: pk / n, meanAveragePrecision: ap / n, margin: same / Math.max(1, sameN) - diff / Math.max(1, diffN) };
}
