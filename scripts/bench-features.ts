// npm run bench:features — frames/s of feature extraction in the browser
// (onnxruntime-web on WebAssembly and on WebGPU, whatever adapter this
// machine has) and in onnxruntime-node on the same model and the same frames.
// Browser figures include decoding, cropping and resizing the stored frames;
// Node's are inference only, on the same crops prepared with ffmpeg. A model with an int8 build
// (decision 0010) is timed with both graphs, and its retrieval mAP on real photographs is given for
// both. Then the cost of running extraction beside PCA. BENCH_FEATURE_BACKENDS=wasm,webgpu
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { ModelManifest } from '../src/stages/features/models';
import { isBundled } from '../src/stages/features/models';
import { GOOD_VIDEOS, ensureFixtures } from '../e2e/fixtures';
import { ensureBuild, launchChromium, openApp, serveDist } from './lib/browser';
import { testApi } from '../e2e/testApi';
import { embed } from './lib/onnxNode';
import { availablePhotos, photoViews } from './lib/photos';
import { retrievalScores } from '../src/stages/features/retrieval';
import type { BundledModelSpec } from '../src/stages/features/models';

const BATCH = 8;
/** BENCH_FEATURE_BACKENDS=wasm skips WebGPU (one batch on a software adapter takes minutes). */
const only = process.env.BENCH_FEATURE_BACKENDS?.split(',');
const manifest = JSON.parse(readFileSync('public/models/models.json', 'utf8')) as ModelManifest;
ensureFixtures();
ensureBuild();
const video = GOOD_VIDEOS[0]!; // 1280×720 → 534×300 frames: two crops each
// The features worker gives onnxruntime-web a thread per core (cross-origin isolated, up to 16); Node gets the same.
const threads = Math.min(16, availableParallelism());

/** The stored frames' left/right squares, as the browser cuts them, resized with ffmpeg. */
function nodeCrops(size: number, frames: number): Float32Array[] {
  const out: Float32Array[] = [];
  for (const x of ['0', 'iw-ih']) {
    const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', video.path, '-vf', `select=not(mod(n\\,20)),scale=-2:300,crop=ih:ih:${x}:0,scale=${size}:${size}:flags=area`, '-fps_mode', 'passthrough', '-frames:v', String(frames), '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 1 << 28 });
    const plane = size * size * 3;
    for (let i = 0; i < raw.length / plane; i++) out.push(Float32Array.from(raw.subarray(i * plane, (i + 1) * plane)));
  }
  return out;
}

/** Same-scene retrieval (decision 0003's measurement) of the float and the int8 graph, in onnxruntime-node. */
async function int8Quality(spec: BundledModelSpec, files: string[]): Promise<string> {
  const photos = availablePhotos();
  if (photos.length < 12) return `${spec.id}: mAP not measured (install the photo packages: apt-get install mate-backgrounds ukui-wallpapers)`;
  const views = photos.map((p) => photoViews(p, spec.inputSize));
  const labels = views.flatMap((v, i) => v.map(() => String(i)));
  const maps = [];
  for (const f of files) maps.push(retrievalScores(await embed(new Uint8Array(readFileSync(join('public/models', f))), views.flat(), spec.inputSize), labels).meanAveragePrecision);
  return `${spec.id}: same-scene mAP on ${photos.length} photographs × ${views[0]!.length} views: float ${maps[0]!.toFixed(3)}, int8 ${maps[1]!.toFixed(3)} (${(maps[1]! - maps[0]!).toFixed(3)})`;
}

// Node first, with no browser running beside it (a page left open keeps the CPU partly busy).
const nodeRows = new Map<string, [string, string, number][]>();
for (const spec of manifest.models.filter(isBundled)) {
  const crops = nodeCrops(spec.inputSize, 10_000); // every sampled frame of the video
  const rows: [string, string, number][] = [];
  for (const [graph, file] of [['float', spec.file], ...(spec.int8 ? [['int8', spec.int8]] : [])] as const) {
    const onnx = new Uint8Array(readFileSync(join('public/models', file)));
    await embed(onnx, crops.slice(0, 2), spec.inputSize, 2, threads); // warm up
    const t0 = performance.now();
    await embed(onnx, crops, spec.inputSize, BATCH * 2, threads);
    rows.push(['onnxruntime-node (CPU)', graph, crops.length / 2 / ((performance.now() - t0) / 1000)]);
  }
  nodeRows.set(spec.id, rows);
}

