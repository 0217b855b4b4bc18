// Sound in real Chromium: eight videos that look the same (one test pattern) and differ only in their sound (speech
// by espeak-ng, tones, noise; one without a track, one digitally silent), through both decoders and AAC, Opus,
// Vorbis and PCM. The stored sound matches native ffmpeg's decode of the same track; each video's twin by kind
// ranks first under the sound measure; the combined measure weighs the two; "sounds like it" finds the same kind.
import { execFileSync } from 'node:child_process';
import { expect, test, type Page } from './test';
import { ensureSoundVideos, type SoundVideo } from './fixtures';
import { LibraryPage } from './library.page';
import { muLawDecode } from '../src/core/muLaw';

const SLOW = { timeout: 600_000 };
const RATE = 16_000;

/** A video's stored sound (μ-law bytes), read from OPFS. */
async function storedSound(page: Page, id: string): Promise<number[]> {
  return page.evaluate(async (vid) => {
    const dir = await (await (await navigator.storage.getDirectory()).getDirectoryHandle('videos')).getDirectoryHandle(vid);
    return Array.from(new Uint8Array(await (await (await dir.getFileHandle('audio.ulaw')).getFile()).arrayBuffer()));
  }, id);
}

/** Native ffmpeg's decode of the same track, as the app stores it: mono, 16 kHz, μ-law, sample 0 at time 0. */
function nativeSound(v: SoundVideo): Uint8Array {
  return new Uint8Array(execFileSync('ffmpeg', ['-v', 'error', '-i', v.path, '-map', '0:a:0', '-af', 'aresample=async=1:first_pts=0', '-ac', '1', '-ar', String(RATE), '-c:a', 'pcm_mulaw', '-f', 'mulaw', 'pipe:1'], { maxBuffer: 1 << 28 }));
}

/** One μ-law byte as a sample (the app's own decoder: what it reads back is what it stored). */
const LINEAR = muLawDecode(Uint8Array.from({ length: 256 }, (_, u) => u));
const linear = (u: number) => LINEAR[u]!;

/**
 * Samples by which ours runs ahead of native (±20 ms searched): decoders disagree by a few ms on where a track
 * starts (Opus's codec delay counts in ffmpeg's start time; the fast path's clock follows the demuxer's).
 */
function lag(ours: ArrayLike<number>, native: ArrayLike<number>): number {
  let best = { lag: 0, err: Infinity };
  for (let l = -320; l <= 320; l += 2) {
    let err = 0;
    for (let i = 4000; i < Math.min(36_000, native.length - 400); i++) err += (linear(ours[i + l] ?? 0xff) - linear(native[i]!)) ** 2;
    if (err < best.err) best = { lag: l, err };
  }
  return best.lag;
}

/** Loudness per 50 ms block (μ-law decoded), from `from`: the envelope two decodes of one track share. */
function envelope(ulaw: ArrayLike<number>, from = 0): number[] {
  const block = RATE / 20;
  return Array.from({ length: Math.floor((ulaw.length - Math.max(0, from)) / block) }, (_, b) => {
    let s = 0;
    for (let i = from + b * block; i < from + (b + 1) * block; i++) s += linear(ulaw[i] ?? 0xff) ** 2;
    return Math.sqrt(s / block);
  });
}

