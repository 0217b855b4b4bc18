import { describe, expect, it } from 'vitest';
import { matchClip } from './clipMatch';
import { normalizeRows, similarityMatrix } from './cosineKnn';

// Random-walk "videos" in 32-d: frames close in time are similar, as with real footage.
function walk(n: number, dim: number, seed: number): Float32Array {
  let s = seed;
  const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647) - 0.5;
  const out = new Float32Array(n * dim);
  const x = Float32Array.from({ length: dim }, rnd);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dim; j++) x[j]! += 0.35 * rnd();
    out.set(x, i * dim);
  }
  return out;
}

/** The walk's value at a fractional index, linearly interpolated (a frame between stored samples). */
function at(rows: Float32Array, dim: number, f: number): Float32Array {
  const i = Math.floor(f), w = f - i;
  return Float32Array.from({ length: dim }, (_, j) => (1 - w) * rows[i * dim + j]! + w * rows[Math.min(i + 1, rows.length / dim - 1) * dim + j]!);
}

describe('clip matching', () => {
  const dim = 32, step = 0.8; // stored every 0.8 s
  const videos = [walk(120, dim, 7), walk(90, dim, 11), walk(150, dim, 13)];
  const rows = normalizeRows(Float32Array.from(videos.flatMap((v) => Array.from(v))), dim);
  let start = 0;
  const refs = videos.map((v) => {
    const r = { start, times: Array.from({ length: v.length / dim }, (_, i) => 3 + i * step) };
    start += v.length / dim;
    return r;
  });

  it('finds the video and the offset of a clip sampled off the stored grid, with noise', () => {
    let s = 5;
    const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647) - 0.5;
    for (const [video, offset] of [[0, 20.3], [1, 40.1], [2, 3.5], [2, 100.9]] as const) {
      // 6 s at 3 frames a second: clip frames fall between stored ones.
      const times = Array.from({ length: 18 }, (_, j) => j / 3);
      const q = new Float32Array(times.length * dim);
      times.forEach((t, j) => q.set(at(videos[video]!, dim, (offset + t - 3) / step).map((v) => v + 0.15 * rnd()), j * dim));
      const sims = similarityMatrix(normalizeRows(q, dim), rows, dim);
      const got = matchClip(sims, rows.length / dim, times, refs);
      expect(got[0]!.video).toBe(video);
      expect(Math.abs(got[0]!.offset - offset)).toBeLessThan(step / 2);
      expect(got.length).toBe(5);
      for (let k = 1; k < got.length; k++) expect(got[k]!.score).toBeLessThanOrEqual(got[k - 1]!.score);
      // Two moments of one video are a clip length apart at least.
      const same = got.filter((c) => c.video === got[0]!.video);
      if (same.length > 1) expect(Math.abs(same[1]!.offset - same[0]!.offset)).toBeGreaterThanOrEqual(5.6);
    }
  });

  it('similarity matrix equals the dot products', () => {
    const q = rows.subarray(5 * dim, 7 * dim);
    const sims = similarityMatrix(q, rows, dim);
    const n = rows.length / dim;
    expect(sims[5]).toBeCloseTo(1, 5);
    expect(sims[n + 6]).toBeCloseTo(1, 5);
    let d = 0;
    for (let k = 0; k < dim; k++) d += rows[5 * dim + k]! * rows[40 * dim + k]!;
    expect(sims[40]).toBeCloseTo(d, 5);
  });
});
