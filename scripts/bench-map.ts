// npm run bench:map — the atlas with synthetic projects (random-walk layouts,
// drawn 534×300 WebP thumbnails in OPFS): time to the first view after a
// reload, and frame times of a scripted pan and zoom in thumbnail and point
// mode. BENCH_MAP_FRAMES=10000,100000 BENCH_MAP_STEPS=120 BENCH_MAP_DEBUG=1 (page console)
import { ensureBuild, launchChromium, openApp, serveDist } from './lib/browser';
import { testApi } from '../e2e/testApi';

const sizes = (process.env.BENCH_MAP_FRAMES ?? '10000,100000').split(',').map(Number);
const steps = Number(process.env.BENCH_MAP_STEPS ?? 120);
const PORT = 4185;

function figures(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  const mean = ms.reduce((a, b) => a + b, 0) / ms.length;
  return `${(1000 / mean).toFixed(1).padStart(5)} fps  p50 ${q(0.5).toFixed(1).padStart(6)} ms  p95 ${q(0.95).toFixed(1).padStart(6)} ms  max ${s[s.length - 1]!.toFixed(0).padStart(5)} ms`;
}

ensureBuild();
const server = await serveDist(PORT, true);
const browser = await launchChromium();
try {
  console.log(`map benchmark: synthetic projects (videos of 500–1000 frames as random walks), viewport 1280×800, ${steps} animation frames per script`);
  for (const frames of sizes) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    if (process.env.BENCH_MAP_DEBUG) page.on('console', (m) => console.log('   ', m.text()));
    await openApp(page, PORT);
    await page.waitForFunction(() => !!document.querySelector('[data-testid=backend]')?.getAttribute('data-model'), null, { timeout: 120_000 });
    const perVideo = frames >= 50_000 ? 1000 : 500;
    const t0 = Date.now();
    const api = testApi(page);
    const seeded = await api.seedSynthetic({ videos: Math.ceil(frames / perVideo), framesPerVideo: perVideo });
    console.log(`\n${frames.toLocaleString('en')} frames: seeded ${(seeded.bytes / 2 ** 20).toFixed(0)} MB of thumbnails in ${((Date.now() - t0) / 1000).toFixed(0)} s`);

    // First view: from the reload's navigation start to thumbnails on screen, and to every tile in view drawn.
    // The first reload draws tiles from the frames; later ones find them in the OPFS tile cache.
    for (let run = 0; run < 3; run++) {
      await page.reload();
      await page.waitForFunction(() => Number(document.querySelector('[data-testid=map]')?.getAttribute('data-tiles')) > 0, null, { polling: 'raf', timeout: 120_000 });
      const first = await page.evaluate(() => performance.now());
      await page.waitForFunction(() => window.__frameAtlas.mapState()?.pending === 0, null, { polling: 'raf', timeout: 120_000 });
      const complete = await page.evaluate(() => performance.now());
      const s = (await api.mapState())!;
      const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => `${m.name} ${m.startTime.toFixed(0)}`).join(', '));
      await page.waitForTimeout(2000); // lets the tile cache finish writing
      console.log(`  reload ${run + 1}: first thumbnails after ${first.toFixed(0)} ms, view complete after ${complete.toFixed(0)} ms (${s.tiles} thumbnails, level ${s.level}/${s.maxLevel}); ms since navigation: ${marks}`);
    }

    // What this browser's frame loop gives with nothing moving: the ceiling for the figures below.
    await page.waitForTimeout(1500);
    console.log(`  idle       : ${figures(await api.mapAnimate('idle', steps))}`);
    for (const mode of ['tiles', 'points'] as const) {
      await api.mapSetMode(mode);
      for (const kind of ['pan', 'zoom'] as const) {
        await api.mapReset();
        await page.waitForTimeout(1500);
        const ms = await api.mapAnimate(kind, steps);
        console.log(`  ${mode.padEnd(6)} ${kind.padEnd(4)}: ${figures(ms)}`);
      }
    }
    await context.close();
  }
  console.log('\nRendering is WebGL on this machine\'s GPU (SwiftShader, a CPU rasteriser, where there is none); tiles are drawn by a worker from OPFS.');
} finally {
  await browser.close();
  server.close();
}
