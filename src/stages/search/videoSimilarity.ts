// How alike are two videos, from their frame vectors (unit length rows)?
// - as a set: each frame's best match in the other video, averaged both ways
//   (order and length do not matter: the same scenes, in any order);
// - as a sequence: dynamic time warping over cosine distance, so the same
//   scenes in the same order score high even at different speeds.
// Videos are thinned to at most `maxFrames` evenly spaced frames first.
import { similarityMatrix } from './cosineKnn';

/** Both measures from one similarity matrix of the two videos' frames. */
export function videoSimilarity(a: Float32Array, b: Float32Array, dim: number): { set: number; sequence: number } {
  const na = a.length / dim, nb = b.length / dim;
  if (!na || !nb) return { set: 0, sequence: 0 };
  const s = similarityMatrix(a, b, dim);
  return { set: setSimilarity(s, na, nb), sequence: sequenceSimilarity(s, na, nb) };
}

/** Mean best-match cosine, averaged over both directions (1 = every frame has a twin). */
function setSimilarity(s: Float32Array, na: number, nb: number): number {
  let ab = 0, ba = 0;
  for (let i = 0; i < na; i++) {
    let m = -Infinity;
    for (let j = 0; j < nb; j++) m = Math.max(m, s[i * nb + j]!);
    ab += m;
  }
  for (let j = 0; j < nb; j++) {
    let m = -Infinity;
    for (let i = 0; i < na; i++) m = Math.max(m, s[i * nb + j]!);
    ba += m;
  }
  return (ab / na + ba / nb) / 2;
}

/** 1 − the mean cosine distance along the best monotone alignment (DTW) of the two sequences. */
function sequenceSimilarity(s: Float32Array, na: number, nb: number): number {
  // cost and path length of the best alignment ending at (i, j)
  const cost = new Float64Array(na * nb);
  const steps = new Uint32Array(na * nb);
  for (let i = 0; i < na; i++) {
    for (let j = 0; j < nb; j++) {
      const d = 1 - s[i * nb + j]!;
      const k = i * nb + j;
      if (i === 0 && j === 0) {
        cost[k] = d;
        steps[k] = 1;
        continue;
      }
      let best = -1;
      for (const p of [i > 0 && j > 0 ? k - nb - 1 : -1, i > 0 ? k - nb : -1, j > 0 ? k - 1 : -1]) {
        if (p >= 0 && (best < 0 || cost[p]! / steps[p]! < cost[best]! / steps[best]!)) best = p;
      }
      cost[k] = cost[best]! + d;
      steps[k] = steps[best]! + 1;
    }
  }
  return 1 - cost[na * nb - 1]! / steps[na * nb - 1]!;
}
