// npm run bench:features — frames/s of feature extraction in the browser
// (onnxruntime-web on WebAssembly and on WebGPU, whatever adapter this
// machine has) and in onnxruntime-node on the same model and the same frames.
// Browser figures include decoding, cropping and resizing the stored frames;
// Node's are inference only, on the same crops prepared with ffmpeg. Then the cost of running
// extraction beside PCA. BENCH_FEATURE_BACKENDS=wasm,webgpu
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelManifest } from '../src/stages/features/models';
import { isBundled } from '../src/stages/features/models';
import { GOOD_VIDEOS, ensureFixtures } from '../e2e/fixtures';
import { ensureBuild, launchChromium, openApp, serveDist } from './lib/browser';
import { testApi } from '../e2e/testApi';
import { embed } from './lib/onnxNode';

const BATCH = 8;
/** BENCH_FEATURE_BACKENDS=wasm skips WebGPU (one batch on a software adapter takes minutes). */
const only = process.env.BENCH_FEATURE_BACKENDS?.split(',');
const manifest = JSON.parse(readFileSync('public/models/models.json', 'utf8')) as ModelManifest;
ensureFixtures();
ensureBuild();
const video = GOOD_VIDEOS[0]!; // 1280×720 → 534×300 frames: two crops each

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
  // The features worker gives onnxruntime-web a thread per core (cross-origin isolated); Node gets the same count.
  const threads = await page.evaluate(() => (crossOriginIsolated ? Math.min(16, navigator.hardwareConcurrency) : 1));
  console.log(`threads: ${threads} in the browser (WebAssembly) and in onnxruntime-node`);
  console.log(`${'model'.padEnd(12)} ${'runtime'.padEnd(26)} ${'frames/s'.padStart(9)} ${'vs node'.padStart(8)}`);
  for (const spec of manifest.models.filter(isBundled)) {
    await page.getByTestId('settings-toggle').click();
    await page.getByTestId('feature-model').selectOption(spec.id);
    await page.getByTestId('settings-toggle').click();
    await page.waitForFunction((id) => window.__frameAtlas.featureState().model?.value === id, spec.id);
    // Let the app finish its own extraction for this model first: nothing else may run while we time.
    await page.locator(`[data-testid=video-row][data-features="${frames}"]`).waitFor({ timeout: 900_000 });
    const indices = Array.from({ length: frames }, (_, i) => i);
    const rates: Record<string, number> = {};
    for (const backend of (gpu?.adapter ? (['wasm', 'webgpu'] as const) : (['wasm'] as const)).filter((b) => !only || only.includes(b))) {
      await api.embedFrames('city-h264.mp4', [0], backend); // load + warm up
      // A software WebGPU adapter is ~100× slower: one batch is enough to measure it.
      const n = backend === 'webgpu' && gpu?.fallback ? Math.min(frames, BATCH) : frames;
      const t0 = performance.now();
      for (let i = 0; i < n; i += BATCH) {
        await api.embedFrames('city-h264.mp4', indices.slice(i, Math.min(n, i + BATCH)), backend);
      }
      rates[backend] = n / ((performance.now() - t0) / 1000);
    }
    const onnx = new Uint8Array(readFileSync(join('public/models', spec.file)));
    const crops = nodeCrops(spec.inputSize, frames);
    await embed(onnx, crops.slice(0, 2), spec.inputSize, 2, threads); // warm up
    const t0 = performance.now();
    await embed(onnx, crops, spec.inputSize, BATCH * 2, threads);
    const node = crops.length / 2 / ((performance.now() - t0) / 1000);
    console.log(`${spec.id.padEnd(12)} ${'onnxruntime-node (CPU)'.padEnd(26)} ${node.toFixed(2).padStart(9)} ${'1.000'.padStart(8)}`);
    for (const [b, r] of Object.entries(rates)) {
      console.log(`${spec.id.padEnd(12)} ${`browser ${b === 'wasm' ? 'WebAssembly' : `WebGPU${gpu?.fallback ? ' (SwiftShader)' : ''}`}`.padEnd(26)} ${r.toFixed(2).padStart(9)} ${(r / node).toFixed(3).padStart(8)}`);
    }
  }

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
