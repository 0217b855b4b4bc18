// A synthetic search index for benchmarks: random-walk "videos" (neighbouring
// frames alike, as in real footage) sampled every 2/3 s (every 20th frame at
// 30 fps), and query clips cut from them between the stored samples, with noise.
import type { SequenceRef } from './clipMatch';
import { normalizeRows } from './cosineKnn';
import type { IndexVideo } from './search.protocol';
import type { VideoId } from '../../core/ids';

const STEP = 2 / 3;

export interface SyntheticIndex {
  rows: Float32Array;
  raw: Float32Array;
  dim: number;
  videos: IndexVideo[];
  refs: SequenceRef[];
}

function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => ((s = (s * 16807) % 2147483647) / 2147483647) - 0.5;
}

export function syntheticIndex(frames: number, videos: number, dim: number, seed: number): SyntheticIndex {
  const rnd = random(seed);
  const raw = new Float32Array(frames * dim);
  const per = Math.floor(frames / videos);
  const list: IndexVideo[] = [];
  const refs: SequenceRef[] = [];
  const x = new Float32Array(dim);
  for (let v = 0, start = 0; v < videos; v++) {
    const n = v === videos - 1 ? frames - start : per;
    for (let j = 0; j < dim; j++) x[j] = rnd();
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < dim; j++) x[j] = x[j]! + 0.3 * rnd();
      raw.set(x, (start + i) * dim);
    }
    list.push({ id: `synthetic-${v}` as VideoId, frames: n, mime: 'image/webp' });
    refs.push({ start, times: Float64Array.from({ length: n }, (_, i) => i * STEP) });
    start += n;
  }
  return { rows: normalizeRows(raw, dim), raw, dim, videos: list, refs };
}

/** A clip of `count` frames 0.5 s apart from a video chosen by `q`, off the stored grid, with noise. */
export function syntheticClip(ix: SyntheticIndex, q: number, count: number): { video: number; offset: number; rows: Float32Array; times: number[] } {
  const rnd = random(1000 + q);
  const video = (q * 7919) % ix.videos.length;
  const { start, times } = ix.refs[video]!;
  const span = (count - 1) * 0.5;
  const last = times[times.length - 1]!;
  const offset = Math.max(0, (rnd() + 0.5) * Math.max(0, last - span));
  const out = new Float32Array(count * ix.dim);
  const clipTimes: number[] = [];
  for (let c = 0; c < count; c++) {
    const t = offset + c * 0.5;
    const f = Math.min(t / STEP, times.length - 1);
    const i = Math.floor(f), w = f - i, i2 = Math.min(i + 1, times.length - 1);
    for (let j = 0; j < ix.dim; j++) out[c * ix.dim + j] = (1 - w) * ix.raw[(start + i) * ix.dim + j]! + w * ix.raw[(start + i2) * ix.dim + j]! + 0.1 * rnd();
    clipTimes.push(c * 0.5);
  }
  return { video, offset, rows: normalizeRows(out, ix.dim), times: clipTimes };
}
