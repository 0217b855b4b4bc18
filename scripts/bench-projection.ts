// npm run bench:projection — PCA (4096 → 256) and autoencoder epochs on
// synthetic 4096-d frames (10k and 100k by default) in the app (test build,
// system Chromium, cross-origin isolated), against a native baseline in the
// same run on the same rows: scikit-learn's randomized PCA and the same
// autoencoder in PyTorch (Debian's python3-sklearn / python3-torch; the bench
// installs nothing and says when they are missing). Also prints layout quality
// of autoencoder vs PCA-2D vs UMAP.
// BENCH_FRAMES=10000,100000 BENCH_BACKENDS=auto,wasm,webgl BENCH_EPOCHS=3 BENCH_ROUTES=randomized,covariance
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuild, launchChromium, openApp, serveDist } from './lib/browser';
import { AppError } from '../src/core/errors';
import { testApi } from '../e2e/testApi';
import type { BenchRequest } from '../src/stages/projection';
import type { PcaRoute } from '../src/stages/projection/pca';
import { syntheticRows } from '../src/stages/projection/syntheticFeatures';

const sizes = (process.env.BENCH_FRAMES ?? '10000,100000').split(',').map(Number);
const backends = (process.env.BENCH_BACKENDS ?? 'auto,wasm,webgl').split(',');
const epochs = Number(process.env.BENCH_EPOCHS ?? 3);
/** The covariance route at 10k is the exact reference for retained variance; at 100k it is only slow. */
const routesFor = (frames: number) => (process.env.BENCH_ROUTES?.split(',') ?? (frames <= 20_000 ? ['randomized', 'covariance'] : ['randomized'])) as PcaRoute[];
const DIM = 4096, K = 256, VIDEOS = 50, SEED = 1;

interface Native {
  missing?: string;
  threads: number;
  pca_seconds?: number;
  retained?: number;
  ae_seconds_per_epoch?: number;
  torch_missing?: boolean;
}

/** A Python that has scikit-learn: Debian's first (a pyenv shim on PATH may lack it). */
function python(): string | null {
  for (const p of ['/usr/bin/python3', 'python3']) {
    try {
      execFileSync(p, ['-c', 'import sklearn, threadpoolctl'], { stdio: 'ignore' });
      return p;
    } catch {
      // try the next
    }
  }
  return null;
}

/** The bench's synthetic rows, written as raw float32 for the native run (the same generator the app's worker uses). */
function writeRows(frames: number, file: string): void {
  const fd = openSync(file, 'w');
  const spec = { frames, dim: DIM, videos: VIDEOS, seed: SEED };
  const perVideo = Math.ceil(frames / VIDEOS);
  // Chunks start at video boundaries, as the worker writes them (a walk restarts per video either way).
  for (let s = 0; s < frames; s += perVideo) {
    const { rows } = syntheticRows(spec, s, Math.min(perVideo, frames - s));
    writeSync(fd, new Uint8Array(rows.buffer));
  }
  closeSync(fd);
}

