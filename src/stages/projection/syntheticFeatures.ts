// Synthetic "videos" for benchmarks: each a slow random walk around its own
// centre in feature space, so frames of one video are neighbours and a good
// layout can be told from a bad one. Generated chunk by chunk, reproducibly,
// so 100,000 × 4096 values never need to exist at once.
import { rng } from '../../core/random';

export interface SyntheticSpec {
  frames: number;
  dim: number;
  videos: number;
  seed: number;
}

/** Rows [start, start + count) of the synthetic set, and the video of each. */
export function syntheticRows(spec: SyntheticSpec, start: number, count: number): { rows: Float32Array; video: Int32Array } {
  const perVideo = Math.ceil(spec.frames / spec.videos);
  const rows = new Float32Array(count * spec.dim);
  const video = new Int32Array(count);
  let v = -1;
  let centre = new Float32Array(0);
  let walk = new Float32Array(0);
  let random = rng(1);
  for (let r = start; r < start + count; r++) {
    const vid = Math.floor(r / perVideo);
    if (vid !== v) {
      // (re)start this video's walk from its first frame, so any chunk boundary gives the same rows
      v = vid;
      const c = rng(spec.seed * 7919 + vid);
      centre = Float32Array.from({ length: spec.dim }, () => (c() - 0.5) * 2);
      walk = new Float32Array(spec.dim);
      random = rng(spec.seed * 104729 + vid);
      for (let skip = vid * perVideo; skip < r; skip++) step(walk, random);
    }
    step(walk, random);
    for (let d = 0; d < spec.dim; d++) rows[(r - start) * spec.dim + d] = centre[d]! + walk[d]!;
    video[r - start] = vid;
  }
  return { rows, video };
}

function step(walk: Float32Array, random: () => number): void {
  for (let d = 0; d < walk.length; d++) walk[d] = 0.97 * walk[d]! + 0.08 * (random() - 0.5);
}
