// Search by words with a CLIP pair: every frame of the layout in the pair's own embedding space (not the layout's
// PCA), each crop a unit vector kept as int8 (a quarter of float32's memory: 100,000 frames of two 512-d crops in
// 100 MB), scored by its best crop's cosine with the text embedding. Pure.

/** Frame vectors (n × 2·half: two crops) → unit crops quantised to int8 (×127); an all-zero crop stays zero. */
export function unitCrops(vectors: Float32Array, n: number, half: number, out = new Int8Array(n * 2 * half), at = 0): Int8Array {
  for (let c = 0; c < 2 * n; c++) {
    const o = c * half;
    let s = 0;
    for (let j = 0; j < half; j++) s += vectors[o + j]! ** 2;
    const k = s > 0 ? 127 / Math.sqrt(s) : 0;
    for (let j = 0; j < half; j++) out[at * 2 * half + o + j] = Math.round(vectors[o + j]! * k);
  }
  return out;
}

/** Unit length (a zero vector stays zero). */
export function unit(v: Float32Array): Float32Array {
  const s = Math.sqrt(v.reduce((a, x) => a + x * x, 0));
  return s > 0 ? v.map((x) => x / s) : v;
}

/**
 * The cosine of each frame's better crop with a unit query; `allowed` rows only (the others score −Infinity).
 * Both crops of a frame whose crops are the same (a centre crop stored twice) give the same score.
 */
export function cropScores(crops: Int8Array, n: number, half: number, query: Float32Array, allowed?: (row: number) => boolean): Float32Array {
  const out = new Float32Array(n);
  for (let r = 0; r < n; r++) {
    if (allowed && !allowed(r)) {
      out[r] = -Infinity;
      continue;
    }
    let best = -Infinity;
    for (let c = 0; c < 2; c++) {
      const o = (2 * r + c) * half;
      let s = 0;
      for (let j = 0; j < half; j++) s += crops[o + j]! * query[j]!;
      if (s > best) best = s;
    }
    out[r] = best / 127;
  }
  return out;
}

/** The k best rows, best first (ties by row), leaving out −Infinity. */
export function topRows(scores: Float32Array, k: number): { row: number; score: number }[] {
  const rows: number[] = [];
  for (let r = 0; r < scores.length; r++) if (scores[r]! > -Infinity) rows.push(r);
  rows.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return rows.slice(0, k).map((row) => ({ row, score: scores[row]! }));
}

/**
 * Videos ranked by how well their frames answer the query: the mean of each video's `best` best frames (a video
 * with one lucky frame does not beat one that shows the thing throughout), with its single best frame's row.
 */
export function videoScores(scores: Float32Array, blocks: readonly { start: number; rows: number }[], best = 5): { video: number; score: number; row: number }[] {
  const out: { video: number; score: number; row: number }[] = [];
  blocks.forEach((b, video) => {
    const own: number[] = [];
    for (let r = b.start; r < b.start + b.rows; r++) if (scores[r]! > -Infinity) own.push(r);
    if (!own.length) return;
    own.sort((x, y) => scores[y]! - scores[x]!);
    const top = own.slice(0, best);
    out.push({ video, score: top.reduce((s, r) => s + scores[r]!, 0) / top.length, row: top[0]! });
  });
  return out.sort((a, b) => b.score - a.score);
}
