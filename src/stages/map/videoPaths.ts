// Videos as paths through the plane: how far apart two paths are, and the k
// videos whose paths are farthest apart (the reference's "most dissimilar").
import { thinRows } from '../../core/thin';

/** Up to `max` evenly spaced points of a path (x, y pairs), first and last kept. */
export const thinPath = (path: Float32Array, max: number): Float32Array => thinRows(path, 2, max);

function meanNearest(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 2) {
    let best = Infinity;
    for (let j = 0; j < b.length; j += 2) best = Math.min(best, (a[i]! - b[j]!) ** 2 + (a[i + 1]! - b[j + 1]!) ** 2);
    sum += Math.sqrt(best);
  }
  return sum / (a.length / 2);
}

/**
 * Symmetric mean nearest-point distance (chamfer): 0 when two paths cover the
 * same places, large when every frame of one is far from every frame of the other.
 */
export function pathDistance(a: Float32Array, b: Float32Array): number {
  if (!a.length || !b.length) return NaN;
  return (meanNearest(a, b) + meanNearest(b, a)) / 2;
}

/** All pairwise path distances (paths thinned to keep this quadratic step cheap). */
export function pathDistances(paths: Float32Array[], maxPoints = 200): Float64Array {
  const thin = paths.map((p) => thinPath(p, maxPoints));
  const n = paths.length;
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) d[i * n + j] = d[j * n + i] = pathDistance(thin[i]!, thin[j]!);
  return d;
}

/**
 * k items that are far from one another: the farthest pair first, then each
 * time the item whose nearest chosen item is farthest (max–min greedy).
 */
export function farthestSet(d: Float64Array, n: number, k: number): number[] {
  if (n === 0 || k <= 0) return [];
  if (n === 1) return [0];
  let bi = 0, bj = 1;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (d[i * n + j]! > d[bi * n + bj]!) [bi, bj] = [i, j];
  const chosen = [bi, bj].slice(0, k);
  while (chosen.length < Math.min(k, n)) {
    let best = -1, bestD = -Infinity;
    for (let i = 0; i < n; i++) {
      if (chosen.includes(i)) continue;
      const near = Math.min(...chosen.map((c) => d[i * n + c]!));
      if (near > bestD) [best, bestD] = [i, near];
    }
    chosen.push(best);
  }
  return chosen;
}
