// Native ffmpeg is the oracle for ingest: every fixture, including files shaped like real cameras' and
// archives' (variable frame rate, rotation, non-square pixels, interlacing, a black start, BT.709 and HDR colour), must give the
// same kept frames at the same source times, and pictures close to native's frames at those times.
// Both decoders are held to it (WebCodecs while leaving out the pictures it need not decode): with the decoder
// on `auto` every fixture the WebCodecs path accepts must go through it (the row's data-decode-path) and still
// match; forced to ffmpeg.wasm, every fixture must match too.
// A file damaged mid-way makes WebCodecs fail: it must start over on ffmpeg.wasm, with ffmpeg's frames and verdict.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { showinfoTime } from '../src/stages/ingest/ffmpegLog';
import { DAMAGED, FIXTURE_DIR, GOOD_VIDEOS, REAL_WORLD, type VideoFixture } from './fixtures';
import type { Page } from '@playwright/test';
import { LibraryPage } from './library.page';
import { expect, test } from './test';

/** Luma PSNR a stored (WebP q80) frame must reach against native's lossless one; the neighbouring source frame scores ~25 dB. */
const MIN_PSNR = 30;

interface NativeRun {
  times: number[];
  /** lossless frames, in order */
  files: string[];
}

/** The app's own command line, run by the system ffmpeg, writing PNGs instead of the stored format. */
function nativeSample(args: string[], input: string, dir: string): NativeRun & { log: string } {
  const codecAt = args.indexOf('-c:v');
  const cmd = [...args.slice(0, codecAt), '-c:v', 'png', '-f', 'image2', join(dir, '%05d.png')].map((a) => (a === 'INPUT' ? input : a));
  const r = spawnSync('ffmpeg', ['-y', ...cmd], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`native ffmpeg failed on ${input}: ${r.stderr.slice(-2000)}`);
  const times = r.stderr.split('\n').map(showinfoTime).filter((t): t is number => t !== null);
  const files = readdirSync(dir).filter((f) => f.endsWith('.png')).sort().map((f) => join(dir, f));
  return { times, files, log: r.stderr };
}

/** Per-frame luma PSNR of two image sequences of the same size. */
function lumaPsnr(a: string, b: string, statsFile: string): number[] {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', a, '-i', b,
    '-lavfi', `[0:v]format=gray[x];[1:v]format=gray[y];[x][y]psnr=stats_file=${statsFile}`, '-f', 'null', '-']);
  return readFileSync(statsFile, 'utf8').trim().split('\n').map((l) => {
    const m = /psnr_avg:(\S+)/.exec(l);
    return m![1] === 'inf' ? Infinity : Number(m![1]);
  });
}

const pngSize = (file: string): [number, number] => {
  const b = readFileSync(file);
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
};

type Fixture = VideoFixture & { trait?: string; displayWidth?: number; displayHeight?: number };

/** Sets the decoder in the Settings panel (persisted like the other ingest settings). */
async function useDecoder(page: Page, decoder: 'auto' | 'webcodecs' | 'ffmpeg'): Promise<void> {
  await page.getByTestId('settings-toggle').click();
  await page.getByTestId('decoder').selectOption(decoder);
  await page.getByTestId('settings-toggle').click();
}

async function matchesNative(lib: LibraryPage, videos: Fixture[], expectPath: (v: Fixture) => 'webcodecs' | 'ffmpeg', label: string): Promise<void> {
  await lib.add(videos.map((v) => v.path));
  const args = await lib.sampleArgs('INPUT');
  const work = join(FIXTURE_DIR, 'differential', label);

  for (const v of videos) {
    const row = lib.row(v.name);
    // Complete files are `done` whatever their header promised (the AVI's index counts 444 frames for 70 pictures).
    await expect(row, `${v.name} (${v.trait ?? 'plain'})`).toHaveAttribute('data-status', 'done', { timeout: 400_000 });
    const path = expectPath(v);
    await expect(row, `${v.name}: decoded by ${path}`).toHaveAttribute('data-decode-path', path);
    await expect(row.getByTestId('decode-path')).toContainText(path === 'webcodecs' ? 'WebCodecs' : 'ffmpeg.wasm');

    const dir = join(work, v.name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'app'), { recursive: true });
    const native = nativeSample(args, v.path, dir);
    expect(native.files.length, `native frames of ${v.name}`).toBe(native.times.length);

    const kept = await lib.frames(v.name);
    expect(kept, `${v.name}: kept frames (native ${native.files.length})`).toBe(native.files.length);
    const times = await lib.frameTimes(v.name);
    const oneFrame = 1 / v.fps + 1e-3;
    times.forEach((t, i) => expect(Math.abs(t - native.times[i]!), `${v.name} frame ${i}: ${t} s, native ${native.times[i]} s`).toBeLessThanOrEqual(oneFrame));

    for (let i = 0; i < kept; i++) writeFileSync(join(dir, 'app', `${String(i + 1).padStart(5, '0')}.webp`), await lib.frameBytes(v.name, i));
    const info = await lib.frameInfo(v.name, 0);
    expect([info.width, info.height], `${v.name}: thumbnail size`).toEqual(pngSize(native.files[0]!));
    const [dw, dh] = [v.displayWidth ?? v.width, v.displayHeight ?? v.height];
    expect(info.width, `${v.name}: display aspect ${dw}:${dh}`).toBe(Math.round((150 * dw) / dh) * 2);

    const psnr = lumaPsnr(join(dir, 'app', '%05d.webp'), join(dir, '%05d.png'), join(dir, 'psnr.txt'));
    expect(psnr).toHaveLength(kept);
    const worst = Math.min(...psnr);
    const maxDt = Math.max(0, ...times.map((t, i) => Math.abs(t - native.times[i]!)));
    console.log(`[${label}] ${v.name} (${path}): ${kept} frames, times ${times.slice(0, 4).map((t) => t.toFixed(2)).join(', ')}${kept > 4 ? ' …' : ''} (max |Δt| ${maxDt.toFixed(4)} s); luma PSNR vs native min ${worst.toFixed(1)} dB`);
    expect(worst, `${v.name}: worst frame's luma PSNR against native`).toBeGreaterThanOrEqual(MIN_PSNR);
  }
}

