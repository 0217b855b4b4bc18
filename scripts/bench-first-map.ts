// npm run bench:first-map — how long a person waits for a map after dropping a long 1080p file: the time to the
// first map (the map shows frames) and to the complete map (every sampled frame placed), with the time each stage
// finished, against the same file through the ingest alone (features paused, no first look: issue 22 asks for the
// complete map within 1.2× of that) and native ffmpeg (2 threads) decoding the same dense sampling, in the same run.
// BENCH_MINUTES=10,60 (default 10): 1920×1080 h264 at 30 fps with film-like noise, one minute encoded and repeated by
// stream copy (made here into bench/.out, never committed). BENCH_FIRST_LOOK=off: without the first look (Settings),
// to compare. BENCH_PORT (default 4184). On Linux it also prints where the browser's CPU time went (scripts/lib/cpuTime.ts)
// in each phase and in the ingest alone: what the fill costs beyond decoding, by part of the browser.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { addAndAwaitDecoded, ensureBuild, launchChromium, openApp, pauseFeatures, serveDist } from './lib/browser';
import { browserCpu, cpuSince, describeCpu, type CpuTimes } from './lib/cpuTime';
import { testApi } from '../e2e/testApi';

const OUT = resolve('bench/.out');
const MINUTES = (process.env.BENCH_MINUTES ?? '10').split(',').map(Number).filter((m) => m > 0);
const PORT = Number(process.env.BENCH_PORT ?? 4184);
const FIRST_LOOK = process.env.BENCH_FIRST_LOOK !== 'off';
const ffmpeg = (args: string[]) => execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args]);

/** N minutes of 1080p: one noisy minute (a key frame every 1.6 s, as cameras do) copied end to end. */
function video(minutes: number): string {
  const file = join(OUT, `first-map-1080p-${minutes}min.mp4`);
  if (existsSync(file)) return file;
  const minute = join(OUT, 'first-map-1080p-1min.mp4');
  if (!existsSync(minute)) {
    console.log('encoding one minute of 1920×1080 h264 with film-like noise…');
    ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=1920x1080:rate=30:duration=60,noise=alls=12:allf=t+u',
      '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-g', '48', '-pix_fmt', 'yuv420p', minute]);
  }
  const list = join(OUT, 'first-map.txt');
  writeFileSync(list, Array.from({ length: minutes }, () => `file '${minute}'`).join('\n'));
  ffmpeg(['-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', file]);
  rmSync(list);
  return file;
}

/** Native ffmpeg, 2 threads, the app's own sampling command line (test API `sampleArgs`), output discarded. */
function native(args: string[], file: string): number {
  const cmd = args.map((a) => (a === 'INPUT' ? file : a));
  cmd[cmd.length - 1] = '-';
  const t0 = performance.now();
  const r = spawnSync('ffmpeg', ['-y', ...cmd], { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`native ffmpeg failed (${r.status})`);
  return (performance.now() - t0) / 1000;
}

interface Marks {
  decoded?: number; featured?: number; firstMap?: number; complete?: number; frames: number; placedAtFirst: number;
  /** the browser's CPU time at the drop, the first map and the complete map */
  cpu: CpuTimes[];
}

/** Drops the file and polls the page once a second until every sampled frame is on the map. */
async function run(page: Page, file: string): Promise<Marks> {
  const t0 = performance.now();
  const at = () => (performance.now() - t0) / 1000;
  const marks: Marks = { frames: 0, placedAtFirst: 0, cpu: [browserCpu()] };
  await page.getByTestId('add-videos').setInputFiles(file);
  const row = page.locator('[data-testid=video-row]');
  for (;;) {
    const [status, frames, features, placed, layout] = await Promise.all([
      row.getAttribute('data-status'), row.getAttribute('data-frames'), row.getAttribute('data-features'),
      page.getByTestId('map').getAttribute('data-frames', { timeout: 100 }).catch(() => null),
      page.getByTestId('layout-status').getAttribute('data-state', { timeout: 100 }).catch(() => null),
    ]);
    if (status === 'error') throw new Error(`ingest failed: ${await row.textContent()}`);
    const done = status === 'done' || status === 'partial';
    if (done && marks.decoded === undefined) marks.decoded = at();
    marks.frames = Number(frames);
    if (done && Number(features) === marks.frames && marks.featured === undefined) marks.featured = at();
    if (Number(placed) > 0 && marks.firstMap === undefined) {
      [marks.firstMap, marks.placedAtFirst] = [at(), Number(placed)];
      marks.cpu.push(browserCpu());
    }
    if (done && layout === 'ready' && Number(placed) === marks.frames) {
      marks.complete = at();
      marks.cpu.push(browserCpu());
      return marks;
    }
    if (at() > 7200) throw new Error('no complete map after two hours');
    await page.waitForTimeout(1000);
  }
}

/** The same file through the ingest alone, as bench:ingest runs it: features paused, no first look; until decoded. */
async function ingestAlone(page: Page, file: string): Promise<{ seconds: number; cpu: CpuTimes }> {
  await pauseFeatures(page);
  await setFirstLook(page, false);
  const t0 = performance.now();
  const cpu = browserCpu();
  const row = await addAndAwaitDecoded(page, file, 7_200_000);
  if ((await row.getAttribute('data-status')) === 'error') throw new Error(`ingest alone failed: ${await row.textContent()}`);
  return { seconds: (performance.now() - t0) / 1000, cpu: cpuSince(cpu) };
}

async function setFirstLook(page: Page, on: boolean): Promise<void> {
  await page.getByTestId('settings-toggle').click();
  await page.getByTestId('first-look-setting').setChecked(on);
  await page.getByTestId('settings-toggle').click();
}

async function openedPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await openApp(page, PORT);
  return page;
}