function native(py: string | null, frames: number, threads: number): Native {
  if (!py) return { missing: 'python3-sklearn (apt-get install python3-sklearn python3-torch)', threads };
  const dir = mkdtempSync(join(tmpdir(), 'bench-projection-'));
  try {
    const file = join(dir, 'rows.f32');
    writeRows(frames, file);
    const out = execFileSync(py, ['scripts/native/projection_baseline.py', file, String(frames), String(DIM), String(K), String(epochs), String(threads)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    return JSON.parse(out.trim().split('\n').at(-1)!) as Native;
  } catch (e) {
    return { missing: `native run failed: ${AppError.from(e, 'app').message.split('\n')[0]}`, threads };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const f = (v: number | undefined, digits = 1) => (v === undefined || Number.isNaN(v) ? '—' : v.toFixed(digits));

ensureBuild();
const server = await serveDist(4183, true);
const browser = await launchChromium();
const py = python();
try {
  const threads = await (async () => {
    const page = await browser.newPage();
    await openApp(page, 4183);
    const t = await page.evaluate(() => navigator.hardwareConcurrency);
    await page.close();
    return t;
  })();
  console.log(`projection benchmark: synthetic 4096-d frames (${VIDEOS} random-walk "videos") stored as float16 in OPFS, PCA → ${K}, autoencoder ${epochs} epochs (batch 256); ${threads} threads for the app and the native baseline`);
  if (!py) console.log('native baseline missing: no python3 with scikit-learn (Debian: apt-get install python3-sklearn python3-torch); app figures only');
  for (const frames of sizes) {
    const page = await browser.newPage();
    await openApp(page, 4183);
    const req: BenchRequest = { frames, dim: DIM, videos: VIDEOS, pcaDim: K, epochs, backends, pcaRoutes: routesFor(frames), umapMax: 10_000, seed: SEED };
    try {
      const r = await testApi(page).benchProjection(req);
      const nat = native(py, frames, threads);
      console.log(`\n${frames.toLocaleString('en')} frames — PCA products on ${r.engine}; synthetic features written in ${f(r.writeSeconds)} s (not timed below)`);
      for (const p of r.pca) {
        const ratio = nat.pca_seconds ? ` = ${f(p.seconds / nat.pca_seconds, 2)}× native` : '';
        console.log(`  PCA ${p.route.padEnd(10)} ${String(p.passes)} passes  ${f(p.seconds).padStart(7)} s  kept ${f(100 * p.retained, 2)} %${ratio}  (products ${f(p.productSeconds)} s, reading ${f(p.readSeconds)} s, the rest float64 JS)`);
      }
      if (nat.missing) console.log(`  native: ${nat.missing}`);
      else {
        console.log(`  PCA scikit-learn randomized ${f(nat.pca_seconds).padStart(7)} s  kept ${f(100 * nat.retained!, 2)} %  (${nat.threads} threads, incl. transform)`);
        const exact = r.pca.find((p) => p.route === 'covariance');
        const rand = r.pca.find((p) => p.route === 'randomized');
        if (exact && rand) console.log(`  retained variance, randomized vs exact (covariance route): ${f(100 * (exact.retained - rand.retained), 3)} points lower`);
      }
      if (r.backendTimings.length) console.log(`  training backend probe (4 batches): ${r.backendTimings.map((t) => `${t.backend} ${Number.isFinite(t.ms) ? `${t.ms.toFixed(0)} ms` : 'failed'}`).join(', ')}`);
      for (const a of r.ae) {
        const ratio = nat.ae_seconds_per_epoch ? ` = ${f(a.secondsPerEpoch / nat.ae_seconds_per_epoch, 2)}× native` : '';
        console.log(`  AE epoch on ${a.backend.padEnd(12)} ${f(a.secondsPerEpoch, 2).padStart(7)} s${ratio}`);
      }
      if (nat.ae_seconds_per_epoch) console.log(`  AE epoch PyTorch (CPU)    ${f(nat.ae_seconds_per_epoch, 2).padStart(7)} s`);
      else if (!nat.missing && nat.torch_missing) console.log('  AE native: python3-torch missing');
      console.log(`  ${'method'.padEnd(11)} ${'time s'.padStart(7)} ${'trust'.padStart(6)} ${'contin'.padStart(6)} ${'recall'.padStart(6)} ${'sameVid'.padStart(7)}`);
      for (const m of r.methods) {
        console.log(`  ${m.method.padEnd(11)} ${f(m.seconds).padStart(7)} ${m.trustworthiness.toFixed(3).padStart(6)} ${m.continuity.toFixed(3).padStart(6)} ${m.recall.toFixed(3).padStart(6)} ${m.sameVideo.toFixed(3).padStart(7)}`);
      }
    } catch (e) {
      console.log(`${frames} frames failed: ${AppError.from(e, 'app').message.split('\n')[0]}`);
    }
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
