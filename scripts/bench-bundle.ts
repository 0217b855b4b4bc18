// npm run bench:bundle — project bundles (docs/BUNDLE.md) of a synthetic
// project (random-walk layout, drawn 534×300 WebP thumbnails in OPFS): export
// through Share → Export bundle to the download, then import into a fresh
// profile until its map is back, with the MB/s of each and the peak resident
// memory of the renderer (page and workers) while it runs. Native `tar` packing
// and unpacking the same files in the same run is the baseline.
// Then a published atlas (docs/PUBLISH.md, default options) of a synthetic
// project: the time to publish, its size per 10k frames (and what makes it up),
// and the viewer's first view from a plain static server (first tile, view full).
// BENCH_BUNDLE_FRAMES=100000, BENCH_PUBLISH_FRAMES=10000 (comma-separated for several sizes; 0 skips)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { testApi } from '../e2e/testApi';
import { ensureBuild, launchChromium, openApp, serveDist } from './lib/browser';
import { chromiumMemory } from './lib/processes';
import { serveFolder } from '../e2e/staticServer';

const sizes = (process.env.BENCH_BUNDLE_FRAMES ?? '100000').split(',').map(Number).filter((n) => n > 0);
const publishSizes = (process.env.BENCH_PUBLISH_FRAMES ?? '10000').split(',').map(Number).filter((n) => n > 0);
const PORT = 4187;
const MB = 2 ** 20;

/** Runs `work` while sampling the renderer's resident memory; returns its result, the seconds and the peak (MiB). */
async function measured<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number; peak: number; base: number }> {
  const base = chromiumMemory().renderer;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, chromiumMemory().renderer)), 250);
  const t0 = performance.now();
  try {
    const result = await work();
    return { result, seconds: (performance.now() - t0) / 1000, peak, base };
  } finally {
    clearInterval(timer);
  }
}

async function share(page: Page): Promise<void> {
  await page.click('[data-testid=share-toggle]');
  await page.waitForSelector('[data-testid=bundle-export]:not([disabled])', { timeout: 120_000 });
}

/** Seconds of a native command (best of two). */
function native(cmd: string, cwd: string): number {
  let best = Infinity;
  for (let i = 0; i < 2; i++) {
    const t0 = performance.now();
    const r = spawnSync('bash', ['-c', cmd], { cwd, stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`${cmd} failed`);
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return best;
}

/** Bytes under a folder, by its first path segment. */
function sizesOf(root: string): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (d: string, top: string | null) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name), key = top ?? (e.isDirectory() ? `${e.name}/` : e.name);
      if (e.isDirectory()) walk(p, key);
      else out.set(key, (out.get(key) ?? 0) + statSync(p).size);
    }
  };
  walk(root, null);
  return out;
}