mkdirSync(OUT, { recursive: true });
ensureBuild();
const server = await serveDist(PORT, true);
const browser = await launchChromium();
try {
  const rows: string[] = [];
  for (const minutes of MINUTES) {
    const file = video(minutes);
    const context = await browser.newContext(); // a fresh profile: empty library
    const page = await openedPage(context);
    if (!FIRST_LOOK) await setFirstLook(page, false);
    const args = await testApi(page).sampleArgs('INPUT', 2);
    const m = await run(page, file);
    const { model, backend } = await testApi(page).featureState();
    const layout = (await testApi(page).layout())?.meta;
    await context.close();
    const alone = await browser.newContext();
    const { seconds: a, cpu: aloneCpu } = await ingestAlone(await openedPage(alone), file);
    await alone.close();
    const n = native(args, file);
    const f = (s: number | undefined) => (s === undefined ? '—' : s.toFixed(0)).padStart(7);
    console.log(`\n${minutes} min 1080p (${file}): ${m.frames} sampled frames; features ${model?.value} on ${backend?.value}; first look ${FIRST_LOOK ? 'on' : 'off'}`);
    if (layout) {
      const q = layout.quality, d = (v: number) => v.toFixed(3);
      console.log(`final layout: ${layout.epochs} epochs${layout.warmStarted ? ' (warm-started)' : ''} on ${layout.backend}, ${layout.seconds.toFixed(1)} s; ` +
        `trustworthiness ${d(q.trustworthiness)}, continuity ${d(q.continuity)}, ${q.k}-NN recall ${d(q.recall)}`);
    }
    // Where the cores went: what the fill costs beyond the ingest alone, by part of the browser.
    const cores = os.availableParallelism();
    const [drop, first, complete] = m.cpu;
    if (first && complete) {
      console.log(`CPU, drop → first map: ${describeCpu(cpuSince(drop!, first), m.firstMap!, cores)}`);
      console.log(`CPU, first map → complete: ${describeCpu(cpuSince(first, complete), m.complete! - m.firstMap!, cores)}`);
    }
    console.log(`CPU, ingest alone: ${describeCpu(aloneCpu, a, cores)}`);
    rows.push(`${`${minutes} min`.padEnd(8)} ${String(m.frames).padStart(7)} ${f(m.decoded)} ${f(m.featured)} ${f(m.firstMap)} ${String(m.placedAtFirst).padStart(8)} ${f(m.complete)} ${f(a)} ${(m.complete! / a).toFixed(2).padStart(8)} ${n.toFixed(0).padStart(7)} ${(m.complete! / n).toFixed(2).padStart(9)}`);
  }
  console.log('\nseconds from the drop; alone = the same file through the ingest alone (features paused, no first look), native = ffmpeg');
  console.log('decoding the same sampling with 2 threads; all in the same run');
  console.log(`${'file'.padEnd(8)} ${'frames'.padStart(7)} ${'decoded'.padStart(7)} ${'featured'.padStart(7)} ${'1st map'.padStart(7)} ${'(frames)'.padStart(8)} ${'complete'.padStart(7)} ${'alone'.padStart(7)} ${'÷ alone'.padStart(8)} ${'native'.padStart(7)} ${'÷ native'.padStart(9)}`);
  for (const r of rows) console.log(r);
} finally {
  await browser.close();
  server.close();
}
