// npm run bench:ingest — sampled frames/s of the browser ingest in system Chromium, by each decoder:
// WebCodecs (mediabunny + VideoDecoder + OffscreenCanvas), ffmpeg.wasm multi-threaded and single-threaded,
// against native ffmpeg (2 threads and 1) running the very same command line on the same file, same run.
// Then a long case (BENCH_LONG_MINUTES, default 10, 1080p, made here and never committed) through WebCodecs,
// sampling the renderer's and GPU process's memory and the JS heaps while it runs: memory must stay flat.
// BENCH_SECONDS sets the short file's length (default 30); BENCH_LONG_MINUTES=0 (or BENCH_CASES=short) skips the long case; BENCH_PORT
// (default 4180, and the next one) where the builds are served.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { VideoRecord } from '../src/state/videoRecord';
import { addAndAwaitDecoded, ensureBuild, launchChromium, openApp, pauseFeatures, serveDist } from './lib/browser';
import { chromiumCpu, chromiumMemory } from './lib/processes';

interface Api {
  __frameAtlas: { videos(): VideoRecord[]; sampleArgs(input: string, threads: number): string[] };
}
type Decoder = 'webcodecs' | 'ffmpeg';

const OUT = resolve('bench/.out');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const LONG_MINUTES = Number(process.env.BENCH_LONG_MINUTES ?? 10);
const VIDEO = join(OUT, `bench-1080p-${SECONDS}s.mp4`);
const LONG_VIDEO = join(OUT, `bench-1080p-${LONG_MINUTES}min.mp4`);
const ffmpeg = (args: string[]) => execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args]);

mkdirSync(OUT, { recursive: true });
ensureBuild();
if (!existsSync(VIDEO)) {
  console.log(`generating ${VIDEO} (1920×1080, 30 fps, ${SECONDS} s, h264 with film-like noise)…`);
  ffmpeg(['-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=30:duration=${SECONDS},noise=alls=12:allf=t+u`,
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p', VIDEO]);
}
const sourceFrames = SECONDS * 30;

/** The long file: one minute encoded, then copied end to end (concat demuxer, no re-encoding). */
function ensureLongVideo(): void {
  if (existsSync(LONG_VIDEO)) return;
  console.log(`generating ${LONG_VIDEO} (1920×1080, 30 fps, ${LONG_MINUTES} min: one minute encoded, repeated by stream copy)…`);
  const minute = join(OUT, 'bench-1080p-1min.mp4');
  if (!existsSync(minute)) {
    ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=1920x1080:rate=30:duration=60', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p', '-g', '60', minute]);
  }
  const list = join(OUT, 'long.txt');
  writeFileSync(list, Array.from({ length: LONG_MINUTES }, () => `file '${minute}'`).join('\n'));
  ffmpeg(['-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', LONG_VIDEO]);
  rmSync(list);
}

/** Sets the decoder (and format) in the Settings panel, as a user would; features are paused (the ingest alone). */
async function configure(page: Page, decoder: Decoder, format: 'webp' | 'jpeg'): Promise<void> {
  await pauseFeatures(page); // feature extraction would run beside the decoding and take its cores
  await page.getByTestId('settings-toggle').click();
  await page.getByTestId('decoder').selectOption(decoder);
  await page.getByTestId('image-format').selectOption(format);
  await page.getByTestId('settings-toggle').click();
}

interface BrowserRun { seconds: number; cpu: number; cpuSplit: string; frames: number; path: string; reason: string; encodeWait: number | null; draw: number | null }

async function ingestOnce(page: Page, file: string, timeout: number): Promise<VideoRecord> {
  const row = await addAndAwaitDecoded(page, file, timeout);
  const [v] = await page.evaluate(() => (window as unknown as Api).__frameAtlas.videos());
  if (v!.status !== 'done') throw new Error(`browser ingest ended ${v!.status}: ${v!.reason}`);
  await row.getByTestId('video-remove').click();
  await row.waitFor({ state: 'detached' });
  return v!;
}