/** Publish a synthetic project, serve the folder plainly and time the viewer's first view. */
async function publishBench(frames: number): Promise<void> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await openApp(page, PORT);
  await page.waitForFunction(() => !!document.querySelector('[data-testid=backend]')?.getAttribute('data-model'), null, { timeout: 120_000 });
  await testApi(page).seedSynthetic({ videos: Math.ceil(frames / 1000), framesPerVideo: 1000 });
  await openApp(page, PORT);
  await page.click('[data-testid=share-toggle]');
  await page.waitForSelector('[data-testid=publish-atlas]:not([disabled])', { timeout: 120_000 });
  const zip = join(dir, `published-${frames}.zip`);
  const out = await measured(async () => {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 3_600_000 }), page.click('[data-testid=publish-atlas]')]);
    await download.saveAs(zip);
  });
  const said = await page.textContent('[data-testid=publish-status]');
  await ctx.close();
  const bytes = statSync(zip).size;
  const folder = join(dir, `published-${frames}`);
  mkdirSync(folder);
  execFileSync('python3', ['-m', 'zipfile', '-e', zip, folder]);
  const parts = [...sizesOf(folder)].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${(n / MB).toFixed(1)}`).join(', ');
  console.log(`\npublished atlas, ${frames.toLocaleString('en')} frames: ${said}`);
  console.log(`  ${(bytes / MB).toFixed(1)} MiB = ${((bytes / MB) * (10_000 / frames)).toFixed(1)} MiB per 10k frames (${parts} MiB); publish ${out.seconds.toFixed(1)} s, renderer RSS ${out.base.toFixed(0)} → peak ${out.peak.toFixed(0)} MiB`);
  const host = await serveFolder(folder);
  const viewer = await (await browser.newContext()).newPage();
  try {
    const t0 = performance.now();
    await viewer.goto(`${host.origin}/index.html`);
    await viewer.waitForFunction(() => Number(document.querySelector('[data-testid=viewer-map]')?.getAttribute('data-tiles')) > 0, null, { timeout: 120_000 });
    const first = performance.now() - t0;
    // The view is full once no tile has arrived for a second.
    let last = -1, stableSince = performance.now(), full = first;
    while (performance.now() - stableSince < 1000) {
      const n = Number(await viewer.getAttribute('[data-testid=viewer-map]', 'data-tiles'));
      if (n !== last) {
        last = n;
        stableSince = performance.now();
        full = stableSince - t0;
      }
      await viewer.waitForTimeout(50);
    }
    console.log(`  viewer from a plain static server: first tile ${first.toFixed(0)} ms, first view full (${last} tiles) ${full.toFixed(0)} ms; ${host.requests.length} requests`);
  } finally {
    await viewer.context().close();
    await host.close();
    rmSync(folder, { recursive: true, force: true });
    rmSync(zip, { force: true });
  }
}

ensureBuild();
const server = await serveDist(PORT, true);
const browser = await launchChromium();
const dir = mkdtempSync(join(tmpdir(), 'bench-bundle-'));
try {
  console.log('bundle benchmark: synthetic projects (videos of 1000 frames, 534×300 WebP thumbnails, a random-walk layout)');
  for (const frames of sizes) {
    const a = await browser.newContext();
    const page = await a.newPage();
    await openApp(page, PORT);
    await page.waitForFunction(() => !!document.querySelector('[data-testid=backend]')?.getAttribute('data-model'), null, { timeout: 120_000 });
    const t0 = Date.now();
    const seeded = await testApi(page).seedSynthetic({ videos: Math.ceil(frames / 1000), framesPerVideo: 1000 });
    console.log(`\n${frames.toLocaleString('en')} frames: seeded ${(seeded.bytes / MB).toFixed(0)} MB of thumbnails in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    await openApp(page, PORT);
    await share(page);
    const file = join(dir, `project-${frames}.atlas`);
    const out = await measured(async () => {
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 1_800_000 }), page.click('[data-testid=bundle-export]')]);
      await download.saveAs(file);
    });
    const bytes = statSync(file).size;
    console.log(`  export: ${(bytes / MB).toFixed(0)} MB in ${out.seconds.toFixed(1)} s = ${(bytes / MB / out.seconds).toFixed(0)} MB/s (to the saved download); renderer RSS ${out.base.toFixed(0)} → peak ${out.peak.toFixed(0)} MiB`);
    await a.close();

    const b = await browser.newContext();
    const fresh = await b.newPage();
    await openApp(fresh, PORT);
    await share(fresh);
    const inn = await measured(async () => {
      const reopened = fresh.waitForEvent('load', { timeout: 1_800_000 });
      await fresh.setInputFiles('[data-testid=bundle-import]', file);
      await reopened;
      await fresh.waitForFunction((n) => Number(document.querySelector('[data-testid=map]')?.getAttribute('data-frames')) === n, frames, { timeout: 600_000 });
    });
    console.log(`  import: ${(bytes / MB / inn.seconds).toFixed(0)} MB/s, ${inn.seconds.toFixed(1)} s until the map is back (checked, written, reopened); renderer RSS ${inn.base.toFixed(0)} → peak ${inn.peak.toFixed(0)} MiB`);
    await b.close();

    // Native tar on the same files: unpack the bundle, pack them again.
    const unpack = native(`rm -rf x && mkdir x && tar -xf ${file} -C x`, dir);
    const pack = native(`tar -cf again.tar -C x .`, dir);
    console.log(`  native tar: unpack ${(bytes / MB / unpack).toFixed(0)} MB/s, pack ${(bytes / MB / pack).toFixed(0)} MB/s; export at ${((bytes / MB / out.seconds) / (bytes / MB / pack)).toFixed(2)}× and import at ${((bytes / MB / inn.seconds) / (bytes / MB / unpack)).toFixed(2)}× native`);
    rmSync(join(dir, 'x'), { recursive: true, force: true });
    rmSync(join(dir, 'again.tar'), { force: true });
    rmSync(file, { force: true });
  }
  for (const frames of publishSizes) await publishBench(frames);
} finally {
  await browser.close();
  server.close();
  rmSync(dir, { recursive: true, force: true });
}
