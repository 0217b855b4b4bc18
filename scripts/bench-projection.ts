// npm run bench:projection — PCA (4096 → 256) and autoencoder training time for
// synthetic 4096-d frames (10k and 100k by default) on the tfjs backends this
// browser offers, and trustworthiness/continuity of autoencoder vs UMAP vs PCA
// on the same data. BENCH_FRAMES=10000,100000 BENCH_BACKENDS=webgl,webgpu,cpu BENCH_EPOCHS=5
import { ensureBuild, launchChromium, openApp, serveDist } from './lib/browser';
import { AppError } from '../src/core/errors';
import { testApi } from '../e2e/testApi';
import type { BenchRequest } from '../src/stages/projection';

const sizes = (process.env.BENCH_FRAMES ?? '10000,100000').split(',').map(Number);
const backends = (process.env.BENCH_BACKENDS ?? 'webgpu,webgl').split(',');
const epochs = Number(process.env.BENCH_EPOCHS ?? 5);

ensureBuild();
const server = await serveDist(4183, true);
const browser = await launchChromium();
try {
  console.log(`projection benchmark: synthetic 4096-d frames (50 random-walk "videos"), PCA → 256, autoencoder ${epochs} epochs (batch 256), quality at k = 10 on 1000 sampled queries; UMAP up to 10,000 frames`);
  console.log(`${'frames'.padStart(7)} ${'backend'.padEnd(8)} ${'PCA s'.padStart(7)} ${'kept'.padStart(6)} ${'AE s/ep'.padStart(8)} | ${'method'.padEnd(11)} ${'time s'.padStart(7)} ${'trust'.padStart(6)} ${'contin'.padStart(6)} ${'recall'.padStart(6)} ${'sameVid'.padStart(7)}`);
  for (const frames of sizes) {
    for (const backend of backends) {
      const page = await browser.newPage();
      await openApp(page, 4183);
      const req: BenchRequest = { frames, dim: 4096, videos: 50, pcaDim: 256, epochs, backend, umapMax: 10_000, seed: 1 };
      try {
        const r = await testApi(page).benchProjection(req);
        r.methods.forEach((m, i) => {
          const head = i === 0 ? `${String(frames).padStart(7)} ${backend.padEnd(8)} ${r.pcaSeconds.toFixed(1).padStart(7)} ${(100 * r.retained).toFixed(1).padStart(5)}% ${r.aeSecondsPerEpoch.toFixed(2).padStart(8)}` : ' '.repeat(41);
          console.log(`${head} | ${m.method.padEnd(11)} ${m.seconds.toFixed(1).padStart(7)} ${m.trustworthiness.toFixed(3).padStart(6)} ${m.continuity.toFixed(3).padStart(6)} ${m.recall.toFixed(3).padStart(6)} ${m.sameVideo.toFixed(3).padStart(7)}`);
        });
      } catch (e) {
        console.log(`${String(frames).padStart(7)} ${backend.padEnd(8)} failed: ${AppError.from(e, 'app').message.split('\n')[0]}`);
      }
      await page.close();
    }
  }
} finally {
  await browser.close();
  server.close();
}
