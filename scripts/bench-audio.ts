// npm run bench:audio — how fast a video's sound is read (decoded, mixed to mono, resampled to 16 kHz, stored as
// μ-law) by each decoder in system Chromium, and how fast its descriptors are computed (the search worker's first
// sound query), in audio seconds per second; beside native ffmpeg (2 threads) decoding the same track to the same
// output in the same run, and Node running the same descriptor code over that output (no native build of meyda).
// BENCH_MINUTES (default 10): a small 10 fps picture with 48 kHz stereo AAC at 128 kb/s of pink noise and a tone
// (made here into bench/.out, never committed). BENCH_PORT (default 4186).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { ensureBuild, launchChromium, openApp, serveDist } from './lib/browser';
import { testApi } from '../e2e/testApi';
import { analysisFrames } from '../src/stages/sound';

const OUT = resolve('bench/.out');
const MINUTES = Number(process.env.BENCH_MINUTES ?? 10);
const PORT = Number(process.env.BENCH_PORT ?? 4186);
const RATE = 16_000;
const FILE = join(OUT, `audio-${MINUTES}min.mp4`);
const NATIVE_ARGS = ['-map', '0:a:0', '-vn', '-af', 'aresample=async=1:first_pts=0', '-ac', '1', '-ar', String(RATE), '-c:a', 'pcm_mulaw', '-f', 'mulaw'];

mkdirSync(OUT, { recursive: true });
if (!existsSync(FILE)) {
  console.log(`generating ${FILE} (${MINUTES} min, 320×180 at 10 fps, 48 kHz stereo AAC 128 kb/s)…`);
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc=size=320x180:rate=10:duration=${MINUTES * 60}`,
    '-f', 'lavfi', '-i', `anoisesrc=color=pink:amplitude=0.3:sample_rate=48000:duration=${MINUTES * 60}`,
    '-f', 'lavfi', '-i', `sine=frequency=330:sample_rate=48000:duration=${MINUTES * 60}`,
    '-filter_complex', '[1:a][2:a]amerge=inputs=2[a]', '-map', '0:v', '-map', '[a]',
    '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '128k', FILE]);
}
ensureBuild();

/** Best of three: native ffmpeg (2 threads) reading the track into the stored format. */
function native(): { seconds: number; bytes: Buffer } {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const r = spawnSync('ffmpeg', ['-v', 'error', '-threads', '2', '-i', FILE, ...NATIVE_ARGS, '-y', '/dev/null']);
    if (r.status !== 0) throw new Error(`native ffmpeg failed (${r.status})`);
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return { seconds: best, bytes: execFileSync('ffmpeg', ['-v', 'error', '-i', FILE, ...NATIVE_ARGS, 'pipe:1'], { maxBuffer: 1 << 30 }) };
}

/** Adds the file with the decoder chosen in Settings; the sound read's own time, then the descriptors' (search). */
async function app(page: Page, decoder: 'webcodecs' | 'ffmpeg'): Promise<{ read: number; path: string; audio: number; describe: number }> {
  await page.getByTestId('settings-toggle').click();
  await page.getByTestId('decoder').selectOption(decoder);
  await page.getByTestId('settings-toggle').click();
  await page.getByTestId('add-videos').setInputFiles(FILE);
  const api = testApi(page);
  await page.waitForFunction(() => window.__frameAtlas.videos()[0]?.sound?.decodeSeconds !== undefined, null, { timeout: 3_600_000, polling: 1000 });
  const sound = (await api.videos())[0]!.sound!;
  if (sound.state !== 'done') throw new Error(`the sound was not read: ${sound.state} ${sound.reason}`);
  await page.getByTestId('layout-status').and(page.locator('[data-state=ready]')).waitFor({ timeout: 3_600_000 });
  if (!(await page.getByTestId('search-panel').isVisible())) await page.getByTestId('search-toggle').click();
  await page.getByTestId('search-video').selectOption({ index: 1 });
  await page.getByTestId('similar-measure').selectOption('sound');
  const status = page.getByTestId('sound-status');
  await status.and(page.locator('[data-state=done]')).waitFor({ timeout: 3_600_000 });
  const ms = Number(/\((\d+) ms\)/.exec((await status.textContent()) ?? '')?.[1]);
  return { read: sound.decodeSeconds!, path: sound.path!, audio: sound.seconds, describe: ms / 1000 };
}

const server = await serveDist(PORT, true);
const browser = await launchChromium();
try {
  const rows: string[] = [];
  const n = native();
  const audioSeconds = n.bytes.length / RATE;
  const t0 = performance.now();
  analysisFrames(new Uint8Array(n.bytes), RATE);
  const node = (performance.now() - t0) / 1000;
  for (const decoder of ['webcodecs', 'ffmpeg'] as const) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await openApp(page, PORT);
    const r = await app(page, decoder);
    await context.close();
    if (r.path !== decoder) throw new Error(`asked for ${decoder}, read by ${r.path}`);
    rows.push(`| read the sound, ${decoder} | ${(r.audio / r.read).toFixed(0)} s/s (${r.read.toFixed(1)} s) | ${(audioSeconds / n.seconds).toFixed(0)} s/s (${n.seconds.toFixed(1)} s) | ${(r.read / n.seconds).toFixed(2)}× |`);
    rows.push(`| descriptors (after a ${decoder} read) | ${(r.audio / r.describe).toFixed(0)} s/s (${r.describe.toFixed(1)} s) | Node, same code: ${(audioSeconds / node).toFixed(0)} s/s (${node.toFixed(1)} s) | ${(r.describe / node).toFixed(2)}× |`);
  }
  console.log(`\n${MINUTES} min of 48 kHz stereo AAC (${audioSeconds.toFixed(0)} s stored at 16 kHz)\n`);
  console.log('| what | Frame Atlas | native | ratio |\n| --- | ---: | ---: | ---: |');
  for (const r of rows) console.log(r);
} finally {
  await browser.close();
  server.close();
}
