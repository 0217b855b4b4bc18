// npm run bench:search — exact kNN (k = 10) and clip search ("which video is
// this clip from?") latency on synthetic 256-d PCA features (random-walk
// videos sampled every 2/3 s), in Chromium on each search backend, against the
// same pure code in Node on this machine (the native baseline: ratio = browser/Node).
// BENCH_SEARCH_FRAMES=10000,100000 BENCH_SEARCH_BACKENDS=cpu,webgpu BENCH_SEARCH_QUERIES=50
import { ensureBuild, launchChromium, openApp, serveDist } from './lib/browser';
import { AppError } from '../src/core/errors';
import { testApi } from '../e2e/testApi';
import { matchClip } from '../src/stages/search/clipMatch';
import { cosineTopK, row, similarityMatrix } from '../src/stages/search/cosineKnn';
import { syntheticClip, syntheticIndex } from '../src/stages/search/syntheticIndex';
import type { SearchBenchRequest } from '../src/stages/search';

const sizes = (process.env.BENCH_SEARCH_FRAMES ?? '10000,100000').split(',').map(Number);
const backends = (process.env.BENCH_SEARCH_BACKENDS ?? 'cpu,webgpu').split(',') as SearchBenchRequest['backend'][];
const queries = Number(process.env.BENCH_SEARCH_QUERIES ?? 50);
const DIM = 256, CLIP_FRAMES = 16, VIDEOS = 100;
const PORT = 4186;

const median = (ms: number[]) => [...ms].sort((a, b) => a - b)[ms.length >> 1]!;
const p95 = (ms: number[]) => [...ms].sort((a, b) => a - b)[Math.min(ms.length - 1, Math.floor(0.95 * ms.length))]!;

/** The same searches in Node: cosine top-k over the rows; similarity matrix + sequence matching. */
function nodeBaseline(frames: number): { knn: number; clip: number } {
  const ix = syntheticIndex(frames, VIDEOS, DIM, 1);
  const knn: number[] = [];
  const clip: number[] = [];
  // Warm up as the browser side does (JIT, caches).
  cosineTopK(ix.rows, DIM, row(ix.rows, DIM, 0), 10, (i) => i === 0);
  matchClip(similarityMatrix(syntheticClip(ix, 0, CLIP_FRAMES).rows, ix.rows, DIM), frames, syntheticClip(ix, 0, CLIP_FRAMES).times, ix.refs);
  for (let q = 0; q < queries; q++) {
    const r = Math.floor(((q + 0.5) / queries) * frames);
    const t0 = performance.now();
    cosineTopK(ix.rows, DIM, row(ix.rows, DIM, r), 10, (i) => i === r);
    knn.push(performance.now() - t0);
  }
  for (let q = 1; q <= Math.min(queries, 20); q++) {
    const c = syntheticClip(ix, q, CLIP_FRAMES);
    const t0 = performance.now();
    matchClip(similarityMatrix(c.rows, ix.rows, DIM), frames, c.times, ix.refs);
    clip.push(performance.now() - t0);
  }
  return { knn: median(knn), clip: median(clip) };
}

ensureBuild();
const server = await serveDist(PORT, true);
const browser = await launchChromium();
try {
  console.log(`search benchmark: synthetic ${DIM}-d features, ${VIDEOS} random-walk videos; kNN k = 10 (${queries} queries), clip of ${CLIP_FRAMES} frames (0.5 s apart, off the stored grid, with noise) → top 5`);
  console.log(`${'frames'.padStart(7)} ${'where'.padEnd(12)} ${'kNN p50'.padStart(9)} ${'kNN p95'.padStart(9)} ${'clip p50'.padStart(9)} ${'clip p95'.padStart(9)}  clip right  ratio kNN / clip vs Node`);
  for (const frames of sizes) {
    const base = nodeBaseline(frames);
    console.log(`${String(frames).padStart(7)} ${'node (CPU)'.padEnd(12)} ${base.knn.toFixed(1).padStart(6)} ms ${''.padStart(9)} ${base.clip.toFixed(1).padStart(6)} ms`);
    for (const backend of backends) {
      const page = await browser.newPage();
      await openApp(page, PORT);
      try {
        const r = await testApi(page).benchSearch({ frames, videos: VIDEOS, dim: DIM, backend, queries, clipFrames: CLIP_FRAMES });
        const label = `${r.backend}${r.backend !== backend ? ` (asked ${backend})` : ''}`;
        console.log(`${String(frames).padStart(7)} ${label.padEnd(12)} ${median(r.knnMs).toFixed(1).padStart(6)} ms ${p95(r.knnMs).toFixed(1).padStart(6)} ms ${median(r.clipMs).toFixed(1).padStart(6)} ms ${p95(r.clipMs).toFixed(1).padStart(6)} ms  ${String(r.clipCorrect).padStart(3)}/${r.clipMs.length}      ${(median(r.knnMs) / base.knn).toFixed(2)} / ${(median(r.clipMs) / base.clip).toFixed(2)}`);
      } catch (e) {
        console.log(`${String(frames).padStart(7)} ${backend.padEnd(12)} failed: ${AppError.from(e, 'app').message.split('\n')[0]}`);
      }
      await page.close();
    }
  }
} finally {
  await browser.close();
  server.close();
}
