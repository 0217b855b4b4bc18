// npm run bench:clusters — finding groups at 10k and 100k synthetic frames (planted coarse and fine groups with
// noise, 256-d unit rows like the search index): the fit on the evenly spread sample (HDBSCAN + coarse cut), then
// every frame placed in chunks as the app streams them, with time, memory and the agreement with the planted truth.
// It runs the very modules clusters.worker runs, in Node on this machine.
// BENCH_CLUSTER_FRAMES=10000,100000
import { thinIndices } from '../src/core/thin';
import { adjustedRand } from '../src/stages/clusters/adjustedRand';
import { assignRows, fitClusters, lineage, MAX_SAMPLE } from '../src/stages/clusters/clustering';
import { plantedClusters } from '../src/stages/clusters/syntheticClusters';

const sizes = (process.env.BENCH_CLUSTER_FRAMES ?? '10000,100000').split(',').map(Number);
const DIM = 256, CHUNK = 4096;
const mib = (b: number) => (b / 2 ** 20).toFixed(0);

for (const frames of sizes) {
  // 8 coarse groups of 5 fine ones each; 5 % noise.
  const perFine = Math.round(frames / 40 / 1.05);
  const p = plantedClusters({ coarse: 8, finePerCoarse: 5, perFine, noise: 0.05, dim: DIM, seed: 11 });
  const n = p.fine.length;
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const watch = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  const pick = thinIndices(n, MAX_SAMPLE);
  const sample = new Float32Array(pick.length * DIM);
  pick.forEach((r, i) => sample.set(p.rows.subarray(r * DIM, (r + 1) * DIM), i * DIM));
  const model = fitClusters(sample, DIM);
  const fitMs = performance.now() - t0;
  const finest = new Int32Array(n);
  for (let at = 0; at < n; at += CHUNK) {
    finest.set(assignRows(model, p.rows.subarray(at * DIM, Math.min(n, at + CHUNK) * DIM), DIM), at);
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  const totalMs = performance.now() - t0;
  clearInterval(watch);
  const top = Int32Array.from(finest, (g) => (g < 0 ? -1 : lineage(model.groups, g).at(-1)!));
  const noise = [...p.fine.keys()].filter((i) => p.fine[i] === -1);
  console.log(
    `${n.toLocaleString()} frames: fit on ${pick.length} in ${(fitMs / 1000).toFixed(1)} s, all placed in ${(totalMs / 1000).toFixed(1)} s `
    + `(${((totalMs - fitMs) / n * 1000).toFixed(0)} µs/frame); peak RSS ${mib(peak)} MiB (+${mib(peak - rss0)} over the rows' ${mib(p.rows.byteLength)} MiB); `
    + `${model.groups.filter((g) => g.parent < 0).length} top groups, ${model.groups.filter((g) => g.parent >= 0).length} finer; `
    + `ARI top ${adjustedRand(top, p.coarse).toFixed(3)}, fine ${adjustedRand(finest, p.fine).toFixed(3)}; noise found ${(100 * noise.filter((i) => finest[i] === -1).length / Math.max(1, noise.length)).toFixed(0)} %`,
  );
}