/** Watches the worker's closing line on the WebCodecs path: how long decoding waited for thumbnail encodes. */
function watchEncodeWaits(page: Page): { wait: number; draw: number }[] {
  const waits: { wait: number; draw: number }[] = [];
  page.on('console', (m) => {
    const w = /waited ([\d.]+) s on thumbnail encoding, drew thumbnails for ([\d.]+) s/.exec(m.text());
    if (w) waits.push({ wait: Number(w[1]), draw: Number(w[2]) });
  });
  return waits;
}

async function browserRun(browser: Browser, port: number, decoder: Decoder, format: 'webp' | 'jpeg' = 'webp', runs = 2): Promise<BrowserRun> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await openApp(page, port);
  await configure(page, decoder, format);
  const waits = watchEncodeWaits(page);
  let best: BrowserRun | null = null;
  for (let i = 0; i < runs; i++) {
    const cpu0 = chromiumCpu();
    const v = await ingestOnce(page, VIDEO, 1_200_000);
    const cpu1 = chromiumCpu();
    const cpu = cpu1.total - cpu0.total;
    if (!best || v.decodeSeconds! < best.seconds) {
      best = { seconds: v.decodeSeconds!, cpu, cpuSplit: cpuSplit(cpu0.byType, cpu1.byType), frames: v.frames, path: v.decodePath ?? '?', reason: v.decodeReason ?? '', encodeWait: waits.at(-1)?.wait ?? null, draw: waits.at(-1)?.draw ?? null };
    }
  }
  await context.close();
  if (best!.path !== decoder) throw new Error(`asked for ${decoder}, ingested by ${best!.path} (${best!.reason})`);
  return best!;
}

/** Best wall time of native ffmpeg on the app's command line, and the CPU seconds (user + system) of that run. */
function nativeRun(args: string[], threads: number, runs = 3, input = VIDEO): { seconds: number; cpu: number } {
  const cmd = args.map((a) => (a === 'INPUT' ? input : a));
  cmd[cmd.indexOf('-threads') + 1] = String(threads);
  cmd[cmd.length - 1] = '-'; // the frame device becomes a pipe we discard
  let best = { seconds: Infinity, cpu: 0 };
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    // bash's `time` gives the child's CPU seconds.
    const r = spawnSync('bash', ['-c', 'TIMEFORMAT="%U %S"; time "$@" >/dev/null 2>&1', 'bash', 'ffmpeg', '-y', ...cmd], { encoding: 'utf8', maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(`native ffmpeg failed (${r.status})`);
    const seconds = (performance.now() - t0) / 1000;
    const [user, sys] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
    if (seconds < best.seconds) best = { seconds, cpu: user! + sys! };
  }
  return best;
}

const cpuSplit = (a: Record<string, number>, b: Record<string, number>): string =>
  Object.keys(b).map((k) => `${k} ${(b[k]! - (a[k] ?? 0)).toFixed(2)}`).join(', ');

type Cdp = { send(method: string, params?: object): Promise<unknown>; on(event: string, f: (e: never) => void): void };

/** JS heap in use (MiB): the page's, and its workers' (reached through the browser's CDP target sessions). */
async function jsHeaps(pageCdp: Cdp, browserCdp: Cdp): Promise<{ page: number; workers: number }> {
  const { metrics } = (await pageCdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  const { targetInfos } = (await browserCdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string }[] };
  let workers = 0;
  for (const t of targetInfos.filter((x) => x.type === 'worker')) {
    const { sessionId } = (await browserCdp.send('Target.attachToTarget', { targetId: t.targetId, flatten: false }).catch(() => ({ sessionId: null }))) as { sessionId: string | null };
    if (!sessionId) continue;
    const reply = new Promise<number>((resolve) => {
      const timer = setTimeout(() => resolve(0), 2000);
      browserCdp.on('Target.receivedMessageFromTarget', (e: { sessionId: string; message: string }) => {
        if (e.sessionId !== sessionId) return;
        const m = JSON.parse(e.message) as { id?: number; result?: { usedSize: number } };
        if (m.id === 1) {
          clearTimeout(timer);
          resolve(m.result?.usedSize ?? 0);
        }
      });
    });
    await browserCdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: 1, method: 'Runtime.getHeapUsage' }) }).catch(() => undefined);
    workers += await reply;
    await browserCdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
  }
  return { page: used / 2 ** 20, workers: workers / 2 ** 20 };
}

