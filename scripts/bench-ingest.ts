// npm run bench:ingest — sampled frames/s of the browser ingest (ffmpeg.wasm,
// multi- and single-threaded core, in system Chromium) against native ffmpeg
// running the very same command line on the same file, in the same run.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import type { VideoRecord } from '../src/state/videoRecord';
import { ensureBuild, launchChromium, openApp, serveDist } from './lib/browser';

interface Api {
  __frameAtlas: { videos(): VideoRecord[]; engine(): { threads: number; multiThreaded: boolean }; sampleArgs(input: string, threads: number): string[] };
}

const OUT = resolve('bench/.out');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const VIDEO = join(OUT, `bench-1080p-${SECONDS}s.mp4`);

mkdirSync(OUT, { recursive: true });
ensureBuild();
if (!existsSync(VIDEO)) {
  console.log(`generating ${VIDEO} (1920×1080, 30 fps, ${SECONDS} s, h264 with film-like noise)…`);
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=30:duration=${SECONDS},noise=alls=12:allf=t+u`,
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p', VIDEO]);
}
const sourceFrames = SECONDS * 30;

async function browserRun(browser: Browser, port: number, runs = 2) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await openApp(page, port);
  let best = Infinity;
  let frames = 0;
  for (let i = 0; i < runs; i++) {
    await page.getByTestId('add-videos').setInputFiles(VIDEO);
    const row = page.locator('[data-testid=video-row]');
    await row.and(page.locator('[data-status=done], [data-status=partial], [data-status=error]')).waitFor({ timeout: 1_200_000 });
    const [v] = await page.evaluate(() => (window as unknown as Api).__frameAtlas.videos());
    if (v!.status !== 'done') throw new Error(`browser ingest ended ${v!.status}: ${v!.reason}`);
    best = Math.min(best, v!.decodeSeconds!);
    frames = v!.frames;
    await row.getByTestId('video-remove').click();
    await row.waitFor({ state: 'detached' });
  }
  const engine = await page.evaluate(() => (window as unknown as Api).__frameAtlas.engine());
  const args = await page.evaluate(() => (window as unknown as Api).__frameAtlas.sampleArgs('INPUT', 1));
  await context.close();
  return { seconds: best, frames, engine, args };
}

function nativeRun(args: string[], threads: number, runs = 3): number {
  const cmd = args.map((a) => (a === 'INPUT' ? VIDEO : a));
  cmd[cmd.indexOf('-threads') + 1] = String(threads);
  cmd[cmd.length - 1] = '-'; // the frame device becomes a pipe we discard
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync('ffmpeg', ['-y', ...cmd], { stdio: ['ignore', 'ignore', 'ignore'], maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(`native ffmpeg failed (${r.status})`);
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return best;
}

const servers = [await serveDist(4180, true), await serveDist(4181, false)];
const browser = await launchChromium();
try {
  const mt = await browserRun(browser, 4180);
  const st = await browserRun(browser, 4181);
  const threads = mt.engine.threads;
  const native = nativeRun(mt.args, threads);
  const native1 = nativeRun(mt.args, 1);
  const kept = mt.frames;
  const row = (name: string, s: number) => `${name.padEnd(40)} ${s.toFixed(2).padStart(8)} s ${(kept / s).toFixed(1).padStart(9)} ${(sourceFrames / s).toFixed(1).padStart(10)} ${(native / s).toFixed(3).padStart(9)}`;
  console.log(`\ningest benchmark: ${VIDEO}\n${sourceFrames} source frames 1920×1080 → ${kept} kept frames (every 20th, 300 px high, WebP q80); best of 2 browser / 3 native runs`);
  console.log(`${'run'.padEnd(40)} ${'time'.padStart(10)} ${'kept f/s'.padStart(9)} ${'decoded f/s'.padStart(10)} ${'vs native'.padStart(9)}`);
  console.log(row(`native ffmpeg, ${threads} threads`, native));
  console.log(row('native ffmpeg, 1 thread', native1));
  console.log(row(`browser ffmpeg.wasm multi-threaded (${threads})`, mt.seconds));
  console.log(row('browser ffmpeg.wasm single-threaded', st.seconds));
  console.log(`\nratio browser/native throughput: multi-threaded ${(native / mt.seconds).toFixed(3)}, single-threaded vs 1-thread native ${(native1 / st.seconds).toFixed(3)}`);
} finally {
  await browser.close();
  for (const s of servers) s.close();
}
