// Evenly spaced subsets of long sequences (paths, frame vectors, clip frames):
// the first and last items are always kept.

/** Indices of at most `max` evenly spaced items of n. */
export function thinIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: max }, (_, i) => Math.round((i * (n - 1)) / (max - 1)));
}

/** At most `max` evenly spaced rows of `dim` values; the input itself when it is short enough. */
export function thinRows(rows: Float32Array, dim: number, max: number): Float32Array {
  const n = rows.length / dim;
  if (n <= max) return rows;
  const out = new Float32Array(max * dim);
  thinIndices(n, max).forEach((r, i) => out.set(rows.subarray(r * dim, (r + 1) * dim), i * dim));
  return out;
}