const server = await serveDist(4182, true);
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await openApp(page, 4182);
  await page.getByTestId('add-videos').setInputFiles(video.path);
  await page.locator('[data-testid=video-row][data-status=done]').waitFor({ timeout: 600_000 });
  const api = testApi(page);
  const frames = (await api.videos())[0]!.frames;
  const gpu = await page.waitForFunction(() => window.__frameAtlas.featureState().gpu).then((h) => h.jsonValue());
  console.log(`\nfeatures benchmark: ${frames} stored frames of ${video.name} (534×300, two crops each), batches of ${BATCH} frames`);
  console.log(`WebGPU adapter: ${gpu?.adapter ? `${gpu.description}${gpu.fallback ? ' (software)' : ''}` : 'none'}`);
  const pageThreads = await page.evaluate(() => (crossOriginIsolated ? Math.min(16, navigator.hardwareConcurrency) : 1));
  if (pageThreads !== threads) throw new Error(`the page has ${pageThreads} threads for onnxruntime-web, Node was given ${threads}`);
  console.log(`threads: ${threads} in the browser (WebAssembly) and in onnxruntime-node`);
  console.log(`${'model'.padEnd(12)} ${'runtime'.padEnd(26)} ${'graph'.padEnd(6)} ${'frames/s'.padStart(9)} ${'vs node float'.padStart(14)}`);
  const quality: string[] = [];
  for (const spec of manifest.models.filter(isBundled)) {
    await page.getByTestId('settings-toggle').click();
    await page.getByTestId('feature-model').selectOption(spec.id);
    await page.getByTestId('settings-toggle').click();
    await page.waitForFunction((id) => window.__frameAtlas.featureState().model?.value === id, spec.id);
    // Let the app finish its own work for this model first (extraction, then the layout it trains once every
    // video has features, then the map's tiles): nothing else may run while we time.
    await page.locator(`[data-testid=video-row][data-features="${frames}"]`).waitFor({ timeout: 900_000 });
    await page.waitForFunction((id) => window.__frameAtlas.layout()?.meta.model === id, spec.id, { timeout: 900_000, polling: 1000 });
    await page.locator('[data-testid=layout-status][data-state=ready]').waitFor({ timeout: 900_000 });
    await page.waitForTimeout(5_000);
    const indices = Array.from({ length: frames }, (_, i) => i);
    // WebAssembly runs the int8 build where the model has one (what the app uses), and the float graph beside it.
    const runs = [
      ...(!only || only.includes('wasm') ? [{ backend: 'wasm' as const, float: false }, ...(spec.int8 ? [{ backend: 'wasm' as const, float: true }] : [])] : []),
      ...(gpu?.adapter && (!only || only.includes('webgpu')) ? [{ backend: 'webgpu' as const, float: true }] : []),
    ];
    const rows: [string, string, number][] = [];
    for (const { backend, float } of runs) {
      await api.embedFrames(video.name, [0], backend, float); // load + warm up
      // A software WebGPU adapter is ~100× slower: one batch is enough to measure it.
      const n = backend === 'webgpu' && gpu?.fallback ? Math.min(frames, BATCH) : frames;
      const t0 = performance.now();
      for (let i = 0; i < n; i += BATCH) await api.embedFrames(video.name, indices.slice(i, Math.min(n, i + BATCH)), backend, float);
      const name = `browser ${backend === 'wasm' ? 'WebAssembly' : `WebGPU${gpu?.fallback ? ' (SwiftShader)' : ''}`}`;
      rows.push([name, spec.int8 && backend === 'wasm' && !float ? 'int8' : 'float', n / ((performance.now() - t0) / 1000)]);
    }
    rows.unshift(...nodeRows.get(spec.id)!);
    const node = rows.find(([r, g]) => r.startsWith('onnx') && g === 'float')![2];
    for (const [runtime, graph, rate] of rows) {
      console.log(`${spec.id.padEnd(12)} ${runtime.padEnd(26)} ${graph.padEnd(6)} ${rate.toFixed(2).padStart(9)} ${(rate / node).toFixed(3).padStart(14)}`);
    }
    if (spec.int8) quality.push(await int8Quality(spec, [spec.file, spec.int8]));
  }
  for (const line of quality) console.log(line);

  // Cores: extraction (WebAssembly, a thread per core) beside a 10k-frame PCA (the same) against one after the other:
  // the app lets them run side by side (docs/decisions/0005).
  const indices = Array.from({ length: frames }, (_, i) => i);
  const ROUNDS = 4; // the short fixture several times, to last about as long as the PCA
  const extract = async () => {
    const t0 = performance.now();
    for (let r = 0; r < ROUNDS; r++) {
      for (let i = 0; i < frames; i += BATCH) await api.embedFrames(video.name, indices.slice(i, Math.min(frames, i + BATCH)), 'wasm');
    }
    return (performance.now() - t0) / 1000;
  };
  const pca = async () => {
    const t0 = performance.now();
    await api.benchProjection({ frames: 10_000, dim: 4096, videos: 50, pcaDim: 256, epochs: 0, backends: [], pcaRoutes: ['randomized'], umapMax: 0, seed: 1 });
    return (performance.now() - t0) / 1000;
  };
  const alone = [await extract(), await pca()];
  const t0 = performance.now();
  const [beside, pcaBeside] = await Promise.all([extract(), pca()]);
  const together = (performance.now() - t0) / 1000;
  console.log(`
cores: ${ROUNDS} × ${frames} frames of features (${manifest.models.filter(isBundled).at(-1)!.id}) and a 10k-frame PCA (incl. writing its synthetic features)`);
  console.log(`  one after the other: ${alone[0]!.toFixed(1)} + ${alone[1]!.toFixed(1)} = ${(alone[0]! + alone[1]!).toFixed(1)} s`);
  console.log(`  side by side:        ${together.toFixed(1)} s (features ${beside.toFixed(1)} s, PCA ${pcaBeside.toFixed(1)} s)`);
} finally {
  await browser.close();
  server.close();
}