const ALL: Fixture[] = [...GOOD_VIDEOS, ...REAL_WORLD];

test('every fixture ingests as native ffmpeg samples it, through WebCodecs wherever it can: frames, times and pictures', async ({ page }) => {
  test.setTimeout(900_000);
  const lib = new LibraryPage(page);
  await lib.open();
  // The AVIs (cinepak, mpeg4) and MPEG-2 stay on ffmpeg.wasm; H.264 and VP9 in MP4, Matroska and MPEG-TS go through WebCodecs.
  expect(ALL.filter((v) => v.decoder === 'webcodecs').length).toBeGreaterThanOrEqual(7);
  await matchesNative(lib, ALL, (v) => v.decoder!, 'auto');
  // The frames above matched native's although the MP4s' pictures that no kept one needs were never decoded: the
  // non-reference B-frames not kept, and what follows a GOP's last kept picture (not where an open GOP follows).
  for (const name of ['city-h264.mp4', 'edited-vfr.mp4', 'webcam-baseline.mp4', 'open-gop.mp4']) {
    const leftOut = Number(await lib.row(name).getAttribute('data-left-out'));
    expect(leftOut, `${name}: pictures left out of the decoder`).toBeGreaterThan(0);
  }
  await expect(lib.row('bars-vp9.webm')).toHaveAttribute('data-left-out', '0');

  // A row's thumbnail is a frame with a picture: past a leading black segment (3 s), frame 0 where that has one.
  const thumbOf = (name: string) => lib.row(name).getByTestId('row-thumb');
  await expect(thumbOf('leading-black.mp4')).toHaveAttribute('data-frame', /^\d+$/);
  const shown = Number(await thumbOf('leading-black.mp4').getAttribute('data-frame'));
  expect((await lib.frameTimes('leading-black.mp4'))[shown]).toBeGreaterThanOrEqual(3);
  await expect(thumbOf(GOOD_VIDEOS[0]!.name)).toHaveAttribute('data-frame', '0');
});

test('forced to ffmpeg.wasm, every fixture still ingests as native ffmpeg samples it', async ({ page }) => {
  test.setTimeout(900_000);
  const lib = new LibraryPage(page);
  await lib.open();
  await useDecoder(page, 'ffmpeg');
  // One drop of every fixture: on one ffmpeg.wasm core the 14th video's pass trapped ("memory access out of bounds",
  // or a hang when the fault is on a decoding thread); the worker now replaces its core before that (coreRecycler.ts).
  await matchesNative(lib, ALL, () => 'ffmpeg', 'ffmpeg');
  await expect(lib.row(ALL[0]!.name).getByTestId('decode-path')).toHaveText('ffmpeg.wasm: forced in settings');
});

test('a packet damaged mid-file: WebCodecs gives up, ffmpeg.wasm decodes the file again from the start with native ffmpeg\'s frames and verdict', async ({ page }) => {
  test.setTimeout(300_000);
  const lib = new LibraryPage(page);
  await lib.open();
  await lib.add([DAMAGED.path]);
  const row = lib.row(DAMAGED.name);
  await expect(row).toHaveAttribute('data-status', /^(done|partial)$/, { timeout: 200_000 });
  await expect(row).toHaveAttribute('data-decode-path', 'ffmpeg');
  await expect(row.getByTestId('decode-path')).toContainText('ffmpeg.wasm: WebCodecs failed');

  const dir = join(FIXTURE_DIR, 'differential', 'damaged');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const native = nativeSample(await lib.sampleArgs('INPUT'), DAMAGED.path, dir);
  // Native ffmpeg names the damage and decodes every other frame: ingest says partial, as the ffmpeg.wasm path does.
  expect(native.log).toMatch(/Invalid NAL unit size/);
  await expect(row).toHaveAttribute('data-status', 'partial');
  await expect(row.getByTestId('video-error')).toContainText('damaged');

  // Not one frame twice: the pack was emptied before ffmpeg.wasm started, so it holds exactly native's frames.
  const times = await lib.frameTimes(DAMAGED.name);
  expect(times.length).toBe(native.times.length);
  times.forEach((t, i) => expect(Math.abs(t - native.times[i]!), `frame ${i}`).toBeLessThanOrEqual(1 / DAMAGED.fps + 1e-3));
  for (let i = 1; i < times.length; i++) expect(times[i]!, `frame ${i} after frame ${i - 1}`).toBeGreaterThan(times[i - 1]!);
  expect(await lib.frames(DAMAGED.name)).toBe(native.files.length);
});