async function longRun(browser: Browser, port: number): Promise<void> {
  ensureLongVideo();
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = (await context.newCDPSession(page)) as unknown as Cdp;
  await cdp.send('Performance.enable');
  const browserCdp = (await browser.newBrowserCDPSession()) as unknown as Cdp;
  await openApp(page, port);
  await configure(page, 'webcodecs', 'webp');
  const samples: { t: number; frames: number; renderer: number; gpu: number; page: number; workers: number }[] = [];
  const t0 = performance.now();
  await page.getByTestId('add-videos').setInputFiles(LONG_VIDEO);
  const row = page.locator('[data-testid=video-row]');
  for (;;) {
    const status = await row.getAttribute('data-status');
    const frames = Number(await row.getAttribute('data-frames'));
    samples.push({ t: (performance.now() - t0) / 1000, frames, ...chromiumMemory(), ...(await jsHeaps(cdp, browserCdp)) });
    if (status === 'done' || status === 'partial' || status === 'error') break;
    await page.waitForTimeout(2000);
  }
  const [v] = await page.evaluate(() => (window as unknown as Api).__frameAtlas.videos());
  const args = await page.evaluate(() => (window as unknown as Api).__frameAtlas.sampleArgs('INPUT', 2));
  await context.close();
  const native = nativeRun(args, 2, 1, LONG_VIDEO);
  const peak = (k: 'renderer' | 'gpu' | 'page' | 'workers') => Math.max(...samples.map((s) => s[k]));
  const at = (f: number) => samples[Math.min(samples.length - 1, Math.floor(f * (samples.length - 1)))]!;
  console.log(`\nlong case: ${LONG_VIDEO}: ${LONG_MINUTES * 60 * 30} source frames → ${v!.frames} kept, ${v!.status} by ${v!.decodePath} in ${v!.decodeSeconds!.toFixed(1)} s `
    + `(${((LONG_MINUTES * 60 * 30) / v!.decodeSeconds!).toFixed(0)} decoded f/s); native ffmpeg (2 threads, same sampling) ${native.seconds.toFixed(1)} s, `
    + `${native.cpu.toFixed(0)} CPU s: the app takes ${(v!.decodeSeconds! / native.seconds).toFixed(2)}× its time`);
  console.log(`memory while it ran (${samples.length} samples every 2 s), MiB: renderer RSS peak ${peak('renderer').toFixed(0)}, GPU process RSS peak ${peak('gpu').toFixed(0)}, `
    + `page JS heap peak ${peak('page').toFixed(1)}, workers' JS heaps peak ${peak('workers').toFixed(1)}`);
  console.log(`${'at'.padEnd(6)} ${'frames'.padStart(7)} ${'renderer'.padStart(9)} ${'gpu'.padStart(6)} ${'page heap'.padStart(10)} ${'workers heap'.padStart(12)}`);
  for (const f of [0.1, 0.25, 0.5, 0.75, 1]) {
    const s = at(f);
    console.log(`${`${Math.round(f * 100)} %`.padEnd(6)} ${String(s.frames).padStart(7)} ${s.renderer.toFixed(0).padStart(9)} ${s.gpu.toFixed(0).padStart(6)} ${s.page.toFixed(1).padStart(10)} ${s.workers.toFixed(1).padStart(12)}`);
  }
}

const PORT = Number(process.env.BENCH_PORT ?? 4180);
const CASES = (process.env.BENCH_CASES ?? 'short,long').split(',');
const servers = [await serveDist(PORT, true), await serveDist(PORT + 1, false)];
const browser = await launchChromium();
try {
  if (CASES.includes('short')) await shortRuns(browser);
  if (LONG_MINUTES > 0 && CASES.includes('long')) await longRun(browser, PORT);
} finally {
  await browser.close();
  for (const s of servers) s.close();
}