function correlation(a: number[], b: number[]): number {
  const n = Math.min(a.length, b.length);
  const ma = a.slice(0, n).reduce((s, x) => s + x, 0) / n, mb = b.slice(0, n).reduce((s, x) => s + x, 0) / n;
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < n; i++) {
    ab += (a[i]! - ma) * (b[i]! - mb);
    aa += (a[i]! - ma) ** 2;
    bb += (b[i]! - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

/** ‖a − b‖ / ‖b‖ over the blocks both have. */
function relativeError(a: number[], b: number[]): number {
  const n = Math.min(a.length, b.length);
  let d = 0, r = 0;
  for (let i = 0; i < n; i++) {
    d += (a[i]! - b[i]!) ** 2;
    r += b[i]! ** 2;
  }
  return Math.sqrt(d / r);
}

async function ranked(page: Page, name: string): Promise<{ video: string; sound: string; soundSequence: string; combined: number; set: number }[]> {
  await page.getByTestId('search-video').selectOption({ label: name });
  await expect(page.getByTestId('sound-status')).toHaveAttribute('data-state', 'done', SLOW);
  await expect(page.getByTestId('similar-video')).toHaveCount(7, SLOW);
  return page.getByTestId('similar-video').evaluateAll((els) => els.map((e) => {
    const d = (e as HTMLElement).dataset;
    return { video: d.video!, sound: d.sound!, soundSequence: d.soundSequence!, combined: Number(d.combined), set: Number(d.set) };
  }));
}

test('sound: stored as ffmpeg decodes it, videos that sound alike rank first, silent and trackless videos said so', async ({ page, api }) => {
  test.setTimeout(1_200_000);
  const videos = ensureSoundVideos();
  const lib = new LibraryPage(page);
  await lib.open();
  await api.setParams({ sampling: { mode: 'every-nth', n: 10 }, height: 300, format: 'webp', quality: 80 });
  await lib.add(videos.map((v) => v.path));
  await expect(page.getByTestId('layout-status')).toHaveAttribute('data-state', 'ready', SLOW);

  // Each row says what its sound is; the stored sound follows native ffmpeg's decode of the track.
  const want: Record<SoundVideo['kind'], string> = { speech: 'done', tone: 'done', noise: 'done', none: 'none', silent: 'silent' };
  for (const v of videos) {
    await expect(page.getByTestId('video-row').filter({ hasText: v.name }).getByTestId('video-sound')).toHaveAttribute('data-state', want[v.kind], { timeout: 120_000 });
  }
  const records = await api.videos();
  for (const v of videos) {
    const r = records.find((x) => x.name === v.name)!;
    console.log(`${v.name}: ${JSON.stringify(r.sound)}`);
    if (v.kind === 'none') {
      expect(r.sound?.state).toBe('none');
      continue;
    }
    expect(r.sound?.path).toBe(v.audioDecoder);
    const ours = await storedSound(page, r.id);
    const native = nativeSound(v);
    expect(Math.abs(ours.length - native.length) / RATE, `${v.name}: length against native ffmpeg`).toBeLessThanOrEqual(0.05);
    if (v.kind === 'silent') {
      expect(Math.max(...envelope(ours))).toBe(0);
      continue;
    }
    const shift = lag(ours, native);
    const [a, b] = [envelope(ours, shift), envelope(native)];
    const error = relativeError(a, b);
    console.log(`${v.name}: ${ours.length / RATE} s stored, native ${native.length / RATE} s; ours ${(shift / RATE * 1000).toFixed(1)} ms ahead; loudness every 50 ms: correlation ${correlation(a, b).toFixed(4)}, relative error ${error.toFixed(4)}`);
    expect(Math.abs(shift), `${v.name}: start against native ffmpeg`).toBeLessThan(320);
    expect(error, `${v.name}: loudness every 50 ms against native ffmpeg`).toBeLessThan(0.05);
  }

  // Under the sound measure each video's twin by kind comes first; videos without sound come last, said so.
  if (!(await page.getByTestId('search-panel').isVisible())) await page.getByTestId('search-toggle').click();
  await page.getByTestId('search-video').selectOption({ label: videos[0]!.name });
  await page.getByTestId('similar-measure').selectOption('sound');
  for (const v of videos.filter((x) => x.kind === 'speech' || x.kind === 'tone' || x.kind === 'noise')) {
    const list = await ranked(page, v.name);
    console.log(`${v.name}: ${list.map((r) => `${r.video} ${r.sound}`).join(', ')}`);
    const twin = videos.find((x) => x.kind === v.kind && x !== v)!;
    expect(list[0]!.video).toBe(twin.name);
    // in order too: the twin's sequence measure is the best of the others'
    const inOrder = list.filter((r) => r.soundSequence !== 'none').sort((a, b) => Number(b.soundSequence) - Number(a.soundSequence));
    expect(inOrder[0]!.video).toBe(twin.name);
    expect(list.slice(-2).map((r) => r.sound)).toEqual(['none', 'none']);
    expect(new Set(list.slice(-2).map((r) => r.video))).toEqual(new Set(['no-sound.mp4', 'silent.mp4']));
  }
  const trackless = await ranked(page, 'no-sound.mp4');
  expect(trackless.every((r) => r.sound === 'none')).toBe(true);
  await expect(page.getByTestId('similar-video').first()).toContainText('this video has no sound track');

  // Combined: appearance and sound weighed by the slider (no sound counts as unrelated); all sound at 1.
  await page.getByTestId('similar-measure').selectOption('combined');
  const tone = await ranked(page, 'tone-a.mp4');
  for (const r of tone) expect(r.combined).toBeCloseTo(0.5 * r.set + 0.5 * (r.sound === 'none' ? 0 : Number(r.sound)), 3);
  await page.getByTestId('sound-weight').fill('1');
  await expect(page.getByTestId('similar-video').first()).toHaveAttribute('data-video', 'tone-b.avi');

  // "Sounds like it": from a moment of speech, the frames that sound most alike are speech.
  expect(await api.inspectFrame('speech-a.mp4', 10)).toBe(true);
  await page.getByTestId('sounds-like').click();
  await expect(page.getByTestId('search-frames-status')).toHaveAttribute('data-state', 'done', SLOW);
  const hits = await page.getByTestId('search-frame-result').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.video!));
  console.log(`sounds like speech-a.mp4 frame 10: ${hits.join(', ')}`);
  expect(hits.length).toBe(24);
  expect(hits.filter((n) => !n.startsWith('speech-'))).toEqual([]);

  // An audio-only layout: the frames laid out by their sound alone. Only the videos with sound are in it, and each
  // kind of sound lies together: a speech frame is nearer the other speech than the tones or the noise.
  const appearance = (await api.layout())!;
  if ((await page.getByTestId('layout-options').getAttribute('aria-expanded')) !== 'true') await page.getByTestId('layout-options').click();
  await page.getByTestId('layout-source').selectOption('sound');
  const status = page.getByTestId('layout-status');
  await expect(status).toHaveAttribute('data-source', 'sound');
  await expect(status).toHaveAttribute('data-state', 'ready', SLOW);
  await expect(status).toContainText('6 videos with sound');
  const bySound = (await api.layout())!;
  expect(bySound.meta.model).toBe('sound');
  const kindOf = (id: string) => videos.find((v) => v.name === records.find((r) => r.id === id)!.name)!.kind;
  expect(bySound.meta.videos.map((v) => kindOf(v.id)).sort()).toEqual(['noise', 'noise', 'speech', 'speech', 'tone', 'tone']);
  const points: { kind: string; x: number; y: number }[] = [];
  let at = 0;
  for (const v of bySound.meta.videos) {
    for (let i = 0; i < v.frames; i++, at++) points.push({ kind: kindOf(v.id), x: bySound.coords[2 * at]!, y: bySound.coords[2 * at + 1]! });
  }
  const mean = (pairs: number[]) => pairs.reduce((a, b) => a + b, 0) / pairs.length;
  const dist = (a: (typeof points)[0], b: (typeof points)[0]) => Math.hypot(a.x - b.x, a.y - b.y);
  const same = mean(points.flatMap((a, i) => points.slice(i + 1).filter((b) => b.kind === a.kind).map((b) => dist(a, b))));
  const other = mean(points.flatMap((a, i) => points.slice(i + 1).filter((b) => b.kind !== a.kind).map((b) => dist(a, b))));
  console.log(`layout by sound: ${points.length} frames; mean distance within a kind ${same.toFixed(3)}, across kinds ${other.toFixed(3)}`);
  expect(same).toBeLessThan(0.5 * other);
  // Back to appearance: the stored layout comes back as it was (not trained again), all 8 videos in it.
  await page.getByTestId('layout-source').selectOption('appearance');
  await expect(status).toHaveAttribute('data-source', 'appearance');
  await expect(status).toHaveAttribute('data-state', 'ready', SLOW);
  expect((await api.layout())!.meta.createdAt).toBe(appearance.meta.createdAt);

  // After a reload the sound and its descriptors are still there: nothing is read or computed again to answer.
  await page.reload();
  await expect(page.getByTestId('layout-status')).toHaveAttribute('data-state', 'ready', SLOW);
  await expect(page.getByTestId('video-row').filter({ hasText: 'silent.mp4' }).getByTestId('video-sound')).toHaveAttribute('data-state', 'silent');
  if (!(await page.getByTestId('search-panel').isVisible())) await page.getByTestId('search-toggle').click();
  await page.getByTestId('search-video').selectOption({ label: 'noise-b.mp4' });
  await page.getByTestId('similar-measure').selectOption('sound');
  expect((await ranked(page, 'noise-b.mp4'))[0]!.video).toBe('noise-a.mkv');
});
