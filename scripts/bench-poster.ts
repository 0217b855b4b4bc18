// npm run bench:poster — time and peak memory of PNG posters about 6k, 12k and
// 20k px square, exported through the UI ("Download") from a synthetic
// 10,000-frame project, every tile a frame (gapless). Memory is the resident size of all Chromium processes
// (sampled every 200 ms) above what they held just before the export.
// BENCH_POSTER_SIDES=6000,12000,20000
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { ensureBuild, launchChromium, openApp, serveDist } from './lib/browser';
import { testApi } from '../e2e/testApi';

const sides = (process.env.BENCH_POSTER_SIDES ?? '6000,12000,20000').split(',').map(Number);
const PORT = 4186;
const TILE_W = 534, TILE_H = 300;

/** Resident memory of every chromium process now, in bytes. */
function chromiumRss(): number {
  try {
    const out = execFileSync('ps', ['-C', 'chromium', '-o', 'rss='], { encoding: 'utf8' });
    return out.split('\n').reduce((s, l) => s + (Number(l.trim()) || 0), 0) * 1024;
  } catch {
    return 0;
  }
}

ensureBuild();
const server = await serveDist(PORT, true);
const browser = await launchChromium();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  await openApp(page, PORT);
  await page.waitForFunction(() => !!document.querySelector('[data-testid=backend]')?.getAttribute('data-model'), null, { timeout: 120_000 });
  const api = testApi(page);
  await api.seedSynthetic({ videos: 20, framesPerVideo: 500 });
  await page.reload();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=map]')?.getAttribute('data-tiles')) > 0, null, { timeout: 120_000 });
  await page.getByTestId('poster-open').click();
  // Gapless with fixed rows: every tile gets a frame (10,000 frames fill even the 20k poster's 2,479 tiles), as in a real poster.
  await page.getByTestId('poster-gapless').check();
  console.log(`poster benchmark: synthetic 10,000-frame project, ${TILE_W} × ${TILE_H} tiles, PNG streamed in strips of one tile row`);
  console.log(`${'poster px'.padStart(15)} ${'tiles'.padStart(6)} ${'frames'.padStart(6)} ${'time s'.padStart(7)} ${'MB/s out'.padStart(8)} ${'file MB'.padStart(8)} ${'peak MB'.padStart(8)} (above ${'base MB'.padStart(5)})`);
  for (const side of sides) {
    const columns = Math.round(side / TILE_W), rows = Math.round(side / TILE_H);
    for (const [id, v] of Object.entries({ 'center-x': '0', 'center-y': '0', window: '2.2', columns: String(columns), rows: String(rows), 'tile-width': String(TILE_W), 'tile-height': String(TILE_H) }))
      await page.getByTestId(`poster-${id}`).fill(v);
    const frames = (await api.posterPlan())!.cells.filter(Boolean).length;
    await page.waitForTimeout(3000); // let the preview settle
    const base = chromiumRss();
    let peak = base;
    const sampler = setInterval(() => (peak = Math.max(peak, chromiumRss())), 200);
    const t0 = Date.now();
    const dl = page.waitForEvent('download', { timeout: 1_800_000 });
    await page.getByTestId('poster-download').click();
    const file = await (await dl).path();
    const seconds = (Date.now() - t0) / 1000;
    clearInterval(sampler);
    const bytes = statSync(file).size;
    const w = columns * TILE_W, h = rows * TILE_H;
    console.log(
      `${`${w} × ${h}`.padStart(15)} ${String(columns * rows).padStart(6)} ${String(frames).padStart(6)} ${seconds.toFixed(1).padStart(7)} ${(bytes / 2 ** 20 / seconds).toFixed(1).padStart(8)} ${(bytes / 2 ** 20).toFixed(0).padStart(8)} ${((peak - base) / 2 ** 20).toFixed(0).padStart(8)} (above ${(base / 2 ** 20).toFixed(0).padStart(5)})`,
    );
    await (await dl).delete();
  }
} finally {
  await browser.close();
  server.close();
}