async function shortRuns(browser: Browser): Promise<void> {
  const wc = await browserRun(browser, PORT, 'webcodecs');
  const wcJpeg = await browserRun(browser, PORT, 'webcodecs', 'jpeg');
  const mt = await browserRun(browser, PORT, 'ffmpeg');
  const st = await browserRun(browser, PORT + 1, 'ffmpeg');
  const context = await browser.newContext();
  const page = await context.newPage();
  await openApp(page, PORT);
  const args = await page.evaluate(() => (window as unknown as Api).__frameAtlas.sampleArgs('INPUT', 2));
  await context.close();
  const n2 = nativeRun(args, 2);
  const n1 = nativeRun(args, 1);
  const native2 = n2.seconds, native1 = n1.seconds;
  const kept = wc.frames;
  const row = (name: string, s: number, cpu: number) => `${name.padEnd(44)} ${s.toFixed(2).padStart(8)} s ${(kept / s).toFixed(1).padStart(9)} ${(sourceFrames / s).toFixed(1).padStart(10)} ${(native2 / s).toFixed(3).padStart(10)} ${cpu.toFixed(2).padStart(9)} s ${(n2.cpu / cpu).toFixed(3).padStart(10)}`;
  console.log(`\ningest benchmark: ${VIDEO}\n${sourceFrames} source frames 1920×1080 → ${kept} kept frames (every 20th, 300 px high, WebP q80); best of 2 browser / 3 native runs`);
  console.log(`load average now ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}: on a busy machine trust the CPU-time columns more than wall time`);
  console.log(`${'run'.padEnd(44)} ${'time'.padStart(10)} ${'kept f/s'.padStart(9)} ${'decoded f/s'.padStart(10)} ${'vs native 2'.padStart(10)} ${'CPU'.padStart(11)} ${'CPU vs n2'.padStart(10)}`);
  console.log(row('native ffmpeg, 2 threads', native2, n2.cpu));
  console.log(row('native ffmpeg, 1 thread', native1, n1.cpu));
  console.log(row(`browser WebCodecs (${wc.reason.replace(/^WebCodecs · (\w+).*/, '$1')})`, wc.seconds, wc.cpu));
  console.log(row('browser WebCodecs, JPEG instead of WebP', wcJpeg.seconds, wcJpeg.cpu));
  console.log(row(`browser ffmpeg.wasm multi-threaded`, mt.seconds, mt.cpu));
  console.log(row('browser ffmpeg.wasm single-threaded', st.seconds, st.cpu));
  console.log(`\nratios (throughput): WebCodecs / native 2 threads ${(native2 / wc.seconds).toFixed(3)}, WebCodecs / native 1 thread ${(native1 / wc.seconds).toFixed(3)}, `
    + `WebCodecs / ffmpeg.wasm multi-threaded ${(mt.seconds / wc.seconds).toFixed(2)}×, ffmpeg.wasm multi-threaded / native 2 threads ${(native2 / mt.seconds).toFixed(3)}, `
    + `single-threaded / native 1 thread ${(native1 / st.seconds).toFixed(3)}`);
  console.log(`CPU seconds per file: native 2 threads ${n2.cpu.toFixed(2)}, WebCodecs ${wc.cpu.toFixed(2)} (${(n2.cpu / wc.cpu).toFixed(3)} of native's efficiency; by process: ${wc.cpuSplit}), `
    + `ffmpeg.wasm multi-threaded ${mt.cpu.toFixed(2)} (${(n2.cpu / mt.cpu).toFixed(3)}; ${mt.cpuSplit})`);
  console.log(`thumbnails on the WebCodecs path (${kept} of them): making them (plane copy, scaling, colour conversion; wall time, overlapping decoding) took ${wc.draw?.toFixed(2) ?? '?'} s of ${wc.seconds.toFixed(2)} s; `
    + `decoding waited ${wc.encodeWait?.toFixed(2) ?? '?'} s for WebP encodes (${wcJpeg.encodeWait?.toFixed(2) ?? '?'} s of ${wcJpeg.seconds.toFixed(2)} s with JPEG)`);
}
