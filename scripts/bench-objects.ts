// npm run bench:objects — how fast objects and faces are looked for in stored frames (the detect worker: CenterNet,
// BlazeFace + FaceMesh, FaceRes on tfjs), in frames per second, with objects and faces together and each alone;
// beside the same video's ingest (the dense pass) in the same run. No native build of these models exists on this
// machine (they ship as tfjs graph models), so the ingest of the same frames is the yardstick: how much longer
// detection keeps the machine busy after the map is complete.
// BENCH_MINUTES (default 2): a 1280×720 slideshow of photographs with people, a motorcycle, a cat, a cup and
// meadows (made here into bench/.out, never committed), every 20th frame kept. BENCH_PORT (default 4187).
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { ensureBuild, launchChromium, openApp, serveDist } from './lib/browser';
import { testApi } from '../e2e/testApi';
import { ensureSlideshowVideos } from '../e2e/fixtures';

const OUT = resolve('bench/.out');
const MINUTES = Number(process.env.BENCH_MINUTES ?? 2);
const PORT = Number(process.env.BENCH_PORT ?? 4187);
const FILE = join(OUT, `objects-${MINUTES}min.mp4`);

mkdirSync(OUT, { recursive: true });
// the e2e slideshows (three 12 s videos), looped to the length asked for
const parts = ensureSlideshowVideos().map((v) => v.path);
execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...parts.flatMap((p) => ['-i', p]),
  '-filter_complex', `${parts.map((_, k) => `[${k}:v]`).join('')}concat=n=${parts.length}:v=1:a=0,loop=loop=-1:size=${36 * 25}`,
  '-t', String(MINUTES * 60), '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-g', '50', FILE]);
ensureBuild();

interface Run {
  what: string;
  frames: number;
  rate: number;
  seconds: number;
  ingest: number;
  backend: string | null;
}

async function run(page: Page, what: string, want: { objects: boolean; faces: boolean }): Promise<Run> {
  const api = testApi(page);
  await page.getByTestId('settings-toggle').click();
  for (const kind of ['objects', 'faces'] as const) {
    const box = page.getByTestId(`detect-${kind}`);
    if ((await box.isChecked()) !== want[kind]) await box.click();
  }
  await page.getByTestId('settings-toggle').click();
  await page.getByTestId('add-videos').setInputFiles(FILE);
  await page.getByTestId('layout-status').and(page.locator('[data-state=ready]')).waitFor({ timeout: 3_600_000 });
  await page.waitForFunction(() => window.__frameAtlas.detectStatus().state === 'ready', null, { timeout: 3_600_000, polling: 1000 });
  const s = await api.detectStatus();
  const v = (await api.videos())[0]!;
  return { what, frames: s.done, rate: s.rate ?? NaN, seconds: s.seconds, ingest: v.decodeSeconds ?? NaN, backend: s.backend };
}

const server = await serveDist(PORT, true);
const browser = await launchChromium();
try {
  const rows: Run[] = [];
  for (const [what, want] of [['objects and faces', { objects: true, faces: true }], ['objects alone', { objects: true, faces: false }], ['faces alone', { objects: false, faces: true }]] as const) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await openApp(page, PORT);
    rows.push(await run(page, what, want));
    await context.close();
  }
  console.log(`\n${MINUTES} min 1280×720 slideshow, every 20th frame (${rows[0]!.frames} frames), ${rows[0]!.backend ?? '?'} backend\n`);
  console.log('| what | frames/s | ms a frame | detection, models loaded included | ingest of the same video | detection ÷ ingest |\n| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) console.log(`| ${r.what} | ${r.rate.toFixed(1)} | ${(1000 / r.rate).toFixed(0)} | ${r.seconds.toFixed(1)} s | ${r.ingest.toFixed(1)} s | ${(r.seconds / r.ingest).toFixed(2)}× |`);
} finally {
  await browser.close();
  server.close();
}
